//! Transcripts (M2): conversations found by what was said in them and by
//! who, where and when, each with its matching lines highlighted.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::automation::Rating;
use crate::chat::{Conversation, Message, Sender};
use crate::customers::Tag;

/// Live, ended, or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TranscriptState {
    #[default]
    All,
    Live,
    Ended,
}

/// What to look for. Every part is optional; together they narrow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TranscriptQuery {
    /// Words said in the conversation (Chinese or English), all of them.
    #[serde(default)]
    pub text: String,
    pub agent_id: Option<i32>,
    pub group_id: Option<i32>,
    pub channel: Option<String>,
    /// Started on or after `from` and on or before `to`: days in the
    /// team's time zone (the working hours' UTC offset).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The rating's level (R5): 1 is the best.
    pub rating: Option<i32>,
    /// The customer (A3) carries this tag.
    pub tag_id: Option<i32>,
    #[serde(default)]
    pub state: TranscriptState,
    /// From the previous page's `next`.
    pub cursor: Option<String>,
}

/// A piece of a message's text, marked where it matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fragment {
    pub text: String,
    pub mark: bool,
}

/// A line of the conversation that matched the words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchedLine {
    pub seq: i64,
    pub sender: Sender,
    pub created_at: DateTime<Utc>,
    pub fragments: Vec<Fragment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TranscriptHit {
    pub conversation: Conversation,
    /// Up to a few matching lines, oldest first (empty without words).
    pub lines: Vec<MatchedLine>,
}

/// One page of results, newest conversation first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TranscriptPage {
    pub hits: Vec<TranscriptHit>,
    /// The cursor of the next page, if there is one.
    pub next: Option<String>,
}

/// Longest search text accepted.
pub const TEXT_MAX: usize = 200;

/// One conversation in full, as the console opens and exports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Transcript {
    pub conversation: Conversation,
    /// Every line in seq order: system lines and internal notes included.
    pub messages: Vec<Message>,
    /// The visitor's rating (R5), if they gave one.
    pub rating: Option<Rating>,
}

/// What the filters offer to this reader: the agents whose conversations
/// they may find (everyone with *View all transcripts*, else themselves),
/// the groups and the customers' tags.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptFilters {
    /// (id, name), disabled agents included: their old chats are found too.
    pub agents: Vec<(i32, String)>,
    pub groups: Vec<(i32, String)>,
    pub tags: Vec<Tag>,
    /// The survey's levels (R5), best first: level 1 is the first.
    pub levels: Vec<String>,
}
