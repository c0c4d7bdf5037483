//! Masking runs (R8): rewriting the stored text of ended conversations in
//! batches, each batch one short transaction so live chat keeps flowing.
//!
//! A run is a row. The process holding its lease works it a batch at a
//! time and moves `cursor` in the same transaction as the rewrite, so a
//! crash loses at most the batch in hand and redoes nothing: once the lease
//! has lapsed, whichever process comes next carries on from `cursor`.
//! Rewritten text does not match again, so even a redone batch is harmless.

use std::collections::BTreeSet;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use model::chat::{ConversationStatus, Sender};
use model::masking::MaskRuleInput;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

use super::patterns::{mask, Matcher};
use super::{matchers, schedule, MaskingService};
use crate::entities::{bot_answer, conversation, mask_run, message};
use crate::error::{Error, Result};
use crate::people::is_unique_violation;

pub const RUNNING: &str = "running";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";

/// Conversations per batch.
pub const BATCH: u64 = 200;
/// How long a process holds a run without moving it.
pub const LEASE: Duration = Duration::seconds(30);
/// How often a worker looks at the schedule and for orphaned runs.
const POLL: StdDuration = StdDuration::from_secs(20);

/// What one step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// No run this process may work on.
    Idle,
    /// One batch of run `id` done; more to do.
    Batch(i64),
    /// Run `id` finished (done or failed).
    Finished(i64),
}

