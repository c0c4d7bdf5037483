use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "field_defs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub entity: model::fields::FieldEntity,
    pub key: String,
    pub label: String,
    pub kind: model::fields::FieldKind,
    pub required: bool,
    pub position: i32,
    /// JSON array of `model::fields::FieldOption` (the definition, not
    /// values: values are rows of `field_values`).
    pub options: String,
    pub retired_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
