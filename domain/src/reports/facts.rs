//! Keeping `conversation_facts` (M3): a conversation's stored rows turned
//! into events (`docs/metrics.md`, "The events"), their figures computed
//! by `metrics::figures`, and the row written over any earlier one. The
//! end of a conversation and a rating write it at once; a sweep catches
//! any a crash left out, and the backfill fills in conversations stored
//! before the table existed.

use std::collections::HashMap;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use model::chat::{ConversationStatus, Sender, SystemLine};
use sea_orm::sea_query::{Expr, ExprTrait, Func, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Iterable, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::metrics::{figures, Event, Kind, Rating};
use crate::entities::{conversation, conversation_fact as fact, message, rating, setting, visitor};
use crate::error::Result;

/// Conversations per batch of the sweep and the backfill.
pub const BATCH: u64 = 500;
/// The sweep looks this far back for ended conversations without facts.
const SWEEP_WINDOW: Duration = Duration::days(2);
/// Where the backfill stands: the last conversation id it wrote, or
/// `DONE`.
pub const BACKFILL_KEY: &str = "reports.facts_backfilled_to";
const DONE: i64 = i64::MAX;

/// What the events read of a message: `sender`, `system_line`,
/// `internal`, `created_at`.
pub type Line = (Sender, Option<SystemLine>, bool, DateTime<Utc>);

/// The events of one conversation from its row and its messages.
pub fn events_of(conv: &conversation::Model, messages: &[Line]) -> Vec<Event> {
    let ev = |kind, at| Event { kind, at };
    let mut events = vec![ev(Kind::Started, conv.started_at)];
    // Rows from before `first_assigned_at` existed only know the last
    // agent's assignment.
    if let Some(at) = conv.first_assigned_at.or(conv.assigned_at) {
        events.push(ev(Kind::Assigned, at));
    }
    for &(sender, line, internal, at) in messages {
        let kind = match (sender, line) {
            (Sender::Visitor, _) => Kind::Visitor,
            (Sender::Agent, _) if !internal => Kind::Agent,
            (Sender::Bot, _) => Kind::BotReply,
            (Sender::System, Some(SystemLine::Transferred | SystemLine::ReassignedUnanswered)) => {
                Kind::Transferred
            }
            (Sender::System, Some(SystemLine::HandedOffRequest | SystemLine::HandedOffFailure)) => {
                Kind::HandedOff
            }
            _ => continue,
        };
        events.push(ev(kind, at));
    }
    if let (ConversationStatus::Ended, Some(at)) = (conv.status, conv.ended_at) {
        events.push(ev(Kind::Ended, at));
    }
    events
}

/// `COALESCE(first_assigned_at, now)`: an assignment's update keeps the
/// first one.
pub(crate) fn first_assigned(now: DateTime<Utc>) -> Expr {
    Func::coalesce([
        Expr::col(conversation::Column::FirstAssignedAt),
        Expr::value(now),
    ])
    .into()
}

/// Compute and store the facts of the conversations `ids`.
pub async fn write(db: &impl ConnectionTrait, ids: &[i64], now: DateTime<Utc>) -> Result<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    let convs = conversation::Entity::find()
        .filter(conversation::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let mut lines: HashMap<i64, Vec<Line>> = HashMap::new();
    type Row = (i64, Sender, Option<SystemLine>, bool, DateTime<Utc>);
    let rows: Vec<Row> = message::Entity::find()
        .select_only()
        .column(message::Column::ConversationId)
        .column(message::Column::Sender)
        .column(message::Column::SystemLine)
        .column(message::Column::Internal)
        .column(message::Column::CreatedAt)
        .filter(message::Column::ConversationId.is_in(ids.iter().copied()))
        .order_by_asc(message::Column::ConversationId)
        .order_by_asc(message::Column::Seq)
        .into_tuple()
        .all(db)
        .await?;
    for (conv, sender, line, internal, at) in rows {
        lines
            .entry(conv)
            .or_default()
            .push((sender, line, internal, at));
    }
    let ratings: HashMap<i64, Rating> = rating::Entity::find()
        .filter(rating::Column::ConversationId.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.conversation_id,
                Rating {
                    level: r.level,
                    scale: r.scale,
                },
            )
        })
        .collect();
    let customers: HashMap<i64, Option<i64>> = visitor::Entity::find()
        .select_only()
        .column(visitor::Column::Id)
        .column(visitor::Column::CustomerId)
        .filter(visitor::Column::Id.is_in(convs.iter().map(|c| c.visitor_id)))
        .into_tuple::<(i64, Option<i64>)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut models = vec![];
    for conv in &convs {
        let events = events_of(conv, lines.get(&conv.id).map_or(&[][..], Vec::as_slice));
        let rated = ratings.get(&conv.id).copied();
        let f = figures(&events, rated);
        models.push(fact::ActiveModel {
            conversation_id: Set(conv.id),
            started_at: Set(conv.started_at),
            ended_at: Set(f.ended_at),
            agent_id: Set(conv.agent_id),
            group_id: Set(conv.group_id),
            channel: Set(conv.channel.clone()),
            customer_id: Set(customers.get(&conv.visitor_id).copied().flatten()),
            bot: Set(f.bot),
            handed_off: Set(f.handed_off),
            bot_resolved: Set(f.bot_resolved),
            answered: Set(f.answered),
            missed: Set(f.missed),
            abandoned_in_queue: Set(f.abandoned_in_queue),
            queue_secs: Set(f.queue_secs),
            first_response_secs: Set(f.first_response_secs),
            reply_secs_total: Set(f.reply_secs_total),
            replies: Set(f.replies),
            duration_secs: Set(f.duration_secs),
            messages_in: Set(f.messages_in),
            messages_out: Set(f.messages_out),
            bot_messages: Set(f.bot_messages),
            transfers: Set(f.transfers),
            rating_level: Set(rated.map(|r| r.level)),
            satisfaction: Set(f.satisfaction),
            computed_at: Set(now),
        });
    }
    let written = models.len();
    use fact::Column as C;
    // Every column but the key: a rewrite replaces the whole row.
    let update = C::iter().filter(|c| !matches!(c, C::ConversationId));
    // SQLite takes at most 32,766 bound values a statement: 25 columns
    // × 500 rows stays well below.
    for chunk in models.chunks(500) {
        fact::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::column(C::ConversationId)
                    .update_columns(update.clone())
                    .to_owned(),
            )
            .exec(db)
            .await?;
    }
    Ok(written)
}

