use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Always stored lower-case.
    pub email: String,
    pub password_hash: String,
    pub name: String,
    pub display_name: String,
    pub avatar_url: Option<String>,
    pub role_id: i32,
    pub max_chats: Option<i32>,
    pub enabled: bool,
    pub status: model::people::AgentStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Round-robin turn (R3): the longest-waiting agent goes next.
    pub last_assigned_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::role::Entity",
        from = "Column::RoleId",
        to = "super::role::Column::Id"
    )]
    Role,
}

impl Related<super::role::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Role.def()
    }
}

crate::guard_stored_text!();
