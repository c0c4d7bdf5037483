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
    /// When the first agent got it (reports' first response, M3).
    pub first_assigned_at: Option<DateTimeUtc>,
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

#[cfg(test)]
impl Model {
    /// A web conversation as unit tests build one: `status` since
    /// `started_at`, nothing else set.
    pub(crate) fn for_test(
        id: i64,
        status: model::chat::ConversationStatus,
        started_at: DateTimeUtc,
    ) -> Self {
        Model {
            id,
            visitor_id: id,
            link_id: None,
            channel: "web".into(),
            channel_name: None,
            status,
            agent_id: None,
            group_id: None,
            source_url: None,
            last_seq: 0,
            agent_read_seq: 0,
            visitor_read_seq: 0,
            last_message: None,
            last_line: None,
            started_at,
            ended_at: None,
            assigned_at: None,
            first_assigned_at: None,
            agent_replied_at: None,
            last_visitor_at: None,
            last_agent_at: None,
            idle_reminded_at: None,
            alerted_at: None,
            target_agent_id: None,
            route_rule_id: None,
            routing: None,
            menu_item: None,
            visitor_region: None,
            referrer_url: None,
            search_engine: None,
            search_keyword: None,
            bot_handled: false,
            bot_failures: 0,
            handoff: None,
            handed_off_at: None,
            channel_account_id: None,
        }
    }
}
