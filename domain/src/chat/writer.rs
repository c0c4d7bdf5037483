//! Group commit for messages. Every append in this process goes through one
//! writer task, which stores whatever has queued up meanwhile in a single
//! transaction: one commit (and, on SQLite, one turn at the write lock) for
//! a whole batch instead of one per message, and no connections left waiting
//! on each other's locks. A batch that fails as a whole is retried message by
//! message, so one bad message never takes its neighbours down with it.
//!
//! Each message is still acknowledged only after its batch committed.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use model::chat::{Attachment, ConversationStatus, Sender};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use tokio::sync::{mpsc, oneshot};

use crate::clock::Clock;
use crate::entities::{conversation, message};
use crate::error::{Error, Result};

/// Most messages stored in one transaction (13 values each stays well under
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
    pub internal: bool,
    pub attachment: Option<Attachment>,
}

/// What must hold of the conversation when the message is written, checked
/// in the same statement that hands out its seq.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Guard {
    /// Nothing (system notices, also about an ended conversation).
    Any,
    /// The visitor's own, not ended.
    Visitor(i64),
    /// Assigned to this agent, not ended.
    Agent(i32),
}

#[derive(Debug)]
pub(crate) enum Outcome {
    /// Stored now, with the conversation as this write left it.
    Stored(message::Model, Box<conversation::Model>),
    /// This client id was stored before (a retry): the stored message.
    Existing(message::Model),
    /// The guard did not hold (missing, ended, or not theirs).
    Refused,
}

struct Job {
    append: Append,
    reply: oneshot::Sender<Result<Outcome>>,
}

#[derive(Clone)]
pub(crate) struct Writer {
    tx: mpsc::Sender<Job>,
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
}

impl Writer {
    /// Starts the writer task on the current tokio runtime.
    pub fn start(db: DatabaseConnection, clock: Arc<dyn Clock>) -> Self {
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(db.clone(), clock.clone(), rx));
        Self { tx, db, clock }
    }

    /// Store one message (once per client id) and return what happened.
    pub async fn append(&self, append: Append) -> Result<Outcome> {
        let (reply, answer) = oneshot::channel();
        match self.tx.send(Job { append, reply }).await {
            Ok(()) => answer
                .await
                .unwrap_or_else(|_| Err(Error::Internal("message writer stopped".into()))),
            // The runtime that ran the writer is gone (tests that build
            // services once and use them from several runtimes): write here.
            Err(mpsc::error::SendError(job)) => {
                write_one(&self.db, self.clock.now(), &job.append).await
            }
        }
    }
}

async fn run(db: DatabaseConnection, clock: Arc<dyn Clock>, mut rx: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let batch: Vec<Job> = std::mem::take(&mut jobs);
        let now = clock.now();
        let appends: Vec<&Append> = batch.iter().map(|j| &j.append).collect();
        match write_batch(&db, now, &appends).await {
            Ok(outcomes) => {
                for (job, outcome) in batch.into_iter().zip(outcomes) {
                    let _ = job.reply.send(Ok(outcome));
                }
            }
            Err(_) => {
                // A retry inside the batch, a lock conflict, a bad value:
                // find out whose by writing each on its own.
                for job in batch {
                    let outcome = write_one(&db, now, &job.append).await;
                    let _ = job.reply.send(outcome);
                }
            }
        }
    }
}

/// One message in its own transaction. A clash on the client id means a
/// retry: the stored message stands if it is the same sender's, and someone
/// else's id is refused, never answered with their message.
async fn write_one(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    append: &Append,
) -> Result<Outcome> {
    match write_batch(db, now, &[append]).await {
        Ok(mut outcomes) => Ok(outcomes.remove(0)),
        Err(e) if crate::people::is_unique_violation(&e) => {
            let existing = message::Entity::find()
                .filter(message::Column::ConversationId.eq(append.conversation_id))
                .filter(message::Column::ClientId.eq(append.client_id.as_str()))
                .one(db)
                .await?
                .ok_or(Error::Db(e))?;
            if existing.sender != append.sender.key() {
                return Err(Error::field("client_id", "duplicate"));
            }
            Ok(Outcome::Existing(existing))
        }
        Err(e) => Err(e.into()),
    }
}

/// Store a batch in one transaction: outcomes in the order given.
async fn write_batch(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    appends: &[&Append],
) -> Result<Vec<Outcome>, sea_orm::DbErr> {
    let txn = db.begin().await?;
    let mut retries = stored_visitor_messages(&txn, appends).await?;
    let mut outcomes: Vec<Option<Outcome>> = appends.iter().map(|_| None).collect();
    // Conversations are locked in id order, the same in every process, so
    // two batches on PostgreSQL cannot deadlock on each other.
    let mut order: Vec<usize> = (0..appends.len()).collect();
    order.sort_by_key(|&i| appends[i].conversation_id);
    let mut bumped = Vec::with_capacity(appends.len());
    for i in order {
        let append = appends[i];
        if let Guard::Visitor(visitor) = append.guard {
            if let Some(stored) = retries.remove(&(visitor, append.client_id.clone())) {
                outcomes[i] = Some(Outcome::Existing(stored));
                continue;
            }
        }
        match bump(&txn, append, now).await? {
            Some(conv) => bumped.push((i, conv)),
            None => outcomes[i] = Some(Outcome::Refused),
        }
    }
    let rows = message::Entity::insert_many(
        bumped
            .iter()
            .map(|(i, conv)| new_row(appends[*i], conv.last_seq, now)),
    )
    .exec_with_returning(&txn)
    .await?;
    txn.commit().await?;
    let mut by_seq: HashMap<(i64, i64), message::Model> = rows
        .into_iter()
        .map(|m| ((m.conversation_id, m.seq), m))
        .collect();
    for (i, conv) in bumped {
        let row = by_seq
            .remove(&(conv.id, conv.last_seq))
            .ok_or_else(|| sea_orm::DbErr::RecordNotInserted)?;
        outcomes[i] = Some(Outcome::Stored(row, Box::new(conv)));
    }
    Ok(outcomes
        .into_iter()
        .map(|o| o.unwrap_or(Outcome::Refused))
        .collect())
}

