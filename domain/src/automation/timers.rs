//! Timers derived from stored timestamps (R2 idle visitor, R10 unanswered
//! alert and reassign). The server calls `run_timers` every few seconds;
//! tests move a `ManualClock` and call it once. Nothing lives only in memory,
//! so a restart loses no timer, and every step is a guarded UPDATE, so two
//! processes running the timers never act twice.

use chrono::{DateTime, Duration, Utc};
use model::chat::{ConversationStatus, SystemLine};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};

use crate::chat::core::ChatCore;
use crate::chat::ConversationService;
use crate::entities::conversation;
use crate::error::Result;
use crate::people::agent_name;
use crate::routing::queue::QueueService;
use crate::settings::SettingsService;

/// What one run did, for logs and tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TimerRun {
    pub reminded: usize,
    pub closed: usize,
    pub alerted: usize,
    pub reassigned: usize,
    pub assigned_from_queue: usize,
}

#[derive(Clone)]
pub struct TimerService {
    core: ChatCore,
    conversations: ConversationService,
    queue: QueueService,
    settings: SettingsService,
}

impl TimerService {
    pub(crate) fn new(
        core: ChatCore,
        conversations: ConversationService,
        queue: QueueService,
        settings: SettingsService,
    ) -> Self {
        Self {
            core,
            conversations,
            queue,
            settings,
        }
    }

    /// Run every timer that is due now, once.
    pub async fn run(&self) -> Result<TimerRun> {
        let settings = self.settings.automation().await?;
        let now = self.core.clock.now();
        let mut run = TimerRun::default();
        if settings.unanswered.enabled {
            run.alerted = self
                .alert_unanswered(now, settings.unanswered.alert_after_secs)
                .await?;
            if settings.unanswered.reassign {
                run.reassigned = self
                    .reassign_unanswered(now, settings.unanswered.reassign_after_secs)
                    .await?;
            }
        }
        if settings.idle.enabled {
            let idle = &settings.idle;
            run.reminded = self
                .remind_idle(now, idle.remind_after_mins * 60, &idle.reminder)
                .await?;
            run.closed = self
                .close_idle(now, idle.close_after_mins * 60, &idle.closing)
                .await?;
        }
        // A safety net: capacity freed by a path that did not drain the queue
        // (an admin raising a limit) is used within one tick.
        run.assigned_from_queue = self.assign_queued_quietly().await?;
        Ok(run)
    }

    async fn assign_queued_quietly(&self) -> Result<usize> {
        if self.queue.waiting().await? == 0 {
            return Ok(0);
        }
        self.queue.drain().await
    }

    /// R10: conversations whose agent has not replied since assignment turn red.
    async fn alert_unanswered(&self, now: DateTime<Utc>, after: i64) -> Result<usize> {
        let due = conversation::Entity::find()
            .filter(conversation::Column::Status.eq(ConversationStatus::Active))
            .filter(conversation::Column::AgentRepliedAt.is_null())
            .filter(conversation::Column::AlertedAt.is_null())
            .filter(conversation::Column::AssignedAt.lte(now - secs(after)))
            .all(&self.core.db)
            .await?;
        let mut n = 0;
        for conv in due {
            let marked = conversation::Entity::update_many()
                .col_expr(conversation::Column::AlertedAt, Expr::value(now))
                .filter(conversation::Column::Id.eq(conv.id))
                .filter(conversation::Column::AlertedAt.is_null())
                .filter(conversation::Column::AgentRepliedAt.is_null())
                .exec(&self.core.db)
                .await?;
            if marked.rows_affected == 1 {
                n += 1;
                let fresh = self.core.find(conv.id).await?;
                self.core.publish_conversation(&fresh, None).await?;
            }
        }
        Ok(n)
    }

