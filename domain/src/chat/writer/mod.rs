//! Group commit for messages. Every append in this process goes through one
//! writer task, which stores whatever has queued up meanwhile in a single
//! transaction of five statements, however many messages: one commit (and,
//! on SQLite, one turn at the write lock) for a whole batch instead of a few
//! statements and a commit per message. A batch that fails on a message's
//! content is retried looking for retried client ids, then message by
//! message, so one bad message never takes its neighbours down with it.
//!
//! Each message is published (in seq order) and acknowledged only after its
//! batch committed.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use model::chat::{Attachment, Message, Sender, ServerEvent, SystemLine};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};
use tokio::sync::{mpsc, oneshot, Notify};

use super::dto::message_dto;
use crate::clock::Clock;
use crate::entities::{conversation, message};
use crate::error::{Error, Result};
use crate::hub::{Hub, Topic};

mod rows;
use rows::{advance, allowed, lock_conversations, new_row, save_conversations, stored_messages};

/// Most messages stored in one transaction (15 values each stays well under
/// SQLite's limit of bound variables per statement).
const MAX_BATCH: usize = 256;
/// Appends waiting for the writer before senders wait for room.
const QUEUE: usize = 4096;

/// One message to store.
#[derive(Debug, Clone)]
pub(crate) struct Append {
    pub conversation_id: i64,
    pub guard: Guard,
    pub sender: Sender,
    pub agent_id: Option<i32>,
    pub client_id: String,
    pub body: String,
    /// Which line, for the system's messages.
    pub system: Option<SystemLine>,
    pub internal: bool,
    pub attachment: Option<Attachment>,
    /// A bot message's details (P3).
    pub bot: Option<model::bot::BotReply>,
}

/// What must hold of the conversation when the message is written, checked
/// on its locked row in the transaction that writes the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Guard {
    /// Nothing (system notices, also about an ended conversation).
    Any,
    /// The visitor's own, not ended.
    Visitor(i64),
    /// Assigned to this agent, not ended.
    Agent(i32),
}

/// What became of a message, as its sender's answer.
#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    /// Stored now and published; the conversation as this write left it.
    Stored {
        message: Message,
        conversation: Box<conversation::Model>,
        /// The agent's first reply since the conversation was assigned.
        first_reply: bool,
    },
    /// This client id was stored before (a retry): the stored message.
    Existing(Message),
    /// The guard did not hold (missing, ended, or not theirs).
    Refused,
    /// The client id is another sender's in this conversation.
    Taken,
}

/// What a batch wrote, before it is turned into answers.
#[derive(Debug, Clone)]
enum Written {
    Stored(message::Model, Box<conversation::Model>, bool),
    Existing(message::Model),
    Refused,
    Taken,
}

struct Job {
    append: Append,
    /// Its words for the transcript index (M2), found by the sender's task
    /// so the writer does not segment while others wait.
    terms: Vec<String>,
    reply: oneshot::Sender<Result<Outcome>>,
}

#[derive(Clone)]
pub(crate) struct Writer {
    tx: mpsc::Sender<Job>,
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    hub: Hub,
    /// Woken when a batch stored messages for a platform's follower.
    outbox: Arc<Notify>,
}

impl Writer {
    /// Starts the writer task on the current tokio runtime.
    pub fn start(
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        hub: Hub,
        outbox: Arc<Notify>,
    ) -> Self {
        let (tx, rx) = mpsc::channel(QUEUE);
        let task = (db.clone(), clock.clone(), hub.clone(), outbox.clone());
        tokio::spawn(run(task, rx));
        Self {
            tx,
            db,
            clock,
            hub,
            outbox,
        }
    }

    /// Store one message (once per client id), publish it, and return what
    /// happened. The writer publishes, so a caller that stops waiting (a
    /// dropped request) cannot leave a stored message unannounced.
    pub async fn append(&self, append: Append) -> Result<Outcome> {
        let (reply, answer) = oneshot::channel();
        let terms = searchable(&append);
        match self
            .tx
            .send(Job {
                append,
                terms,
                reply,
            })
            .await
        {
            Ok(()) => answer
                .await
                .unwrap_or_else(|_| Err(Error::Internal("message writer stopped".into()))),
            // The runtime that ran the writer is gone (tests that build
            // services once and use them from several runtimes): write here.
            Err(mpsc::error::SendError(job)) => {
                let written =
                    write_one(&self.db, self.clock.now(), &job.append, &job.terms).await?;
                wake_outbox(&self.outbox, std::slice::from_ref(&written));
                Ok(deliver(&self.db, &self.hub, vec![written]).await.remove(0))
            }
        }
    }
}

/// The words a message is found by in transcripts: none for system lines.
fn searchable(append: &Append) -> Vec<String> {
    match append.system {
        Some(_) => vec![],
        None => crate::transcripts::index::terms_of(&append.body),
    }
}

/// What the writer task works with.
type Task = (DatabaseConnection, Arc<dyn Clock>, Hub, Arc<Notify>);

