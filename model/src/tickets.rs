//! Tickets (R6, R7, W5): follow-ups that outlive a conversation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
pub enum TicketStatus {
    #[cfg_attr(feature = "db", sea_orm(string_value = "open"))]
    Open,
    #[cfg_attr(feature = "db", sea_orm(string_value = "pending"))]
    Pending,
    #[cfg_attr(feature = "db", sea_orm(string_value = "solved"))]
    Solved,
    #[cfg_attr(feature = "db", sea_orm(string_value = "closed"))]
    Closed,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 4] = [
        TicketStatus::Open,
        TicketStatus::Pending,
        TicketStatus::Solved,
        TicketStatus::Closed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            TicketStatus::Open => "open",
            TicketStatus::Pending => "pending",
            TicketStatus::Solved => "solved",
            TicketStatus::Closed => "closed",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
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
pub enum TicketPriority {
    #[cfg_attr(feature = "db", sea_orm(string_value = "low"))]
    Low,
    #[default]
    #[cfg_attr(feature = "db", sea_orm(string_value = "normal"))]
    Normal,
    #[cfg_attr(feature = "db", sea_orm(string_value = "high"))]
    High,
    #[cfg_attr(feature = "db", sea_orm(string_value = "urgent"))]
    Urgent,
}

impl TicketPriority {
    pub const ALL: [TicketPriority; 4] = [
        TicketPriority::Low,
        TicketPriority::Normal,
        TicketPriority::High,
        TicketPriority::Urgent,
    ];

    pub fn key(self) -> &'static str {
        match self {
            TicketPriority::Low => "low",
            TicketPriority::Normal => "normal",
            TicketPriority::High => "high",
            TicketPriority::Urgent => "urgent",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.key() == key)
    }
}

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
pub enum TicketSource {
    /// Created by an agent (from a conversation or by hand).
    #[cfg_attr(feature = "db", sea_orm(string_value = "agent"))]
    Agent,
    /// A visitor's leave-a-message form (R6).
    #[cfg_attr(feature = "db", sea_orm(string_value = "leave_message"))]
    LeaveMessage,
}

impl TicketSource {
    pub fn key(self) -> &'static str {
        match self {
            TicketSource::Agent => "agent",
            TicketSource::LeaveMessage => "leave_message",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "agent" => Some(TicketSource::Agent),
            "leave_message" => Some(TicketSource::LeaveMessage),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ticket {
    pub id: i64,
    pub subject: String,
    pub description: String,
    pub status: TicketStatus,
    pub priority: TicketPriority,
    pub assignee_id: Option<i32>,
    pub assignee_name: Option<String>,
    /// The agent group it belongs to: the conversation's, or the chat link's
    /// for a left message. Its members may read it.
    pub group_id: Option<i32>,
    pub group_name: Option<String>,
    pub visitor_id: Option<i64>,
    pub conversation_id: Option<i64>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub source: TicketSource,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

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
pub enum ActivityKind {
    #[cfg_attr(feature = "db", sea_orm(string_value = "created"))]
    Created,
    #[cfg_attr(feature = "db", sea_orm(string_value = "comment"))]
    Comment,
    #[cfg_attr(feature = "db", sea_orm(string_value = "status"))]
    Status,
    #[cfg_attr(feature = "db", sea_orm(string_value = "priority"))]
    Priority,
    #[cfg_attr(feature = "db", sea_orm(string_value = "assignee"))]
    Assignee,
}

impl ActivityKind {
    pub fn key(self) -> &'static str {
        match self {
            ActivityKind::Created => "created",
            ActivityKind::Comment => "comment",
            ActivityKind::Status => "status",
            ActivityKind::Priority => "priority",
            ActivityKind::Assignee => "assignee",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [
            ActivityKind::Created,
            ActivityKind::Comment,
            ActivityKind::Status,
            ActivityKind::Priority,
            ActivityKind::Assignee,
        ]
        .into_iter()
        .find(|k| k.key() == key)
    }
}

/// One entry of a ticket's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketActivity {
    pub id: i64,
    pub kind: ActivityKind,
    /// Who did it; `None` for the visitor or the system.
    pub agent_name: Option<String>,
    pub body: Option<String>,
    /// For changes: the old and new value (status/priority keys, agent names).
    pub from_value: Option<String>,
    pub to_value: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketDetail {
    pub ticket: Ticket,
    /// Ticket custom field values by key.
    #[serde(default)]
    pub fields: crate::fields::FieldValues,
    pub activities: Vec<TicketActivity>,
    /// Agents a ticket can be assigned to: (id, display name).
    pub assignees: Vec<(i32, String)>,
}

/// Who a ticket list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssigneeFilter {
    #[default]
    Anyone,
    Me,
    Unassigned,
    Agent(i32),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketFilter {
    pub status: Option<TicketStatus>,
    pub priority: Option<TicketPriority>,
    pub assignee: AssigneeFilter,
    /// Created on or after this day (`YYYY-MM-DD`, UTC).
    pub from: Option<String>,
    /// Created on or before this day (`YYYY-MM-DD`, UTC).
    pub to: Option<String>,
    pub conversation_id: Option<i64>,
}

/// A new ticket by an agent, optionally from a conversation (W5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketInput {
    pub subject: String,
    /// Empty when absent.
    #[serde(default)]
    pub description: String,
    /// `normal` when absent.
    #[serde(default)]
    pub priority: TicketPriority,
    pub assignee_id: Option<i32>,
    pub conversation_id: Option<i64>,
    /// Ticket custom field values by key (required ones must be given).
    #[serde(default)]
    pub fields: crate::fields::FieldValues,
}

/// A change to a ticket; `None` leaves the value as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketUpdate {
    pub status: Option<TicketStatus>,
    pub priority: Option<TicketPriority>,
    /// Absent: unchanged; `null`: unassign; a number: assign.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub assignee_id: Option<Option<i32>>,
}

/// A field that is present (even as `null`) is `Some`, so `null` can mean
/// "clear it" while an absent field means "leave it".
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

pub const SUBJECT_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 5000;
pub const TICKET_COMMENT_MAX: usize = 5000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_unassigns_and_absent_leaves_the_assignee() {
        let unassign: TicketUpdate = serde_json::from_str(r#"{"assignee_id":null}"#).unwrap();
        assert_eq!(unassign.assignee_id, Some(None));
        let keep: TicketUpdate = serde_json::from_str(r#"{"status":"solved"}"#).unwrap();
        assert_eq!(keep.assignee_id, None);
        let round = serde_json::to_string(&unassign).unwrap();
        assert_eq!(
            serde_json::from_str::<TicketUpdate>(&round).unwrap(),
            unassign
        );
    }
}