/// Visitors' messages already stored under these client ids, in any of
/// their conversations: a retry may arrive after its conversation ended and
/// a new one began. One query for the batch.
async fn stored_visitor_messages<C: ConnectionTrait>(
    db: &C,
    appends: &[&Append],
) -> Result<HashMap<(i64, String), message::Model>, sea_orm::DbErr> {
    let asked: Vec<(i64, &str)> = appends
        .iter()
        .filter_map(|a| match a.guard {
            Guard::Visitor(v) => Some((v, a.client_id.as_str())),
            _ => None,
        })
        .collect();
    if asked.is_empty() {
        return Ok(HashMap::new());
    }
    let theirs = Query::select()
        .columns([conversation::Column::Id])
        .from(conversation::Entity)
        .and_where(conversation::Column::VisitorId.is_in(asked.iter().map(|(v, _)| *v)))
        .to_owned();
    let rows = message::Entity::find()
        .filter(message::Column::ConversationId.in_subquery(theirs))
        .filter(message::Column::ClientId.is_in(asked.iter().map(|(_, c)| *c)))
        .filter(message::Column::Sender.eq(Sender::Visitor.key()))
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(HashMap::new());
    }
    // Rare (retries only): whose conversations those were.
    let owners: HashMap<i64, i64> = conversation::Entity::find()
        .filter(conversation::Column::Id.is_in(rows.iter().map(|m| m.conversation_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.visitor_id))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|m| {
            let visitor = *owners.get(&m.conversation_id)?;
            asked
                .contains(&(visitor, m.client_id.as_str()))
                .then(|| ((visitor, m.client_id.clone()), m))
        })
        .collect())
}

/// Hand out the next seq and note who spoke when, if the guard holds: the
/// conversation after the change, or `None`. The UPDATE takes the
/// conversation's write lock, so appends from other processes queue behind.
async fn bump<C: ConnectionTrait>(
    db: &C,
    append: &Append,
    now: DateTime<Utc>,
) -> Result<Option<conversation::Model>, sea_orm::DbErr> {
    use conversation::Column as C;
    let mut update = conversation::Entity::update_many()
        .col_expr(C::LastSeq, Expr::col(C::LastSeq).add(1))
        .filter(C::Id.eq(append.conversation_id));
    let open = C::Status.ne(ConversationStatus::Ended.key());
    update = match append.guard {
        Guard::Any => update,
        Guard::Visitor(v) => update.filter(Condition::all().add(open).add(C::VisitorId.eq(v))),
        Guard::Agent(a) => update.filter(Condition::all().add(open).add(C::AgentId.eq(a))),
    };
    if !append.internal {
        let preview: String = append.body.chars().take(200).collect();
        update = update.col_expr(C::LastMessage, Expr::value(preview));
    }
    // Who spoke last drives the idle (R2) and unanswered (R10) timers.
    let none = Option::<DateTime<Utc>>::None;
    match append.sender {
        Sender::Visitor => {
            update = update
                .col_expr(C::LastVisitorAt, Expr::value(now))
                .col_expr(C::IdleRemindedAt, Expr::value(none));
        }
        Sender::Agent => {
            update = update
                .col_expr(C::LastAgentAt, Expr::value(now))
                .col_expr(C::IdleRemindedAt, Expr::value(none))
                .col_expr(C::AgentRepliedAt, Expr::col(C::AgentRepliedAt).if_null(now));
        }
        Sender::System => {}
    }
    Ok(update.exec_with_returning(db).await?.into_iter().next())
}

fn new_row(append: &Append, seq: i64, now: DateTime<Utc>) -> message::ActiveModel {
    let attachment = append.attachment.as_ref();
    message::ActiveModel {
        conversation_id: Set(append.conversation_id),
        seq: Set(seq),
        client_id: Set(append.client_id.clone()),
        sender: Set(append.sender.key().to_owned()),
        agent_id: Set(append.agent_id),
        body: Set(append.body.clone()),
        internal: Set(append.internal),
        attachment_key: Set(attachment.map(|a| a.key.clone())),
        attachment_name: Set(attachment.map(|a| a.name.clone())),
        attachment_type: Set(attachment.map(|a| a.content_type.clone())),
        attachment_size: Set(attachment.map(|a| a.size)),
        created_at: Set(now),
        ..Default::default()
    }
}
