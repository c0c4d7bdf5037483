use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "roles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    /// `admin` / `agent` for the built-in roles, `None` for custom ones.
    pub builtin: Option<model::access::BuiltinRole>,
    /// JSON array of permission keys.
    pub permissions: String,
    pub created_at: DateTimeUtc,
    /// Members must sign in with a second factor (TOTP).
    pub require_two_factor: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::agent::Entity")]
    Agent,
}

impl Related<super::agent::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Agent.def()
    }
}

crate::guard_stored_text!();
