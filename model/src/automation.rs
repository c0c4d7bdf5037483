//! Automation settings and their visible results: assignment (R3), capacity
//! and queue (R4), idle visitor (R2), unanswered alert (R10), satisfaction
//! survey (R5) and leave-a-message (R6).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How a group (or, for conversations without a group, everyone) shares chats.
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
pub enum AssignmentMode {
    /// Lowest active/max ratio first.
    #[default]
    #[cfg_attr(feature = "db", sea_orm(string_value = "load"))]
    Load,
    /// Each agent in turn: the one who waited longest since their last chat.
    #[cfg_attr(feature = "db", sea_orm(string_value = "round_robin"))]
    RoundRobin,
}

impl AssignmentMode {
    pub const ALL: [AssignmentMode; 2] = [AssignmentMode::Load, AssignmentMode::RoundRobin];

    pub fn key(self) -> &'static str {
        match self {
            AssignmentMode::Load => "load",
            AssignmentMode::RoundRobin => "round_robin",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.key() == key)
    }
}

/// The console's automation page (R2, R3, R4, R10), stored as one setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AutomationSettings {
    /// Assignment for conversations that do not go to a group.
    pub assignment: AssignmentMode,
    pub returning_first: bool,
    /// Max concurrent chats of agents without their own limit (R4).
    pub default_max_chats: i64,
    pub idle: IdleSettings,
    pub unanswered: UnansweredSettings,
}

impl Default for AutomationSettings {
    fn default() -> Self {
        Self {
            assignment: AssignmentMode::Load,
            returning_first: false,
            default_max_chats: 5,
            idle: IdleSettings::default(),
            unanswered: UnansweredSettings::default(),
        }
    }
}

/// R2: the visitor has not answered the agent for a while.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct IdleSettings {
    pub enabled: bool,
    /// T1: minutes after the agent's last message before the reminder.
    pub remind_after_mins: i64,
    pub reminder: String,
    /// T2: further minutes after the reminder before the chat is closed.
    pub close_after_mins: i64,
    pub closing: String,
}

impl Default for IdleSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            remind_after_mins: 5,
            reminder: "Are you still there? Reply to keep the conversation going.".into(),
            close_after_mins: 5,
            closing:
                "We closed this conversation because it was quiet. Write any time to start again."
                    .into(),
        }
    }
}

/// R10: a new conversation the agent has not answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct UnansweredSettings {
    pub enabled: bool,
    /// Seconds after assignment without an agent reply before it turns red.
    pub alert_after_secs: i64,
    /// Also hand it to another agent after a further wait.
    pub reassign: bool,
    pub reassign_after_secs: i64,
}

impl Default for UnansweredSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            alert_after_secs: 60,
            reassign: false,
            reassign_after_secs: 120,
        }
    }
}

/// Longest timer an admin can set: one day.
pub const TIMER_MAX_SECS: i64 = 24 * 3600;

/// R5: the levels a visitor picks from, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SurveySettings {
    pub enabled: bool,
    /// 2–5 labels, best first.
    pub levels: Vec<String>,
    /// Offer a comment box.
    pub comment: bool,
    /// Ask as soon as the conversation ends (otherwise only when invited).
    pub ask_on_end: bool,
}

impl Default for SurveySettings {
    fn default() -> Self {
        Self {
            enabled: true,
            levels: vec![
                "Very satisfied".into(),
                "Satisfied".into(),
                "Unsatisfied".into(),
            ],
            comment: true,
            ask_on_end: true,
        }
    }
}

pub const SURVEY_LEVELS_MIN: usize = 2;
pub const SURVEY_LEVELS_MAX: usize = 5;
pub const SURVEY_LABEL_MAX: usize = 32;
pub const COMMENT_MAX: usize = 1000;

/// What the visitor sends to rate a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingInput {
    /// 1-based index into the survey's levels (1 = best).
    pub level: i32,
    pub comment: Option<String>,
}

/// A stored rating, as admins and agents see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    pub conversation_id: i64,
    pub visitor_name: String,
    pub agent_id: Option<i32>,
    pub agent_name: Option<String>,
    pub level: i32,
    pub scale: i32,
    pub label: String,
    pub comment: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The survey page: settings and the latest ratings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyPage {
    pub settings: SurveySettings,
    pub ratings: Vec<Rating>,
}

/// A field on the leave-a-message form (R6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LeaveField {
    Name,
    Email,
    Phone,
    Subject,
    Message,
}

