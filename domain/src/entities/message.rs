use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conversation_id: i64,
    pub seq: i64,
    pub client_id: String,
    pub sender: model::chat::Sender,
    pub agent_id: Option<i32>,
    pub body: String,
    pub system_line: Option<model::chat::SystemLine>,
    pub internal: bool,
    pub attachment_key: Option<String>,
    pub attachment_name: Option<String>,
    pub attachment_type: Option<String>,
    pub attachment_size: Option<i64>,
    /// JSON of `model::bot::BotReply`, on bot messages (P3).
    pub bot: Option<String>,
    pub created_at: DateTimeUtc,
    /// To a WeChat/Weibo follower: `pending`, `sending`, `sent`, `failed`
    /// (`model::channels::DeliveryState`); `None` for every other message.
    pub delivery: Option<String>,
    pub delivery_error: Option<String>,
    /// When it was sent, failed, or (while `sending`) claimed by a worker.
    pub delivery_at: Option<DateTimeUtc>,
    pub delivery_tries: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
