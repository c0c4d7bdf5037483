//! Live chat (C1, C3, W1, W4, W5, R1): visitors, conversations and messages
//! with exactly-once delivery, one service per concept:
//!
//! - `conversations`: start, send, history, read state, typing, end
//! - `transfer`: hand a conversation to another agent or group (W4)
//! - `uploads`: files and images in a conversation
//! - `visitors`: recognising a visitor and opening their widget session
//! - `links`: chat links (C3)
//! - `writer`: the one task that stores every message in group commits
//! - `core`: what they share (visibility checks, system lines, publishing)

pub mod conversations;
pub(crate) mod core;
pub(crate) mod dto;
pub mod file_tickets;
pub mod links;
pub mod transfer;
pub mod uploads;
pub mod visitors;
pub(crate) mod writer;

use crate::actor::Actor;

/// Who acts on a conversation.
#[derive(Debug, Clone)]
pub enum Party {
    Visitor(i64),
    Agent(Actor),
}

/// Where a new conversation comes from.
#[derive(Debug, Clone, Default)]
pub struct StartInfo {
    pub link: Option<String>,
    pub source_url: Option<String>,
    /// The app a conversation comes from (C6): its channel is `app`.
    pub app: Option<String>,
    /// The page that sent the visitor to the site (P2 rules read it).
    pub referrer: Option<String>,
    /// The visitor's address, for the region (P2).
    pub ip: Option<std::net::IpAddr>,
    /// The navigation menu leaf the visitor picked (P1), and the language
    /// they saw it in.
    pub menu_item: Option<String>,
    pub lang: Option<String>,
    /// The WeChat/Weibo account a follower wrote to (C4, C5).
    pub channel: Option<ChannelStart>,
}

/// A platform account a conversation comes through: its channel is the
/// platform's, named after the account.
#[derive(Debug, Clone)]
pub struct ChannelStart {
    pub kind: model::channels::ChannelKind,
    pub account_id: i32,
    pub account_name: String,
    /// The account's own bot setting, before the channel default.
    pub bot_mode: Option<model::bot::BotMode>,
}

pub use conversations::ConversationService;
pub(crate) use dto::visitor_display_name;
pub use links::{LinkService, DEFAULT_LINK};
pub use model::chat::TransferTarget;
pub use transfer::TransferService;
pub use uploads::{Upload, UploadService};
pub use visitors::VisitorService;