    /// R10 (optional): after a further wait, give it to another agent.
    async fn reassign_unanswered(&self, now: DateTime<Utc>, after: i64) -> Result<usize> {
        let due = conversation::Entity::find()
            .filter(conversation::Column::Status.eq(ConversationStatus::Active))
            .filter(conversation::Column::AgentRepliedAt.is_null())
            .filter(conversation::Column::AlertedAt.lte(now - secs(after)))
            .all(&self.core.db)
            .await?;
        let mut n = 0;
        for conv in due {
            let from = conv.agent_id;
            let id = conv.id;
            if let Some(to) = self.queue.reassign(conv.clone()).await? {
                n += 1;
                let names = format!(
                    "{} → {}",
                    agent_name(&self.core.db, from.unwrap_or_default()).await?,
                    agent_name(&self.core.db, to).await?
                );
                let moved = self.core.find(id).await?;
                self.core
                    .system_line(
                        &moved,
                        None,
                        &format!("sys:reassign-{id}-{}", now.timestamp_millis()),
                        SystemLine::ReassignedUnanswered,
                        &names,
                    )
                    .await?;
            }
        }
        Ok(n)
    }

    /// R2: the agent spoke last and the visitor has been quiet for T1.
    async fn remind_idle(&self, now: DateTime<Utc>, after: i64, text: &str) -> Result<usize> {
        let cutoff = now - secs(after);
        let due = conversation::Entity::find()
            .filter(conversation::Column::Status.eq(ConversationStatus::Active))
            .filter(conversation::Column::IdleRemindedAt.is_null())
            .filter(conversation::Column::LastAgentAt.lte(cutoff))
            .filter(
                Condition::any()
                    .add(conversation::Column::LastVisitorAt.is_null())
                    .add(
                        Expr::col(conversation::Column::LastVisitorAt)
                            .lt(Expr::col(conversation::Column::LastAgentAt)),
                    ),
            )
            .all(&self.core.db)
            .await?;
        let mut n = 0;
        for conv in due {
            let marked = conversation::Entity::update_many()
                .col_expr(conversation::Column::IdleRemindedAt, Expr::value(now))
                .filter(conversation::Column::Id.eq(conv.id))
                .filter(conversation::Column::IdleRemindedAt.is_null())
                .filter(conversation::Column::LastAgentAt.eq(conv.last_agent_at))
                .exec(&self.core.db)
                .await?;
            if marked.rows_affected == 1 {
                n += 1;
                let stamp = conv.last_agent_at.map(|t| t.timestamp_millis());
                self.core
                    .system_line(
                        &conv,
                        None,
                        &format!("sys:idle-{}-{}", conv.id, stamp.unwrap_or_default()),
                        SystemLine::IdleReminder,
                        text,
                    )
                    .await?;
            }
        }
        Ok(n)
    }

    /// R2: still quiet T2 after the reminder: say goodbye and end the chat.
    async fn close_idle(&self, now: DateTime<Utc>, after: i64, text: &str) -> Result<usize> {
        let cutoff = now - secs(after);
        let due = conversation::Entity::find()
            .filter(conversation::Column::Status.ne(ConversationStatus::Ended))
            .filter(conversation::Column::IdleRemindedAt.lte(cutoff))
            .all(&self.core.db)
            .await?;
        let mut n = 0;
        for conv in due {
            // Still quiet when we write: a reply since the read clears the
            // reminder and keeps the chat open.
            let still = Condition::all().add(conversation::Column::IdleRemindedAt.lte(cutoff));
            if self
                .conversations
                .finish_if(conv, (SystemLine::IdleClosing, text), still)
                .await?
                .1
            {
                n += 1;
            }
        }
        Ok(n)
    }
}

/// Red in the workbench (R10): alerted and still without an agent reply.
pub(crate) fn is_unanswered(c: &conversation::Model) -> bool {
    c.status == ConversationStatus::Active && c.alerted_at.is_some() && c.agent_replied_at.is_none()
}

/// `a + d` for timer thresholds, saturating instead of panicking.
fn secs(n: i64) -> Duration {
    Duration::try_seconds(n).unwrap_or(Duration::MAX)
}
