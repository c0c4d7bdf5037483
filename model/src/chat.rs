//! Conversations, messages and the realtime protocol (C1, C3, W1, W4, W5).
//! One WebSocket per tab at `/ws`; frames are JSON objects tagged by `type`.
//! See `docs/realtime.md` for the protocol in prose.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Longest text message, in characters.
pub const MESSAGE_MAX: usize = 5000;
/// Longest client-generated message id.
pub const CLIENT_ID_MAX: usize = 64;

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
pub enum ConversationStatus {
    /// With the FAQ bot, before any person (P3).
    #[cfg_attr(feature = "db", sea_orm(string_value = "bot"))]
    Bot,
    /// Waiting for an agent.
    #[cfg_attr(feature = "db", sea_orm(string_value = "queued"))]
    Queued,
    #[cfg_attr(feature = "db", sea_orm(string_value = "active"))]
    Active,
    #[cfg_attr(feature = "db", sea_orm(string_value = "ended"))]
    Ended,
}

impl ConversationStatus {
    pub fn key(self) -> &'static str {
        match self {
            ConversationStatus::Bot => "bot",
            ConversationStatus::Queued => "queued",
            ConversationStatus::Active => "active",
            ConversationStatus::Ended => "ended",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "bot" => Some(ConversationStatus::Bot),
            "queued" => Some(ConversationStatus::Queued),
            "active" => Some(ConversationStatus::Active),
            "ended" => Some(ConversationStatus::Ended),
            _ => None,
        }
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
pub enum Sender {
    #[cfg_attr(feature = "db", sea_orm(string_value = "visitor"))]
    Visitor,
    #[cfg_attr(feature = "db", sea_orm(string_value = "agent"))]
    Agent,
    #[cfg_attr(feature = "db", sea_orm(string_value = "system"))]
    System,
    /// The FAQ bot (P3).
    #[cfg_attr(feature = "db", sea_orm(string_value = "bot"))]
    Bot,
}

impl Sender {
    pub fn key(self) -> &'static str {
        match self {
            Sender::Visitor => "visitor",
            Sender::Agent => "agent",
            Sender::System => "system",
            Sender::Bot => "bot",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "visitor" => Some(Sender::Visitor),
            "agent" => Some(Sender::Agent),
            "system" => Some(Sender::System),
            "bot" => Some(Sender::Bot),
            _ => None,
        }
    }
}

/// Which line the system wrote (`Message::system`). Each surface renders it
/// in its reader's language; the message body holds only what is shown as
/// written (an admin's text, agents' names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(
    feature = "db",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(32))"
    )
)]
#[serde(rename_all = "snake_case")]
pub enum SystemLine {
    /// The admin's welcome message (the body).
    #[cfg_attr(feature = "db", sea_orm(string_value = "welcome"))]
    Welcome,
    /// The admin's reminder to an idle visitor (R2; the body).
    #[cfg_attr(feature = "db", sea_orm(string_value = "idle_reminder"))]
    IdleReminder,
    /// The admin's goodbye when an idle chat is closed (R2; the body).
    #[cfg_attr(feature = "db", sea_orm(string_value = "idle_closing"))]
    IdleClosing,
    /// The chat moved to another agent or group.
    #[cfg_attr(feature = "db", sea_orm(string_value = "transferred"))]
    Transferred,
    /// Agents only: "From → To: note" (the body).
    #[cfg_attr(feature = "db", sea_orm(string_value = "transfer_note"))]
    TransferNote,
    /// Agents only: reassigned after no reply (R10); the body is "From → To".
    #[cfg_attr(feature = "db", sea_orm(string_value = "reassigned_unanswered"))]
    ReassignedUnanswered,
    #[cfg_attr(feature = "db", sea_orm(string_value = "ended_by_agent"))]
    EndedByAgent,
    #[cfg_attr(feature = "db", sea_orm(string_value = "ended_by_visitor"))]
    EndedByVisitor,
    /// The agent asked the visitor for a rating (R5).
    #[cfg_attr(feature = "db", sea_orm(string_value = "rating_invited"))]
    RatingInvited,
    /// The visitor asked the bot for a person (P3).
    #[cfg_attr(feature = "db", sea_orm(string_value = "handed_off_request"))]
    HandedOffRequest,
    /// The bot could not answer, too often in a row, and handed over (P3).
    #[cfg_attr(feature = "db", sea_orm(string_value = "handed_off_failure"))]
    HandedOffFailure,
    /// A line this build does not know (from a newer server): show its body.
    #[serde(other)]
    #[cfg_attr(feature = "db", sea_orm(string_value = "other"))]
    Other,
}

