use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "routing_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub enabled: bool,
    /// Rules are tried in this order, lowest first.
    pub position: i32,
    /// JSON array of `model::routing::Condition`.
    pub conditions: String,
    /// JSON array of `model::routing::RouteTarget`.
    pub targets: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
