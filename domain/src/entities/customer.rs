use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: Option<String>,
    /// Stored lower-case.
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The customer's id in the site's own system, when a signed identity
    /// named it.
    pub external_id: Option<String>,
    pub company_id: Option<i64>,
    /// `none`, `verified` or `unverified` (`model::customers::IdentityStatus`).
    pub identity: String,
    /// The external id an unverified identity claimed (never merged on).
    pub claimed_id: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
