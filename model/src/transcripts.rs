//! Transcripts (M2): conversations found by what was said in them and by
//! who, where and when, each with its matching lines highlighted.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::chat::{Conversation, Sender};

/// Live, ended, or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TranscriptState {
    #[default]
    All,
    Live,
    Ended,
}

/// What to look for. Every part is optional; together they narrow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The rating's level (R5).
    pub rating: Option<i32>,
    #[serde(default)]
    pub state: TranscriptState,
    /// From the previous page's `next`.
    pub cursor: Option<String>,
}

/// A piece of a message's text, marked where it matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fragment {
    pub text: String,
    pub mark: bool,
}

/// A line of the conversation that matched the words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedLine {
    pub seq: i64,
    pub sender: Sender,
    pub created_at: DateTime<Utc>,
    pub fragments: Vec<Fragment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptHit {
    pub conversation: Conversation,
    /// Up to a few matching lines, oldest first (empty without words).
    pub lines: Vec<MatchedLine>,
}

/// One page of results, newest conversation first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptPage {
    pub hits: Vec<TranscriptHit>,
    /// The cursor of the next page, if there is one.
    pub next: Option<String>,
}

/// Longest search text accepted.
pub const TEXT_MAX: usize = 200;
