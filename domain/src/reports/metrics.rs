//! One conversation's figures (M3), exactly as `docs/metrics.md` defines
//! them: a pure function of the conversation's events in time order, so
//! every definition is tested on hand-built sequences without a database.
//! `facts.rs` builds the events from stored rows and keeps the result in
//! `conversation_facts`, which every report reads.

use chrono::{DateTime, Utc};

/// What happened in a conversation, as the metrics see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The visitor opened it (their first message).
    Started,
    /// The FAQ bot answered.
    BotReply,
    /// The bot handed the visitor to people (asked for, or after failures).
    HandedOff,
    /// An agent got it: from the queue, at the start, or by a transfer.
    Assigned,
    /// It moved to another agent or group (also a reassignment after no
    /// reply).
    Transferred,
    /// A visitor's message.
    Visitor,
    /// An agent's message to the visitor (internal notes are not events).
    Agent,
    /// The visitor, the agent or a timer ended it.
    Ended,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    pub kind: Kind,
    pub at: DateTime<Utc>,
}

/// The visitor's rating: `level` 1 is the best of `scale` levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rating {
    pub level: i32,
    pub scale: i32,
}

impl Rating {
    /// The level on a 0–100 scale: the best is 100, the worst 0.
    pub fn score(self) -> f64 {
        if self.scale <= 1 {
            return 100.0;
        }
        let level = self.level.clamp(1, self.scale);
        f64::from(self.scale - level) / f64::from(self.scale - 1) * 100.0
    }
}

/// The figures of one conversation. Times are whole seconds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    /// It started with the bot.
    pub bot: bool,
    pub handed_off: bool,
    /// The bot handled it to the end: no hand-off and no agent message.
    pub bot_resolved: bool,
    /// An agent wrote to the visitor at least once.
    pub answered: bool,
    /// It ended for people without any agent message (bot-resolved ones
    /// are not missed).
    pub missed: bool,
    /// Missed before it ever reached an agent: the visitor left the queue.
    pub abandoned_in_queue: bool,
    /// From the start (or the hand-off) to the first agent.
    pub queue_secs: Option<i64>,
    /// From the first agent to the first agent message.
    pub first_response_secs: Option<i64>,
    /// Σ and count of the reply times, one per exchange.
    pub reply_secs_total: i64,
    pub replies: i32,
    /// From the start to the (last) end; `None` while it is live.
    pub duration_secs: Option<i64>,
    pub ended_at: Option<DateTime<Utc>>,
    pub messages_in: i32,
    pub messages_out: i32,
    pub bot_messages: i32,
    pub transfers: i32,
    /// 0–100, when rated.
    pub satisfaction: Option<f64>,
}

impl Figures {
    /// The mean reply time of this conversation's exchanges.
    pub fn reply_secs(&self) -> Option<i64> {
        (self.replies > 0).then(|| self.reply_secs_total / i64::from(self.replies))
    }
}

fn secs(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_seconds().max(0)
}

/// The figures of one conversation from its events. Events are read in
/// time order (stable for equal instants), whatever order they come in.
pub fn figures(events: &[Event], rating: Option<Rating>) -> Figures {
    let mut events = events.to_vec();
    events.sort_by_key(|e| e.at);
    let mut f = Figures {
        satisfaction: rating.map(Rating::score),
        ..Figures::default()
    };
    let mut started: Option<DateTime<Utc>> = None;
    let mut handed_off_at: Option<DateTime<Utc>> = None;
    let mut first_assigned: Option<DateTime<Utc>> = None;
    // The first visitor message no one has answered yet.
    let mut unanswered: Option<DateTime<Utc>> = None;
    let mut live = false;
    for e in &events {
        match e.kind {
            Kind::Started => {
                started.get_or_insert(e.at);
                live = true;
            }
            Kind::BotReply => {
                f.bot_messages += 1;
                if first_assigned.is_none() {
                    f.bot = true;
                    // The bot answered: nothing waits on people yet.
                    unanswered = None;
                }
            }
            Kind::HandedOff => {
                f.handed_off = true;
                f.bot = true;
                handed_off_at.get_or_insert(e.at);
            }
            Kind::Assigned => {
                if first_assigned.is_none() {
                    first_assigned = Some(e.at);
                    let from = handed_off_at.or(started).unwrap_or(e.at);
                    f.queue_secs = Some(secs(from, e.at));
                }
            }
            Kind::Transferred => f.transfers += 1,
            Kind::Visitor => {
                f.messages_in += 1;
                unanswered.get_or_insert(e.at);
                // A visitor writing after the end reopened it.
                live = true;
            }
            Kind::Agent => {
                f.messages_out += 1;
                if !f.answered {
                    f.answered = true;
                    let reached = first_assigned.unwrap_or(e.at);
                    f.first_response_secs = Some(secs(reached, e.at));
                }
                if let Some(asked) = unanswered.take() {
                    // Waiting for people starts when an agent has it.
                    let asked = first_assigned.map_or(asked, |a| asked.max(a));
                    f.reply_secs_total += secs(asked, e.at);
                    f.replies += 1;
                }
            }
            Kind::Ended => {
                live = false;
                f.ended_at = Some(e.at);
            }
        }
    }
    if live {
        f.ended_at = None;
    }
    if let (Some(start), Some(end)) = (started, f.ended_at) {
        f.duration_secs = Some(secs(start, end));
    }
    let ended = f.ended_at.is_some();
    f.bot_resolved = ended && f.bot && !f.handed_off && !f.answered;
    f.missed = ended && !f.answered && !f.bot_resolved;
    f.abandoned_in_queue = f.missed && first_assigned.is_none();
    f
}

#[cfg(test)]
#[path = "metrics_tests.rs"]
mod tests;
