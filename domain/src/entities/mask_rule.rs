use sea_orm::entity::prelude::*;

/// A sensitive-data rule (R8): what to look for and how to rewrite it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mask_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    /// `model::masking::MaskPattern::key`.
    pub pattern: String,
    /// A custom rule's regular expression; empty for the others.
    pub regex: String,
    /// `model::masking::MaskMode::key`.
    pub mode: String,
    pub enabled: bool,
    pub position: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
