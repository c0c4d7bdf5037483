//! The live monitor (M1): the team and the conversations in progress, as a
//! supervisor sees them. Computed from stored data, so a page opened at any
//! moment shows the same figures as one that has been open all day.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::chat::ConversationStatus;
use crate::people::AgentStatus;

/// One agent's figures now and today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentFigures {
    pub agent_id: i32,
    pub name: String,
    pub status: AgentStatus,
    /// When the status was last set.
    pub status_since: DateTime<Utc>,
    /// Chats they are serving now.
    pub current: i64,
    /// Their limit (their own or the default).
    pub max: i64,
    /// Chats assigned to them since the team's midnight.
    pub taken_today: i64,
    /// Mean seconds from assignment to their first reply, over today's chats
    /// they have answered.
    pub avg_first_response_secs: Option<i64>,
    /// Their live chats that turned red (R10) and are still unanswered.
    pub unanswered: i64,
}

/// A conversation in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveConversation {
    pub id: i64,
    pub status: ConversationStatus,
    pub visitor_name: String,
    pub agent_id: Option<i32>,
    pub agent_name: Option<String>,
    pub group_id: Option<i32>,
    pub group_name: Option<String>,
    pub channel: String,
    pub channel_name: Option<String>,
    pub started_at: DateTime<Utc>,
    /// Since when the visitor has been waiting for a person: in the queue
    /// since it started, with an agent since their last unanswered message.
    pub waiting_since: Option<DateTime<Utc>>,
    /// Red in the workbench (R10).
    pub unanswered: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitorSnapshot {
    pub at: DateTime<Utc>,
    pub agents: Vec<AgentFigures>,
    pub queue_length: i64,
    /// When the longest-waiting queued visitor started waiting.
    pub queue_oldest: Option<DateTime<Utc>>,
    pub conversations: Vec<LiveConversation>,
}
