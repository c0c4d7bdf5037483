//! Online visitors (W2) and proactive invitations (C2): who is on the host
//! site now, what they looked at this visit, and the invitations agents or
//! the console's rules send them. The loader (`embed.js`) talks to
//! `/ws/site` in the small `SiteClientMsg` / `SiteServerMsg` frames below.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::routing::{Place, SearchEngine, TextMatch};

/// Longest page URL or referrer a page view keeps.
pub const PAGE_URL_MAX: usize = 2048;
/// Longest page title kept.
pub const TITLE_MAX: usize = 200;
pub const INVITE_TEXT_MAX: usize = 500;
pub const INVITATION_RULES_MAX: usize = 20;
/// Online visitors shown per page of the workbench list.
pub const ONLINE_PAGE_SIZE: usize = 50;
/// Pages of this visit an online visitor's detail lists (newest kept).
pub const VISIT_PAGES_MAX: usize = 100;

/// One page the visitor opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageView {
    pub url: String,
    pub title: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    /// Shown to the visitor (or waiting for their time on the page).
    Pending,
    Accepted,
    Declined,
}

/// The latest invitation of a visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationState {
    pub id: String,
    /// The inviting agent; none for the console's automatic rules.
    pub agent_name: Option<String>,
    pub text: String,
    pub status: InvitationStatus,
    pub at: DateTime<Utc>,
}

/// A visitor on the host site now, as the workbench lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnlineVisitor {
    /// The browser's id for the site (kept by the loader), not a secret.
    pub id: String,
    pub link: String,
    pub page: PageView,
    /// Pages opened this visit.
    pub pages: u32,
    pub entered_at: DateTime<Utc>,
    pub referrer: Option<String>,
    pub engine: Option<SearchEngine>,
    pub keyword: Option<String>,
    /// "中国 上海 上海市", or empty when the address is unknown.
    pub region: String,
    pub browser: String,
    pub os: String,
    /// Visits so far, this one included: more than one is a returning visitor.
    pub visits: u32,
    /// An open conversation of theirs exists.
    pub chatting: bool,
    pub invitation: Option<InvitationState>,
}

/// One page of the online-visitors list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnlineVisitors {
    /// Everyone online who matches the filter.
    pub total: usize,
    pub visitors: Vec<OnlineVisitor>,
}

/// One online visitor in full: this visit's pages and whose earlier
/// conversations the agent may open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnlineVisitorDetail {
    pub visitor: OnlineVisitor,
    /// This visit's pages, newest first.
    pub pages: Vec<PageView>,
    /// The customer they are, once they have chatted: their history.
    pub customer_id: Option<i64>,
}

/// When the console invites visitors by itself (C2). Every condition that
/// is set must hold; the first rule that holds invites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct InvitationRule {
    /// Seconds on the current page before the bubble shows.
    pub after_seconds: u32,
    /// The page's URL (any page when `page_value` is empty).
    pub page_op: TextMatch,
    pub page_value: String,
    /// Pages opened this visit, at least (0: any).
    pub min_pages: u32,
    /// Only visitors who have been on the site before.
    pub returning_only: bool,
    /// Only visitors from these places or region sets (anywhere if both
    /// are empty).
    pub places: Vec<Place>,
    pub region_sets: Vec<i32>,
}

/// Console → Routing → Invitations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct InvitationSettings {
    pub enabled: bool,
    pub text_zh: String,
    pub text_en: String,
    pub rules: Vec<InvitationRule>,
}

/// What the loader sends on `/ws/site`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum SiteClientMsg {
    /// The host page the visitor is on now.
    View {
        url: String,
        #[serde(default)]
        title: String,
        #[serde(default)]
        referrer: Option<String>,
    },
    /// The visitor answered an invitation.
    Accept {
        id: String,
    },
    Decline {
        id: String,
    },
    Ping,
}

/// What `/ws/site` sends the loader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum SiteServerMsg {
    /// Show an invitation bubble after `after_secs` on this page.
    Invite {
        id: String,
        text: String,
        after_secs: u32,
        agent: Option<String>,
    },
    Pong,
}
