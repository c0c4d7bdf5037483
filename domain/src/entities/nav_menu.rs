use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "nav_menus")]
pub struct Model {
    /// One menu per chat link.
    #[sea_orm(primary_key, auto_increment = false)]
    pub link_id: i32,
    pub enabled: bool,
    pub prompt_zh: String,
    pub prompt_en: String,
    /// JSON array of `model::routing::MenuItemInput`, checked on save.
    pub items: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
