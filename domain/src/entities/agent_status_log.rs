//! Every status an agent set (W6), for the agent work report's time online,
//! busy and away (M5). A row holds from `at` until the agent's next row.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agent_status_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub agent_id: i32,
    pub status: model::people::AgentStatus,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
