use sea_orm::entity::prelude::*;

/// One host-site page a site visitor opened (W2).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "page_views")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub site_visitor_id: String,
    /// Which of the site visitor's visits (1, 2, …).
    pub visit: i32,
    pub url: String,
    pub title: String,
    pub referrer: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
