//! Agents, agent groups and roles as shown and edited in the console (O1, O2).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::access::{BuiltinRole, Permission};

pub const NAME_MAX: usize = 64;
/// Largest avatar image taken (O2).
pub const AVATAR_MAX_BYTES: usize = 1024 * 1024;
/// Where uploaded avatars are served, followed by their key.
pub const AVATAR_PATH: &str = "/api/v1/avatars/";
pub const EMAIL_MAX: usize = 254;
pub const DESCRIPTION_MAX: usize = 500;
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;
pub const MAX_CHATS_LIMIT: i32 = 100;

/// Agent presence (W6); assignment only picks `Online` agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(
    feature = "db",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::None)"
    )
)]
#[serde(rename_all = "snake_case")]
pub enum AgentStatus {
    #[cfg_attr(feature = "db", sea_orm(string_value = "online"))]
    Online,
    #[cfg_attr(feature = "db", sea_orm(string_value = "busy"))]
    Busy,
    #[cfg_attr(feature = "db", sea_orm(string_value = "away"))]
    Away,
    #[default]
    #[cfg_attr(feature = "db", sea_orm(string_value = "offline"))]
    Offline,
}

impl AgentStatus {
    pub const ALL: [AgentStatus; 4] = [
        AgentStatus::Online,
        AgentStatus::Busy,
        AgentStatus::Away,
        AgentStatus::Offline,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AgentStatus::Online => "online",
            AgentStatus::Busy => "busy",
            AgentStatus::Away => "away",
            AgentStatus::Offline => "offline",
        }
    }

    pub fn from_key(key: &str) -> Option<AgentStatus> {
        AgentStatus::ALL.into_iter().find(|s| s.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agent {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub display_name: String,
    /// The uploaded avatar (under [`AVATAR_PATH`]) or an avatar address.
    pub avatar_url: Option<String>,
    pub role_id: i32,
    pub role_name: String,
    pub group_ids: Vec<i32>,
    /// Personal cap on concurrent chats; `None` uses the global default.
    pub max_chats: Option<i32>,
    pub enabled: bool,
    pub status: AgentStatus,
    pub created_at: DateTime<Utc>,
    /// Signs in with a second factor (TOTP).
    #[serde(default)]
    pub two_factor: bool,
}

/// Create or edit an agent. `password` is required on create and optional
/// (keep the current one) on edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentInput {
    pub email: String,
    pub name: String,
    pub display_name: String,
    /// An avatar address. Sending back the uploaded avatar's address keeps
    /// it; any other value (or none) replaces it.
    pub avatar_url: Option<String>,
    pub role_id: i32,
    pub group_ids: Vec<i32>,
    pub max_chats: Option<i32>,
    pub password: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Group {
    pub id: i32,
    pub name: String,
    pub description: String,
    pub member_ids: Vec<i32>,
    /// How the group shares its chats (R3).
    #[serde(default)]
    pub assignment: crate::automation::AssignmentMode,
    /// A returning visitor goes to the agent who served them last (R3).
    #[serde(default)]
    pub returning_first: bool,
    /// Whether its chats start with the bot; none: the link's or the
    /// channel's setting (P3).
    #[serde(default)]
    pub bot_mode: Option<crate::bot::BotMode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupInput {
    pub name: String,
    pub description: String,
    pub member_ids: Vec<i32>,
    /// How the group shares its chats (R3).
    #[serde(default)]
    pub assignment: crate::automation::AssignmentMode,
    /// A returning visitor goes to the agent who served them last (R3).
    #[serde(default)]
    pub returning_first: bool,
    #[serde(default)]
    pub bot_mode: Option<crate::bot::BotMode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Role {
    pub id: i32,
    pub name: String,
    pub builtin: Option<BuiltinRole>,
    pub permissions: Vec<Permission>,
    pub agent_count: u64,
    /// Members must sign in with a second factor.
    #[serde(default)]
    pub require_two_factor: bool,
}

/// Create or edit a role. For the Admin role only `require_two_factor`
/// can change (its name and permissions are fixed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleInput {
    pub name: String,
    pub permissions: Vec<Permission>,
    #[serde(default)]
    pub require_two_factor: bool,
}

/// A personal API token (C6); the secret is only in `NewApiToken`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: i32,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A token just created: the secret is shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewApiToken {
    pub token: ApiToken,
    pub secret: String,
}