impl SystemLine {
    /// Lines for agents only, never shown to the visitor.
    pub fn internal(self) -> bool {
        matches!(
            self,
            SystemLine::TransferNote | SystemLine::ReassignedUnanswered
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    pub conversation_id: i64,
    /// Position in the conversation, 1, 2, 3… without gaps.
    pub seq: i64,
    pub client_id: String,
    pub sender: Sender,
    /// Display name of the sending agent (agents' messages only).
    pub agent_name: Option<String>,
    /// The sending agent's avatar, when they have one.
    #[serde(default)]
    pub agent_avatar: Option<String>,
    pub body: String,
    /// Set on the system's messages: which line it is.
    #[serde(default)]
    pub system: Option<SystemLine>,
    /// Internal notes (transfer notes) are shown to agents only.
    pub internal: bool,
    /// A file or image sent with the message (the body is then its name).
    pub attachment: Option<Attachment>,
    /// What a bot message is: an answer to rate, suggestions to click (P3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot: Option<crate::bot::BotReply>,
    /// A message to a WeChat/Weibo follower: whether the platform took it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<crate::channels::Delivery>,
    pub created_at: DateTime<Utc>,
}

/// A stored file. `key` is an unguessable id; reading it still checks that
/// the reader may see the conversation it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub key: String,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

impl Attachment {
    pub fn is_image(&self) -> bool {
        self.content_type.starts_with("image/")
    }

    /// Where the file is served. Agents read it with their session cookie
    /// (or API token); visitors add a short-lived `?ticket=` (see
    /// `POST /api/v1/visitor/file-ticket`).
    pub fn url(&self) -> String {
        format!("/api/v1/files/{}", self.key)
    }
}

/// Largest upload accepted unless `SWITCHBOARD_UPLOAD_MAX_BYTES` says otherwise.
pub const UPLOAD_MAX_DEFAULT: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conversation {
    pub id: i64,
    pub visitor_id: i64,
    pub visitor_name: String,
    pub status: ConversationStatus,
    pub agent_id: Option<i32>,
    pub agent_name: Option<String>,
    pub group_id: Option<i32>,
    /// `web` or `app` (C6).
    pub channel: String,
    /// The app's name, for channel `app`.
    #[serde(default)]
    pub channel_name: Option<String>,
    pub source_url: Option<String>,
    pub last_seq: i64,
    /// Highest seq the agent side has read.
    pub agent_read_seq: i64,
    /// Highest seq the visitor has read.
    pub visitor_read_seq: i64,
    pub last_message: Option<String>,
    /// Set when the last message is a system line: the preview is that
    /// line in the reader's language (`last_message` holds its words).
    #[serde(default)]
    pub last_line: Option<SystemLine>,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    /// The agent has not answered within the admin-set time (R10).
    pub unanswered: bool,
    /// The visitor rated this conversation (R5).
    pub rated: bool,
}

/// What the widget gets when it opens: who the visitor is and their current
/// conversation with its messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitorSession {
    /// Secret that identifies this visitor from now on; the widget keeps it.
    pub token: String,
    pub visitor_id: i64,
    pub conversation: Option<Conversation>,
    pub messages: Vec<Message>,
    pub widget: WidgetSettings,
    /// Where the visitor's conversation stands in the queue (R4).
    pub queue: Option<crate::automation::QueueSpot>,
    pub options: crate::automation::VisitorOptions,
    /// Reads this visitor's files (`/api/v1/files/{key}?ticket=…`) until it
    /// expires; renew it with `POST /api/v1/visitor/file-ticket`.
    pub file_ticket: FileTicket,
}

/// A short-lived, signed permission to read one visitor's files, for URLs
/// (`<img src>`) that cannot carry the visitor's token in a header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileTicket {
    pub ticket: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitorHello {
    pub token: Option<String>,
    pub link: Option<String>,
    pub page_url: Option<String>,
    pub referrer: Option<String>,
    pub name: Option<String>,
    /// The visitor's address, if the site knows it; absent rather than empty.
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub email: Option<String>,
    /// Unverified details the page passed (shown to agents marked).
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub external_id: Option<String>,
    /// A signed or encrypted identity for the link (C3, C6; see
    /// `docs/identity.md`).
    #[serde(default)]
    pub identity: Option<String>,
}

/// How the chat button looks on a device class (C1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ButtonStyle {
    /// A rounded bar with an icon and the button text.
    #[default]
    Pill,
    /// A round icon-only button.
    Round,
}

impl ButtonStyle {
    pub fn key(self) -> &'static str {
        match self {
            ButtonStyle::Pill => "pill",
            ButtonStyle::Round => "round",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "pill" => Some(ButtonStyle::Pill),
            "round" => Some(ButtonStyle::Round),
            _ => None,
        }
    }
}

/// Widget look (C1) and the welcome message (R1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct WidgetSettings {
    pub window_name: String,
    pub title: String,
    pub theme_color: String,
    pub logo_url: Option<String>,
    pub show_close: bool,
    pub welcome_message: String,
    /// Text on the chat button; empty means "Chat with us" in the visitor's language.
    pub button_text: String,
    pub desktop_button: ButtonStyle,
    pub mobile_button: ButtonStyle,
    /// `en` or `zh-CN` forces the widget's language; empty follows the browser.
    pub language: String,
    /// The sites that may show the chat window in a frame, as origins
    /// (`https://shop.example`, `https://*.example.org`). Empty: the
    /// server's `SWITCHBOARD_WIDGET_SITES` (default: any site).
    pub allowed_sites: Vec<String>,
}

