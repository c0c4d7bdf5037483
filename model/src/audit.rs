//! The audit log of administrative changes: who changed what, when, from
//! what to what (hardening: "Also build").

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What kind of thing was changed.
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
pub enum AuditKind {
    #[cfg_attr(feature = "db", sea_orm(string_value = "role"))]
    Role,
    #[cfg_attr(feature = "db", sea_orm(string_value = "agent"))]
    Agent,
    #[cfg_attr(feature = "db", sea_orm(string_value = "group"))]
    Group,
    /// The web widget's settings (C1).
    #[cfg_attr(feature = "db", sea_orm(string_value = "widget"))]
    Widget,
    /// A chat link (C3).
    #[cfg_attr(feature = "db", sea_orm(string_value = "link"))]
    Link,
    /// Assignment, capacity, idle and unanswered rules (R2–R4, R10).
    #[cfg_attr(feature = "db", sea_orm(string_value = "automation"))]
    Automation,
    #[cfg_attr(feature = "db", sea_orm(string_value = "survey"))]
    Survey,
    #[cfg_attr(feature = "db", sea_orm(string_value = "leave_message"))]
    LeaveMessage,
    #[cfg_attr(feature = "db", sea_orm(string_value = "api_token"))]
    ApiToken,
    /// Two-factor sign-in of an agent.
    #[cfg_attr(feature = "db", sea_orm(string_value = "two_factor"))]
    TwoFactor,
    /// A custom field of customers, companies or tickets (A1, A4).
    #[cfg_attr(feature = "db", sea_orm(string_value = "field"))]
    Field,
    /// A customer tag of the admin-managed set (A3).
    #[cfg_attr(feature = "db", sea_orm(string_value = "tag"))]
    Tag,
    /// A business record template (A2).
    #[cfg_attr(feature = "db", sea_orm(string_value = "record_template"))]
    RecordTemplate,
    /// A shared canned reply (W7).
    #[cfg_attr(feature = "db", sea_orm(string_value = "canned_reply"))]
    CannedReply,
    /// A routing rule (P2).
    #[cfg_attr(feature = "db", sea_orm(string_value = "routing_rule"))]
    RoutingRule,
    /// A named set of places for routing rules (P2).
    #[cfg_attr(feature = "db", sea_orm(string_value = "region_set"))]
    RegionSet,
    /// A chat link's navigation menu (P1).
    #[cfg_attr(feature = "db", sea_orm(string_value = "nav_menu"))]
    NavMenu,
    /// Proactive invitation settings (C2).
    #[cfg_attr(feature = "db", sea_orm(string_value = "invitations"))]
    Invitations,
    /// A knowledge-base entry of the bot (P3).
    #[cfg_attr(feature = "db", sea_orm(string_value = "kb_entry"))]
    KbEntry,
    /// The bot's settings (P3).
    #[cfg_attr(feature = "db", sea_orm(string_value = "bot"))]
    Bot,
    /// A connected WeChat or Weibo account (C4, C5).
    #[cfg_attr(feature = "db", sea_orm(string_value = "channel_account"))]
    ChannelAccount,
    /// A WeChat account's keyword replies, news messages or menu (C4).
    #[cfg_attr(feature = "db", sea_orm(string_value = "wechat_content"))]
    WechatContent,
    /// A sensitive-data rule or the masking schedule (R8).
    #[cfg_attr(feature = "db", sea_orm(string_value = "masking"))]
    Masking,
    /// Reports' settings: the company's time zone (M3).
    #[cfg_attr(feature = "db", sea_orm(string_value = "reports"))]
    Reports,
    /// A QA scorecard (M4).
    #[cfg_attr(feature = "db", sea_orm(string_value = "qa_scorecard"))]
    QaScorecard,
}

