//! A background report export: its progress and, once ready, the file.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_exports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Who asked: only they read it.
    pub agent_id: i32,
    pub from_day: String,
    pub to_day: String,
    pub state: model::reports::ExportState,
    pub done: i64,
    pub total: i64,
    pub content: Option<Vec<u8>>,
    pub error: Option<String>,
    pub created_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
