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
    /// A routing rule sent it to this agent (P2); else the link's agent.
    pub target_agent_id: Option<i32>,
    /// The routing rule that decided, for reports to filter on.
    pub route_rule_id: Option<i32>,
    /// JSON of `model::routing::RoutingDecision`: rule, overflow, menu path.
    pub routing: Option<String>,
    /// The navigation menu leaf the visitor picked (P1).
    pub menu_item: Option<String>,
    /// What routing read of the visitor: region, referrer, search.
    pub visitor_region: Option<String>,
    pub referrer_url: Option<String>,
    pub search_engine: Option<String>,
    pub search_keyword: Option<String>,
    /// The conversation started with the FAQ bot (P3).
    pub bot_handled: bool,
    /// Questions in a row the bot could not answer.
    pub bot_failures: i32,
    /// Why the bot handed over: `request` or `failure` (P3).
    pub handoff: Option<String>,
    pub handed_off_at: Option<DateTimeUtc>,
    /// The WeChat/Weibo account a platform conversation came through.
    pub channel_account_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