impl AuditKind {
    pub const ALL: [AuditKind; 25] = [
        AuditKind::Role,
        AuditKind::Agent,
        AuditKind::Group,
        AuditKind::Widget,
        AuditKind::Link,
        AuditKind::Automation,
        AuditKind::Survey,
        AuditKind::LeaveMessage,
        AuditKind::ApiToken,
        AuditKind::TwoFactor,
        AuditKind::Field,
        AuditKind::Tag,
        AuditKind::RecordTemplate,
        AuditKind::CannedReply,
        AuditKind::RoutingRule,
        AuditKind::RegionSet,
        AuditKind::NavMenu,
        AuditKind::Invitations,
        AuditKind::KbEntry,
        AuditKind::Bot,
        AuditKind::ChannelAccount,
        AuditKind::WechatContent,
        AuditKind::Masking,
        AuditKind::Reports,
        AuditKind::QaScorecard,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AuditKind::Role => "role",
            AuditKind::Agent => "agent",
            AuditKind::Group => "group",
            AuditKind::Widget => "widget",
            AuditKind::Link => "link",
            AuditKind::Automation => "automation",
            AuditKind::Survey => "survey",
            AuditKind::LeaveMessage => "leave_message",
            AuditKind::ApiToken => "api_token",
            AuditKind::TwoFactor => "two_factor",
            AuditKind::Field => "field",
            AuditKind::Tag => "tag",
            AuditKind::RecordTemplate => "record_template",
            AuditKind::CannedReply => "canned_reply",
            AuditKind::RoutingRule => "routing_rule",
            AuditKind::RegionSet => "region_set",
            AuditKind::NavMenu => "nav_menu",
            AuditKind::Invitations => "invitations",
            AuditKind::KbEntry => "kb_entry",
            AuditKind::ChannelAccount => "channel_account",
            AuditKind::WechatContent => "wechat_content",
            AuditKind::Masking => "masking",
            AuditKind::Reports => "reports",
            AuditKind::QaScorecard => "qa_scorecard",
            AuditKind::Bot => "bot",
        }
    }

    pub fn from_key(key: &str) -> Option<AuditKind> {
        AuditKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

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
pub enum AuditAction {
    #[cfg_attr(feature = "db", sea_orm(string_value = "create"))]
    Create,
    #[cfg_attr(feature = "db", sea_orm(string_value = "update"))]
    Update,
    #[cfg_attr(feature = "db", sea_orm(string_value = "delete"))]
    Delete,
    #[cfg_attr(feature = "db", sea_orm(string_value = "enable"))]
    Enable,
    #[cfg_attr(feature = "db", sea_orm(string_value = "disable"))]
    Disable,
}

impl AuditAction {
    pub const ALL: [AuditAction; 5] = [
        AuditAction::Create,
        AuditAction::Update,
        AuditAction::Delete,
        AuditAction::Enable,
        AuditAction::Disable,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
            AuditAction::Enable => "enable",
            AuditAction::Disable => "disable",
        }
    }
}

/// One changed field: `None` for a side that has no value (created,
/// deleted, or an optional field left empty). Values are shown as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditChange {
    /// Dotted path of the field, e.g. `idle.remind_after_mins`.
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl AuditChange {
    /// What a changed secret (a password) shows: that it changed, not to what.
    pub const SECRET: &'static str = "••••••";

    pub fn secret(field: &str) -> Self {
        AuditChange {
            field: field.to_owned(),
            before: Some(Self::SECRET.to_owned()),
            after: Some(Self::SECRET.to_owned()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// `None` for changes made by the system (first start).
    pub actor_id: Option<i32>,
    /// The actor's display name when they made the change: kept as it was
    /// if they are later renamed or disabled.
    pub actor_name: String,
    pub action: AuditAction,
    pub kind: AuditKind,
    pub target_id: Option<String>,
    pub target_name: Option<String>,
    pub changes: Vec<AuditChange>,
}

/// Most events one page returns.
pub const AUDIT_PAGE_MAX: u64 = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditFilter {
    #[serde(default)]
    pub actor_id: Option<i32>,
    #[serde(default)]
    pub kind: Option<AuditKind>,
    /// On or after this day (`YYYY-MM-DD`, UTC).
    #[serde(default)]
    pub from: Option<String>,
    /// On or before this day (`YYYY-MM-DD`, UTC).
    #[serde(default)]
    pub to: Option<String>,
    /// Events older than this id (the previous page's `next_before`).
    #[serde(default)]
    pub before: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    /// Newest first.
    pub events: Vec<AuditEvent>,
    /// Pass as `before` for the next page; `None` on the last page.
    pub next_before: Option<i64>,
}

/// Someone who appears in the log, for the actor filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditActor {
    pub id: i32,
    pub name: String,
}
