use sea_orm::entity::prelude::*;

/// One masking run (R8): its log entry, its progress and its place, so a
/// crashed run resumes where it stopped.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mask_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The admin who ran it now; `None` for the schedule.
    pub agent_id: Option<i32>,
    /// The scheduled instant it ran for (unique: each slot runs once).
    pub slot: Option<DateTimeUtc>,
    /// 1 while running, else NULL; unique, so one runs at a time.
    pub active: Option<i32>,
    /// `running`, `done` or `failed`.
    pub state: String,
    /// JSON: the rules as they were when it started (`[MaskRuleInput]`).
    pub rules: String,
    /// The last conversation id done.
    pub cursor: i64,
    /// The newest conversation when it started; later ones are not its.
    pub last_conversation_id: i64,
    pub total: i64,
    pub done: i64,
    pub conversations_changed: i64,
    pub messages_changed: i64,
    pub lease_owner: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    pub error: Option<String>,
    pub started_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
