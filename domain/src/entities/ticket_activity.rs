use sea_orm::entity::prelude::*;

/// A ticket's history: comments and every change, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ticket_activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub ticket_id: i64,
    pub agent_id: Option<i32>,
    /// `created`, `comment`, `status`, `priority` or `assignee`.
    pub kind: model::tickets::ActivityKind,
    pub body: Option<String>,
    pub from_value: Option<String>,
    pub to_value: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
