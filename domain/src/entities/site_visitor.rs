use sea_orm::entity::prelude::*;

/// A browser the loader has seen on the host site (W2).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "site_visitors")]
pub struct Model {
    /// The loader's random id for this browser (not a secret).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub link: String,
    /// Visits so far; a visit ends after 30 minutes without a page.
    pub visits: i32,
    pub first_seen_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
    pub visit_started_at: DateTimeUtc,
    /// The chat visitor this browser is, once its widget has connected.
    pub visitor_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
