use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ratings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conversation_id: i64,
    pub visitor_id: i64,
    pub agent_id: Option<i32>,
    /// 1 = best … `scale` = worst, as the levels were ordered when rated.
    pub level: i32,
    pub scale: i32,
    /// The level's label when rated, so renaming levels keeps history.
    pub label: String,
    pub comment: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