/// Insert a running run, or `None` when another is running (or, for the
/// schedule, when this slot has run already): the unique `active` and
/// `slot` columns decide across processes.
pub(crate) async fn create(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    agent_id: Option<i32>,
    slot: Option<DateTime<Utc>>,
    rules: &[MaskRuleInput],
) -> Result<Option<mask_run::Model>> {
    let last: Option<i64> = conversation::Entity::find()
        .select_only()
        .column_as(conversation::Column::Id.max(), "max")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten();
    let last = last.unwrap_or(0);
    let total = conversation::Entity::find()
        .filter(conversation::Column::Status.eq(ConversationStatus::Ended))
        .filter(conversation::Column::Id.lte(last))
        .count(db)
        .await?;
    let rules = serde_json::to_string(rules).map_err(|e| Error::Internal(e.to_string()))?;
    let row = mask_run::ActiveModel {
        agent_id: Set(agent_id),
        slot: Set(slot),
        active: Set(Some(1)),
        state: Set(RUNNING.into()),
        rules: Set(rules),
        cursor: Set(0),
        last_conversation_id: Set(last),
        total: Set(total as i64),
        done: Set(0),
        conversations_changed: Set(0),
        messages_changed: Set(0),
        started_at: Set(now),
        ..Default::default()
    };
    match row.insert(db).await {
        Ok(row) => Ok(Some(row)),
        Err(e) if is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// One batch's rewrites, worked out before the transaction.
#[derive(Default)]
struct Rewrites {
    messages: Vec<(i64, String)>,
    /// The rewritten messages' words for the transcript index (M2): the
    /// masked text must not be found by what it said before.
    terms: Vec<(i64, Vec<String>)>,
    last_messages: Vec<(i64, String)>,
    questions: Vec<(i64, String)>,
    conversations: BTreeSet<i64>,
}

impl MaskingService {
    /// This process's worker: the schedule and any run, until the process
    /// ends. An admin's "Run now" wakes it at once.
    pub fn start(&self) {
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = this.tick().await {
                    tracing::warn!(error = %e, "masking schedule");
                }
                if let Err(e) = this.work().await {
                    tracing::warn!(error = %e, "masking run");
                }
                let _ = tokio::time::timeout(POLL, this.wake.notified()).await;
            }
        });
    }

    /// Start the scheduled run if its slot is due. Returns the new run's id.
    pub async fn tick(&self) -> Result<Option<i64>> {
        let now = self.clock.now();
        let last_slot: Option<DateTime<Utc>> = mask_run::Entity::find()
            .select_only()
            .column_as(mask_run::Column::Slot.max(), "max")
            .into_tuple::<Option<DateTime<Utc>>>()
            .one(&self.db)
            .await?
            .flatten();
        let Some(slot) = schedule::due_slot(&self.settings.masking().await?, now, last_slot) else {
            return Ok(None);
        };
        let rules = self.enabled_rules().await?;
        if rules.is_empty() {
            return Ok(None);
        }
        Ok(create(&self.db, now, None, Some(slot), &rules)
            .await?
            .map(|r| r.id))
    }

    /// Work every run this process can claim to its end, yielding between
    /// batches so live chat is never starved.
    pub async fn work(&self) -> Result<()> {
        loop {
            match self.step().await? {
                Step::Idle => return Ok(()),
                Step::Batch(_) | Step::Finished(_) => tokio::task::yield_now().await,
            }
        }
    }

    /// Claim the running run (if its lease is free or ours) and do one
    /// batch of it.
    pub async fn step(&self) -> Result<Step> {
        let now = self.clock.now();
        let free = sea_orm::Condition::any()
            .add(mask_run::Column::LeaseOwner.is_null())
            .add(mask_run::Column::LeaseOwner.eq(self.owner.as_str()))
            .add(mask_run::Column::LeaseUntil.lt(now));
        mask_run::Entity::update_many()
            .col_expr(
                mask_run::Column::LeaseOwner,
                Expr::value(self.owner.as_str()),
            )
            .col_expr(mask_run::Column::LeaseUntil, Expr::value(now + LEASE))
            .filter(mask_run::Column::State.eq(RUNNING))
            .filter(free)
            .exec(&self.db)
            .await?;
        let Some(run) = mask_run::Entity::find()
            .filter(mask_run::Column::State.eq(RUNNING))
            .filter(mask_run::Column::LeaseOwner.eq(self.owner.as_str()))
            .one(&self.db)
            .await?
        else {
            return Ok(Step::Idle);
        };
        let rules: Vec<MaskRuleInput> = serde_json::from_str(&run.rules).unwrap_or_default();
        let rules = match matchers(&rules) {
            Ok(m) => m,
            Err(e) => {
                self.finish(&run, FAILED, Some(e.to_string())).await?;
                return Ok(Step::Finished(run.id));
            }
        };
        let batch: Vec<(i64, Option<String>)> = conversation::Entity::find()
            .select_only()
            .column(conversation::Column::Id)
            .column(conversation::Column::LastMessage)
            .filter(conversation::Column::Status.eq(ConversationStatus::Ended))
            .filter(conversation::Column::Id.gt(run.cursor))
            .filter(conversation::Column::Id.lte(run.last_conversation_id))
            .order_by_asc(conversation::Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(&self.db)
            .await?;
        let Some(&(last_id, _)) = batch.last() else {
            self.finish(&run, DONE, None).await?;
            return Ok(Step::Finished(run.id));
        };
        let rewrites = self.rewrites(&rules, &batch).await?;
        let txn = self.db.begin().await?;
        // The run's row first: the guard on `cursor` and the lease makes
        // this batch ours alone, even if our lease lapsed meanwhile.
        let moved = mask_run::Entity::update_many()
            .col_expr(mask_run::Column::Cursor, Expr::value(last_id))
            .col_expr(
                mask_run::Column::Done,
                Expr::col(mask_run::Column::Done).add(batch.len() as i64),
            )
            .col_expr(
                mask_run::Column::ConversationsChanged,
                Expr::col(mask_run::Column::ConversationsChanged)
                    .add(rewrites.conversations.len() as i64),
            )
            .col_expr(
                mask_run::Column::MessagesChanged,
                Expr::col(mask_run::Column::MessagesChanged).add(rewrites.messages.len() as i64),
            )
            .col_expr(
                mask_run::Column::LeaseUntil,
                Expr::value(self.clock.now() + LEASE),
            )
            .filter(mask_run::Column::Id.eq(run.id))
            .filter(mask_run::Column::Cursor.eq(run.cursor))
            .filter(mask_run::Column::LeaseOwner.eq(self.owner.as_str()))
            .exec(&txn)
            .await?;
        if moved.rows_affected == 0 {
            // Another process took the run over.
            txn.rollback().await?;
            return Ok(Step::Idle);
        }
        write(&txn, &rewrites).await?;
        txn.commit().await?;
        Ok(Step::Batch(run.id))
    }

    /// The rewrites of one batch of conversations: their messages (not the
    /// system lines), their list previews and the questions the bot logged.
    async fn rewrites(
        &self,
        rules: &[Matcher],
        batch: &[(i64, Option<String>)],
    ) -> Result<Rewrites> {
        let ids: Vec<i64> = batch.iter().map(|(id, _)| *id).collect();
        let mut out = Rewrites::default();
        let messages: Vec<(i64, i64, String)> = message::Entity::find()
            .select_only()
            .column(message::Column::Id)
            .column(message::Column::ConversationId)
            .column(message::Column::Body)
            .filter(message::Column::ConversationId.is_in(ids.clone()))
            .filter(message::Column::Sender.ne(Sender::System))
            .filter(message::Column::Body.ne(""))
            .into_tuple()
            .all(&self.db)
            .await?;
        for (id, conversation_id, body) in messages {
            let (text, n) = mask(rules, &body);
            if n > 0 {
                out.terms
                    .push((id, crate::transcripts::index::terms_of(&text)));
                out.messages.push((id, text));
                out.conversations.insert(conversation_id);
            }
        }
        for (id, last) in batch {
            if let Some(last) = last {
                let (text, n) = mask(rules, last);
                if n > 0 {
                    out.last_messages.push((*id, text));
                    out.conversations.insert(*id);
                }
            }
        }
        let questions: Vec<(i64, i64, String)> = bot_answer::Entity::find()
            .select_only()
            .column(bot_answer::Column::Id)
            .column(bot_answer::Column::ConversationId)
            .column(bot_answer::Column::Question)
            .filter(bot_answer::Column::ConversationId.is_in(ids))
            .into_tuple()
            .all(&self.db)
            .await?;
        for (id, conversation_id, question) in questions {
            let (text, n) = mask(rules, &question);
            if n > 0 {
                out.questions.push((id, text));
                out.conversations.insert(conversation_id);
            }
        }
        Ok(out)
    }

    /// End a run: its state, the time, and the `active` slot freed for
    /// the next run.
    async fn finish(
        &self,
        run: &mask_run::Model,
        state: &str,
        error: Option<String>,
    ) -> Result<()> {
        mask_run::Entity::update_many()
            .col_expr(mask_run::Column::State, Expr::value(state))
            .col_expr(mask_run::Column::Active, Expr::value(Option::<i32>::None))
            .col_expr(mask_run::Column::FinishedAt, Expr::value(self.clock.now()))
            .col_expr(
                mask_run::Column::LeaseOwner,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                mask_run::Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                mask_run::Column::Error,
                Expr::value(error.map(|e| truncate(&e, 500))),
            )
            .filter(mask_run::Column::Id.eq(run.id))
            .filter(mask_run::Column::LeaseOwner.eq(self.owner.as_str()))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}

async fn write<C: ConnectionTrait>(db: &C, r: &Rewrites) -> Result<()> {
    for (id, body) in &r.messages {
        message::Entity::update_many()
            .col_expr(message::Column::Body, Expr::value(body.as_str()))
            .filter(message::Column::Id.eq(*id))
            .exec(db)
            .await?;
    }
    crate::transcripts::index::replace(db, &r.terms).await?;
    for (id, text) in &r.last_messages {
        conversation::Entity::update_many()
            .col_expr(
                conversation::Column::LastMessage,
                Expr::value(text.as_str()),
            )
            .filter(conversation::Column::Id.eq(*id))
            .exec(db)
            .await?;
    }
    for (id, text) in &r.questions {
        bot_answer::Entity::update_many()
            .col_expr(bot_answer::Column::Question, Expr::value(text.as_str()))
            .filter(bot_answer::Column::Id.eq(*id))
            .exec(db)
            .await?;
    }
    Ok(())
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
