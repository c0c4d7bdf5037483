use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conversations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub visitor_id: i64,
    pub link_id: Option<i32>,
    /// `web` or `app` (C6).
    pub channel: String,
    /// The app's name, for channel `app`.
    pub channel_name: Option<String>,
    pub status: model::chat::ConversationStatus,
    pub agent_id: Option<i32>,
    pub group_id: Option<i32>,
    pub source_url: Option<String>,
    pub last_seq: i64,
    pub agent_read_seq: i64,
    pub visitor_read_seq: i64,
    pub last_message: Option<String>,
    pub last_line: Option<model::chat::SystemLine>,
    pub started_at: DateTimeUtc,
    pub ended_at: Option<DateTimeUtc>,
    /// When the current agent got the conversation (R10).
    pub assigned_at: Option<DateTimeUtc>,
    /// The current agent's first reply since `assigned_at` (R10).
    pub agent_replied_at: Option<DateTimeUtc>,
    pub last_visitor_at: Option<DateTimeUtc>,
    pub last_agent_at: Option<DateTimeUtc>,
    /// The idle reminder was sent (R2); cleared when either side writes.
    pub idle_reminded_at: Option<DateTimeUtc>,
    /// The unanswered alert fired (R10).
    pub alerted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