async fn run((db, clock, hub, outbox): Task, mut rx: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        // Let the tasks about to send run first, so they join this batch
        // instead of waiting a whole commit for the next one.
        for _ in 0..2 {
            tokio::task::yield_now().await;
            while jobs.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(job) => jobs.push(job),
                    Err(_) => break,
                }
            }
        }
        let batch: Vec<Job> = std::mem::take(&mut jobs);
        let now = clock.now();
        let appends: Vec<&Append> = batch.iter().map(|j| &j.append).collect();
        let terms: Vec<&[String]> = batch.iter().map(|j| j.terms.as_slice()).collect();
        let written = write_all(&db, now, &appends, &terms).await;
        let mut stored = Vec::with_capacity(written.len());
        let mut errors = Vec::with_capacity(written.len());
        for w in written {
            match w {
                Ok(w) => {
                    stored.push(w);
                    errors.push(None);
                }
                Err(e) => errors.push(Some(e)),
            }
        }
        wake_outbox(&outbox, &stored);
        let mut answers = deliver(&db, &hub, stored).await.into_iter();
        for (job, error) in batch.into_iter().zip(errors) {
            let answer = match error {
                None => answers
                    .next()
                    .ok_or_else(|| Error::Internal("lost answer".into())),
                Some(e) => Err(e),
            };
            let _ = job.reply.send(answer);
        }
    }
}

/// Store a batch, each message's result in order. First without looking
/// for retries (the unique index catches them), then looking, then one by
/// one to find whose message fails. Only a message's own content can make a
/// batch fail that way; a database that is down or busy fails the batch at
/// once, not 256 times over.
async fn write_all(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    appends: &[&Append],
    terms: &[&[String]],
) -> Vec<Result<Written>> {
    for look_for_retries in [false, true] {
        match write_batch(db, now, appends, terms, look_for_retries).await {
            Ok(written) => return written.into_iter().map(Ok).collect(),
            Err(e) if e.sql_err().is_none() => return failed(&e, appends.len()),
            Err(_) => {}
        }
    }
    let mut each = Vec::with_capacity(appends.len());
    for (append, terms) in appends.iter().zip(terms) {
        each.push(write_one(db, now, append, terms).await);
    }
    each
}

/// Wake the delivery worker when messages for a platform were stored.
fn wake_outbox(outbox: &Notify, written: &[Written]) {
    let any = written
        .iter()
        .any(|w| matches!(w, Written::Stored(m, _, _) if m.delivery.is_some()));
    if any {
        outbox.notify_one();
    }
}

/// The same error for every message of a batch.
fn failed(e: &sea_orm::DbErr, n: usize) -> Vec<Result<Written>> {
    tracing::error!(error = %e, messages = n, "storing a batch of messages failed");
    (0..n)
        .map(|_| Err(Error::Internal(format!("storing messages: {e}"))))
        .collect()
}

/// Turn what was written into answers, publishing new messages in the order
/// they were stored (one query for the agents' names). The messages are
/// committed already, so a failed name lookup only leaves the names out.
async fn deliver(db: &DatabaseConnection, hub: &Hub, written: Vec<Written>) -> Vec<Outcome> {
    let agent_ids = written
        .iter()
        .filter_map(|w| match w {
            Written::Stored(m, _, _) | Written::Existing(m) => m.agent_id,
            _ => None,
        })
        .collect();
    let names = crate::people::agent_faces(db, agent_ids)
        .await
        .unwrap_or_else(|e| {
            tracing::warn!(error = %e, "agent names for new messages");
            HashMap::new()
        });
    written
        .into_iter()
        .map(|w| match w {
            Written::Stored(row, conv, first_reply) => {
                let message = message_dto(row, &names);
                let event = ServerEvent::Message {
                    message: message.clone(),
                };
                if !message.internal {
                    hub.publish(Topic::Visitor(conv.visitor_id), event.clone());
                }
                if let Some(agent) = conv.agent_id {
                    hub.publish(Topic::Agent(agent), event.clone());
                }
                hub.publish(Topic::Supervisors, event);
                Outcome::Stored {
                    message,
                    conversation: conv,
                    first_reply,
                }
            }
            Written::Existing(row) => Outcome::Existing(message_dto(row, &names)),
            Written::Refused => Outcome::Refused,
            Written::Taken => Outcome::Taken,
        })
        .collect()
}

/// One message in its own transaction.
async fn write_one(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    append: &Append,
    terms: &[String],
) -> Result<Written> {
    match write_batch(db, now, &[append], &[terms], true).await {
        Ok(mut outcomes) => Ok(outcomes.remove(0)),
        // Stored by another process since we looked: look again.
        Err(e) if crate::people::is_unique_violation(&e) => {
            let stored = message::Entity::find()
                .filter(message::Column::ConversationId.eq(append.conversation_id))
                .filter(message::Column::ClientId.eq(append.client_id.as_str()))
                .one(db)
                .await?
                .ok_or(Error::Db(e))?;
            Ok(retry_of(append, &stored))
        }
        Err(e) => Err(e.into()),
    }
}