impl LeaveField {
    pub const ALL: [LeaveField; 5] = [
        LeaveField::Name,
        LeaveField::Email,
        LeaveField::Phone,
        LeaveField::Subject,
        LeaveField::Message,
    ];

    pub fn key(self) -> &'static str {
        match self {
            LeaveField::Name => "name",
            LeaveField::Email => "email",
            LeaveField::Phone => "phone",
            LeaveField::Subject => "subject",
            LeaveField::Message => "message",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaveFieldRule {
    pub field: LeaveField,
    pub shown: bool,
    pub required: bool,
}

/// A ticket or customer custom field the admin put on the form (R6): its
/// value lands in the ticket or the visitor's customer record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaveCustomField {
    pub field_id: i32,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LeaveMessageSettings {
    pub guide: String,
    /// One rule per field, in form order. The message is always shown.
    pub fields: Vec<LeaveFieldRule>,
    /// Ticket and customer custom fields shown after those, in order.
    pub custom_fields: Vec<LeaveCustomField>,
    /// Outside these hours the form is shown even if agents are online.
    pub hours: WorkingHours,
}

/// When the team answers chats (R6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct WorkingHours {
    pub enabled: bool,
    /// Working days, Monday = 1 … Sunday = 7.
    pub days: Vec<u8>,
    /// `HH:MM`, local to `utc_offset_mins`. An end before the start spans
    /// midnight (a night shift).
    pub start: String,
    pub end: String,
    /// The team's time zone as minutes east of UTC (480 = UTC+8).
    pub utc_offset_mins: i32,
}

impl Default for WorkingHours {
    fn default() -> Self {
        Self {
            enabled: false,
            days: vec![1, 2, 3, 4, 5],
            start: "09:00".into(),
            end: "18:00".into(),
            utc_offset_mins: 0,
        }
    }
}

impl Default for LeaveMessageSettings {
    fn default() -> Self {
        let rule = |field, shown, required| LeaveFieldRule {
            field,
            shown,
            required,
        };
        Self {
            guide: "We are away right now. Leave a message and we will get back to you.".into(),
            fields: vec![
                rule(LeaveField::Name, true, false),
                rule(LeaveField::Email, true, true),
                rule(LeaveField::Phone, false, false),
                rule(LeaveField::Subject, false, false),
                rule(LeaveField::Message, true, true),
            ],
            custom_fields: vec![],
            hours: WorkingHours::default(),
        }
    }
}

impl LeaveMessageSettings {
    /// The rule for a field; fields missing from stored settings are hidden,
    /// except the message, which a ticket always needs (shown and required).
    pub fn rule(&self, field: LeaveField) -> LeaveFieldRule {
        let found = self.fields.iter().find(|r| r.field == field).copied();
        match (field, found) {
            (LeaveField::Message, _) => LeaveFieldRule {
                field,
                shown: true,
                required: true,
            },
            (_, Some(r)) => r,
            (_, None) => LeaveFieldRule {
                field,
                shown: false,
                required: false,
            },
        }
    }
}

/// What the visitor fills in on the leave-a-message form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaveMessageInput {
    pub link: Option<String>,
    pub page_url: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub subject: Option<String>,
    pub message: String,
    /// Values of the form's custom fields by key.
    #[serde(default)]
    pub fields: crate::fields::FieldValues,
}

/// Where a waiting visitor stands (R4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueSpot {
    pub conversation_id: i64,
    /// 1 = next.
    pub position: i64,
    /// Estimated wait, in seconds.
    pub eta_secs: i64,
}

/// What the widget needs before a chat starts: is anyone there (R6), the
/// form to show if not, and the survey (R5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitorOptions {
    /// Nobody who could take this link's chats is online.
    pub offline: bool,
    pub leave_message: LeaveMessageSettings,
    /// The definitions of the form's custom fields, in order, `required`
    /// as the form asks.
    #[serde(default)]
    pub leave_fields: Vec<crate::fields::FieldDef>,
    pub survey: SurveySettings,
    /// The link's navigation menu, shown before the first message (P1).
    #[serde(default)]
    pub menu: Option<crate::routing::NavMenu>,
}

/// One waiting conversation, as admins and agents see the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueEntry {
    pub conversation_id: i64,
    pub visitor_name: String,
    pub group_id: Option<i32>,
    pub group_name: Option<String>,
    pub position: i64,
    pub waiting_since: DateTime<Utc>,
    pub last_message: Option<String>,
}
