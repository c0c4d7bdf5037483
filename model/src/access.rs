//! Roles and permissions (O1): what a signed-in person may do.

use serde::{Deserialize, Serialize};

/// One cell of the permission matrix. Every agent can chat; these grant more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    ManagePeople,
    ManageChannels,
    ManageRouting,
    ManageAutomation,
    ViewAllTranscripts,
    ViewReports,
    Qa,
    ManageTickets,
    /// Read every ticket; without it an agent reads the tickets assigned to
    /// them or their groups, and unassigned ones.
    ViewAllTickets,
    SetOwnMaxChats,
    /// Read the audit log of administrative changes.
    ViewAuditLog,
    /// Define customer, company and ticket fields, tags and record
    /// templates (Console → Data).
    ManageCustomerData,
    /// The FAQ bot: its knowledge base, settings and figures (P3).
    ManageBot,
    /// Transfer or take over another agent's live chat (from the monitor,
    /// M1; seeing it needs `ViewAllTranscripts`).
    TakeOverChats,
}

impl Permission {
    pub const ALL: [Permission; 14] = [
        Permission::ManagePeople,
        Permission::ManageChannels,
        Permission::ManageRouting,
        Permission::ManageAutomation,
        Permission::ViewAllTranscripts,
        Permission::ViewReports,
        Permission::Qa,
        Permission::ManageTickets,
        Permission::ViewAllTickets,
        Permission::SetOwnMaxChats,
        Permission::ViewAuditLog,
        Permission::ManageCustomerData,
        Permission::ManageBot,
        Permission::TakeOverChats,
    ];

    /// Stable key, used in storage and as the i18n key suffix.
    pub fn key(self) -> &'static str {
        match self {
            Permission::ManagePeople => "manage_people",
            Permission::ManageChannels => "manage_channels",
            Permission::ManageRouting => "manage_routing",
            Permission::ManageAutomation => "manage_automation",
            Permission::ViewAllTranscripts => "view_all_transcripts",
            Permission::ViewReports => "view_reports",
            Permission::Qa => "qa",
            Permission::ManageTickets => "manage_tickets",
            Permission::ViewAllTickets => "view_all_tickets",
            Permission::SetOwnMaxChats => "set_own_max_chats",
            Permission::ViewAuditLog => "view_audit_log",
            Permission::ManageCustomerData => "manage_customer_data",
            Permission::ManageBot => "manage_bot",
            Permission::TakeOverChats => "take_over_chats",
        }
    }

    pub fn from_key(key: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// The two roles every installation has. The admin role always holds every
/// permission and cannot be edited or deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
pub enum BuiltinRole {
    #[cfg_attr(feature = "db", sea_orm(string_value = "admin"))]
    Admin,
    #[cfg_attr(feature = "db", sea_orm(string_value = "agent"))]
    Agent,
}

impl BuiltinRole {
    pub fn key(self) -> &'static str {
        match self {
            BuiltinRole::Admin => "admin",
            BuiltinRole::Agent => "agent",
        }
    }

    pub fn from_key(key: &str) -> Option<BuiltinRole> {
        match key {
            "admin" => Some(BuiltinRole::Admin),
            "agent" => Some(BuiltinRole::Agent),
            _ => None,
        }
    }

    pub fn default_permissions(self) -> Vec<Permission> {
        match self {
            BuiltinRole::Admin => Permission::ALL.to_vec(),
            BuiltinRole::Agent => vec![Permission::SetOwnMaxChats],
        }
    }
}

/// The signed-in person as the UI sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub display_name: String,
    /// The uploaded avatar or avatar address, if any.
    #[serde(default)]
    pub avatar_url: Option<String>,
    pub role_name: String,
    pub permissions: Vec<Permission>,
}

impl Me {
    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }

    /// Whether any console section is open to this person.
    pub fn can_use_console(&self) -> bool {
        self.permissions
            .iter()
            .any(|p| *p != Permission::SetOwnMaxChats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for p in Permission::ALL {
            assert_eq!(Permission::from_key(p.key()), Some(p));
        }
        assert_eq!(Permission::from_key("nope"), None);
    }
}