/// Most sites a widget allow-list holds.
pub const ALLOWED_SITES_MAX: usize = 50;

impl Default for WidgetSettings {
    fn default() -> Self {
        Self {
            window_name: "Switchboard".into(),
            title: "We usually reply within minutes".into(),
            theme_color: "#2563eb".into(),
            logo_url: None,
            show_close: true,
            welcome_message: "Hello! How can we help you today?".into(),
            button_text: String::new(),
            desktop_button: ButtonStyle::Pill,
            mobile_button: ButtonStyle::Round,
            language: String::new(),
            allowed_sites: Vec::new(),
        }
    }
}

/// A chat link (C3): its own `/chat/{slug}` address that can route every
/// conversation to one group or one agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatLink {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub group_id: Option<i32>,
    pub agent_id: Option<i32>,
    pub is_default: bool,
    #[serde(default)]
    pub identity_mode: crate::identity::IdentityMode,
    /// Visitors without a valid identity are refused.
    #[serde(default)]
    pub identity_required: bool,
    /// A secret has been made (it is shown once, when made).
    #[serde(default)]
    pub has_secret: bool,
    /// Whether its chats start with the bot; none: the channel's setting (P3).
    #[serde(default)]
    pub bot_mode: Option<crate::bot::BotMode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatLinkInput {
    pub name: String,
    /// Empty: made from a random suffix.
    pub slug: String,
    pub group_id: Option<i32>,
    pub agent_id: Option<i32>,
    #[serde(default)]
    pub identity_mode: crate::identity::IdentityMode,
    #[serde(default)]
    pub identity_required: bool,
    /// None: the channel's bot setting (P3).
    #[serde(default)]
    pub bot_mode: Option<crate::bot::BotMode>,
}

/// Where a transfer sends a conversation (W4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum TransferTarget {
    Agent(i32),
    Group(i32),
}

/// Colleagues and groups a conversation can be transferred to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferTargets {
    pub agents: Vec<(i32, String, crate::people::AgentStatus)>,
    pub groups: Vec<(i32, String)>,
}

/// Frames a client sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMsg {
    /// The first frame on `/ws?auth=frame`: a visitor token or an agent's
    /// personal API token (`sbat_…`), so no secret travels in the URL.
    Auth {
        token: String,
    },
    /// Send a text message. `client_id` is generated by the client and reused
    /// on retries, so a retry never duplicates. The visitor may omit
    /// `conversation_id` to start a conversation.
    Send {
        conversation_id: Option<i64>,
        client_id: String,
        body: String,
    },
    /// Replay everything after `after_seq` in a conversation (after reconnect).
    Resume {
        conversation_id: i64,
        after_seq: i64,
    },
    Typing {
        conversation_id: i64,
        typing: bool,
    },
    Read {
        conversation_id: i64,
        seq: i64,
    },
    Ping,
}

/// Frames the server sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerEvent {
    /// The server is ready; `agent_id` for agents, `visitor_id` for visitors.
    Ready {
        agent_id: Option<i32>,
        visitor_id: Option<i64>,
    },
    /// A message the sender's `client_id` is now stored as.
    Ack {
        client_id: String,
        message: Message,
    },
    Message {
        message: Message,
    },
    /// A conversation appeared, changed status, owner or read state.
    Conversation {
        conversation: Conversation,
    },
    Typing {
        conversation_id: i64,
        sender: Sender,
        typing: bool,
    },
    /// A frame was refused; the socket stays open (except after `resync`).
    Error {
        /// `bad_frame`, `too_large`, `resync`, or the kind of `error`.
        code: String,
        /// What the application refused, in the REST API's shape (field
        /// errors as data); absent for the protocol's own codes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<crate::AppError>,
        client_id: Option<String>,
    },
    /// A waiting visitor's place in the queue changed (R4).
    Queue {
        spot: crate::automation::QueueSpot,
    },
    /// The number of conversations waiting changed (agents only).
    QueueLength {
        waiting: i64,
    },
    /// A customer's record, tags or business records changed (agents
    /// only): panels showing it read it again, as the reader may.
    CustomerChanged {
        customer_id: i64,
    },
    /// Who is on the host site changed (agents only; at most once a
    /// second): the online-visitors list reads its page again.
    OnlineVisitors {
        total: usize,
    },
    /// A message to a WeChat/Weibo follower was sent or failed (agents
    /// only): shown under the message.
    Delivery {
        conversation_id: i64,
        seq: i64,
        delivery: crate::channels::Delivery,
    },
    /// An agent's status, limit or account changed (supervisors watching
    /// the monitor only): the monitor reads its figures again.
    AgentChanged {
        agent_id: i32,
    },
    Pong,
}