/// The answer to a client id that is already stored: the stored message if
/// it is the same sender's; someone else's id is refused, never answered
/// with their message.
fn retry_of(append: &Append, stored: &message::Model) -> Written {
    if stored.sender == append.sender {
        Written::Existing(stored.clone())
    } else {
        Written::Taken
    }
}

/// Where each message of a batch stands while it is being written.
#[allow(clippy::large_enum_variant)] // a few per batch, briefly
enum Slot {
    Done(Written),
    /// To be inserted with this seq; whether it is the agent's first reply.
    New(i64, bool),
    /// The same client id as an earlier message of this batch.
    SameAs(usize),
}

/// Store a batch in one transaction: outcomes in the order given. Five
/// statements whatever its size: lock and read the conversations, look for
/// stored client ids (only if `look_for_retries`), one UPDATE for every
/// conversation's seq and timestamps, one INSERT for the messages.
async fn write_batch(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    appends: &[&Append],
    terms: &[&[String]],
    look_for_retries: bool,
) -> Result<Vec<Written>, sea_orm::DbErr> {
    let txn = db.begin().await?;
    let mut ids: Vec<i64> = appends.iter().map(|a| a.conversation_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut convs = lock_conversations(&txn, &ids).await?;
    let stored = if look_for_retries {
        stored_messages(&txn, appends).await?
    } else {
        HashMap::new()
    };
    let mut slots = Vec::with_capacity(appends.len());
    let mut firsts: HashMap<(i64, &str), usize> = HashMap::new();
    for (i, append) in appends.iter().enumerate() {
        let key = (append.conversation_id, append.client_id.as_str());
        let slot = match convs.get_mut(&append.conversation_id) {
            // The senders checked the lengths already; `stored_text` is the
            // net `insert_many` would otherwise skip.
            Some(conv)
                if allowed(append.guard, conv)
                    && crate::stored_text::check(&new_row(append, 0, now, conv)).is_ok() =>
            {
                let retry = match stored.is_empty() {
                    true => None,
                    false => stored.get(&(key.0, key.1.to_owned())),
                };
                if let Some(m) = retry {
                    Slot::Done(retry_of(append, m))
                } else if let Some(&first) = firsts.get(&key) {
                    Slot::SameAs(first)
                } else {
                    firsts.insert(key, i);
                    let first_reply =
                        append.sender == Sender::Agent && conv.agent_replied_at.is_none();
                    Slot::New(advance(conv, append, now), first_reply)
                }
            }
            _ => Slot::Done(Written::Refused),
        };
        slots.push(slot);
    }
    let mut written: Vec<i64> = appends
        .iter()
        .zip(&slots)
        .filter(|(_, s)| matches!(s, Slot::New(..)))
        .map(|(a, _)| a.conversation_id)
        .collect();
    written.sort_unstable();
    written.dedup();
    if !written.is_empty() {
        save_conversations(&txn, &written, &convs).await?;
    }
    let rows = message::Entity::insert_many(appends.iter().zip(&slots).filter_map(|(a, s)| {
        match s {
            Slot::New(seq, _) => convs
                .get(&a.conversation_id)
                .map(|conv| new_row(a, *seq, now, conv)),
            _ => None,
        }
    }))
    .exec_with_returning(&txn)
    .await?;
    // The new messages' words, in the same transaction (M2).
    let words: HashMap<(i64, i64), &[String]> = appends
        .iter()
        .zip(&slots)
        .zip(terms)
        .filter_map(|((a, s), t)| match s {
            Slot::New(seq, _) if !t.is_empty() => Some(((a.conversation_id, *seq), *t)),
            _ => None,
        })
        .collect();
    let indexed: Vec<(i64, Vec<String>)> = rows
        .iter()
        .filter_map(|m| {
            words
                .get(&(m.conversation_id, m.seq))
                .map(|t| (m.id, t.to_vec()))
        })
        .collect();
    crate::transcripts::index::add(&txn, &indexed).await?;
    txn.commit().await?;
    let mut by_seq: HashMap<(i64, i64), message::Model> = rows
        .into_iter()
        .map(|m| ((m.conversation_id, m.seq), m))
        .collect();
    let mut outcomes: Vec<Written> = Vec::with_capacity(appends.len());
    for (append, slot) in appends.iter().zip(slots) {
        let outcome = match slot {
            Slot::Done(outcome) => outcome,
            Slot::New(seq, first_reply) => {
                let row = by_seq
                    .remove(&(append.conversation_id, seq))
                    .ok_or(sea_orm::DbErr::RecordNotInserted)?;
                let conv = convs
                    .get(&append.conversation_id)
                    .ok_or(sea_orm::DbErr::RecordNotFound("conversation".into()))?;
                Written::Stored(row, Box::new(conv.clone()), first_reply)
            }
            Slot::SameAs(first) => match &outcomes[first] {
                Written::Stored(row, _, _) => retry_of(append, row),
                other => other.clone(),
            },
        };
        outcomes.push(outcome);
    }
    Ok(outcomes)
}
