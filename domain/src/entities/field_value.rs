use sea_orm::entity::prelude::*;

/// One value of a custom field on a customer, company or ticket (which one
/// the field's `entity` says): exactly one `value_*` column is set.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "field_values")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub field_id: i32,
    pub record_id: i64,
    pub value_text: Option<String>,
    pub value_long: Option<String>,
    pub value_number: Option<f64>,
    pub value_date: Option<Date>,
    pub value_flag: Option<bool>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
