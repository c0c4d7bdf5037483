use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agent_groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub description: String,
    pub created_at: DateTimeUtc,
    /// `load` or `round_robin` (R3).
    pub assignment: model::automation::AssignmentMode,
    pub returning_first: bool,
    /// `model::bot::BotMode` key; none: the link's or channel's (P3).
    pub bot_mode: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
