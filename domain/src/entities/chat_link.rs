use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "chat_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub group_id: Option<i32>,
    pub agent_id: Option<i32>,
    pub is_default: bool,
    pub created_at: DateTimeUtc,
    /// `off`, `signed` or `encrypted` (`model::identity::IdentityMode`).
    pub identity_mode: String,
    /// 32 random bytes, base64url; shown to the admin once, when made.
    pub identity_secret: Option<String>,
    pub identity_required: bool,
    /// Whether chats through this link start with the bot (`model::bot::
    /// BotMode` key); none: the channel's setting (P3).
    pub bot_mode: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
