use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tickets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub subject: String,
    pub description: String,
    pub status: model::tickets::TicketStatus,
    pub priority: model::tickets::TicketPriority,
    pub assignee_id: Option<i32>,
    pub group_id: Option<i32>,
    pub visitor_id: Option<i64>,
    pub conversation_id: Option<i64>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    /// `agent` or `leave_message`.
    pub source: model::tickets::TicketSource,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
