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
    /// An avatar given as an address (kept when none is uploaded).
    pub avatar_url: Option<String>,
    /// An uploaded avatar: its key in the file store and its image type.
    pub avatar_key: Option<String>,
    pub avatar_type: Option<String>,
    pub role_id: i32,
    pub max_chats: Option<i32>,
    pub enabled: bool,
    pub status: model::people::AgentStatus,
    /// When `status` was last set (M1); `None` on rows from before.
    pub status_since: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Round-robin turn (R3): the longest-waiting agent goes next.
    pub last_assigned_at: Option<DateTimeUtc>,
    /// Base32 TOTP secret; pending until `totp_enabled_at` is set.
    pub totp_secret: Option<String>,
    /// Two-factor sign-in is on since then.
    pub totp_enabled_at: Option<DateTimeUtc>,
    /// The last accepted TOTP time step: a code counts once.
    pub totp_last_step: Option<i64>,
    /// JSON array of SHA-256 hex hashes of the unused recovery codes.
    pub recovery_codes: Option<String>,
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