/// Write the facts of one conversation that just ended or changed; a
/// failure is logged, not raised (the sweep writes them later), so a
/// report never stands in the way of ending a chat.
pub(crate) async fn refresh(db: &impl ConnectionTrait, id: i64, now: DateTime<Utc>) {
    if let Err(e) = write(db, &[id], now).await {
        tracing::warn!(conversation = id, error = %e, "conversation facts not written; the sweep will");
    }
}

/// Ended conversations of the last two days without facts (a crash
/// between the end and its facts): write them. Returns how many.
pub async fn sweep(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<usize> {
    let c = conversation::Entity;
    let f = fact::Entity;
    let stmt = Query::select()
        .column((c, conversation::Column::Id))
        .from(c)
        .left_join(
            f,
            Expr::col((f, fact::Column::ConversationId)).equals((c, conversation::Column::Id)),
        )
        .and_where(Expr::col((c, conversation::Column::EndedAt)).gte(now - SWEEP_WINDOW))
        .and_where(Expr::col((c, conversation::Column::Status)).eq(ConversationStatus::Ended))
        .and_where(Expr::col((f, fact::Column::ConversationId)).is_null())
        .limit(BATCH)
        .to_owned();
    let ids: Vec<i64> = db
        .query_all(&stmt)
        .await?
        .iter()
        .filter_map(|row| row.try_get_by_index::<i64>(0).ok())
        .collect();
    write(db, &ids, now).await
}

/// One batch of the backfill, oldest conversations first; whether there
/// may be more.
pub async fn backfill_step(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<bool> {
    let after = setting::Entity::find_by_id(BACKFILL_KEY)
        .one(db)
        .await?
        .and_then(|s| s.value.parse::<i64>().ok())
        .unwrap_or(0);
    if after == DONE {
        return Ok(false);
    }
    let ids: Vec<i64> = conversation::Entity::find()
        .select_only()
        .column(conversation::Column::Id)
        .filter(conversation::Column::Id.gt(after))
        .filter(conversation::Column::Status.eq(ConversationStatus::Ended))
        .order_by_asc(conversation::Column::Id)
        .limit(BATCH)
        .into_tuple()
        .all(db)
        .await?;
    write(db, &ids, now).await?;
    let place = match ids.last() {
        Some(&last) if ids.len() as u64 == BATCH => last,
        _ => DONE,
    };
    crate::settings::put_plain(db, BACKFILL_KEY, &place.to_string()).await?;
    Ok(place != DONE)
}

/// The backfill, then the sweep every minute, in the background.
pub fn start(db: DatabaseConnection, clock: std::sync::Arc<dyn crate::clock::Clock>) {
    tokio::spawn(async move {
        loop {
            match backfill_step(&db, clock.now()).await {
                Ok(true) => tokio::time::sleep(StdDuration::from_millis(20)).await,
                Ok(false) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "facts backfill failed; retrying");
                    tokio::time::sleep(StdDuration::from_secs(30)).await;
                }
            }
        }
        loop {
            if let Err(e) = sweep(&db, clock.now()).await {
                tracing::warn!(error = %e, "facts sweep failed");
            }
            tokio::time::sleep(StdDuration::from_secs(60)).await;
        }
    });
}
