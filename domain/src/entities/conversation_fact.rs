//! One conversation's figures for reports (M3, M5), as
//! `reports::metrics::figures` computed them from its events.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "conversation_facts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub conversation_id: i64,
    pub started_at: DateTimeUtc,
    pub ended_at: Option<DateTimeUtc>,
    /// The agent and group that had it last.
    pub agent_id: Option<i32>,
    pub group_id: Option<i32>,
    pub channel: String,
    /// The visitor's customer (A3), for tag analysis.
    pub customer_id: Option<i64>,
    pub bot: bool,
    pub handed_off: bool,
    pub bot_resolved: bool,
    pub answered: bool,
    pub missed: bool,
    pub abandoned_in_queue: bool,
    pub queue_secs: Option<i64>,
    pub first_response_secs: Option<i64>,
    pub reply_secs_total: i64,
    pub replies: i32,
    pub duration_secs: Option<i64>,
    pub messages_in: i32,
    pub messages_out: i32,
    pub bot_messages: i32,
    pub transfers: i32,
    pub rating_level: Option<i32>,
    pub satisfaction: Option<f64>,
    pub computed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
