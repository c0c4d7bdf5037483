//! Index the messages stored before the transcript index existed (an
//! upgrade): oldest first, a batch per short transaction that also moves
//! the place kept in `settings`, so a restart carries on where it stopped.
//! Messages the writer indexed meanwhile are indexed again, to the same
//! terms; several processes may run it at once.

use std::time::Duration;

use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};

use super::index;
use crate::entities::{message, setting};
use crate::error::Result;

/// Where the backfill stands: the last message id it indexed, `DONE` when
/// it reached the end.
pub const KEY: &str = "transcripts.backfilled_to";
const DONE: i64 = i64::MAX;
pub const BATCH: u64 = 500;
/// A pause between batches, so live traffic goes first.
const PAUSE: Duration = Duration::from_millis(20);

/// Index one batch; whether there may be more.
pub async fn step(db: &DatabaseConnection) -> Result<bool> {
    let after = place(db).await?;
    if after == DONE {
        return Ok(false);
    }
    // Read and segment outside any transaction, so the writer is not held up.
    let read = batch(db, after).await?;
    let Some(last) = read.last().map(|(id, _)| *id) else {
        let txn = db.begin().await?;
        lock(&txn).await?;
        save(&txn, DONE).await?;
        txn.commit().await?;
        return Ok(false);
    };
    let mut terms: Vec<(i64, Vec<String>)> = read
        .iter()
        .map(|(id, body)| (*id, index::terms_of(body)))
        .collect();
    let txn = db.begin().await?;
    // A write first takes SQLite's write lock (and PostgreSQL's row lock)
    // before the bodies are read again: a masking run that rewrote one
    // meanwhile is seen, and its new text indexed, not the old.
    lock(&txn).await?;
    let now: std::collections::HashMap<i64, String> = message::Entity::find()
        .select_only()
        .column(message::Column::Id)
        .column(message::Column::Body)
        .filter(message::Column::Id.is_in(read.iter().map(|(id, _)| *id)))
        .lock_exclusive()
        .into_tuple::<(i64, String)>()
        .all(&txn)
        .await?
        .into_iter()
        .collect();
    for ((id, body), (_, t)) in read.iter().zip(terms.iter_mut()) {
        if let Some(current) = now.get(id).filter(|c| *c != body) {
            *t = index::terms_of(current);
        }
    }
    index::replace(&txn, &terms).await?;
    save(&txn, last).await?;
    txn.commit().await?;
    Ok(true)
}

async fn place(db: &DatabaseConnection) -> Result<i64> {
    Ok(setting::Entity::find_by_id(KEY)
        .one(db)
        .await?
        .and_then(|s| s.value.parse().ok())
        .unwrap_or(0))
}

/// The next messages after `after` with words to index.
async fn batch(db: &DatabaseConnection, after: i64) -> Result<Vec<(i64, String)>> {
    Ok(message::Entity::find()
        .select_only()
        .column(message::Column::Id)
        .column(message::Column::Body)
        .filter(message::Column::Id.gt(after))
        .filter(message::Column::SystemLine.is_null())
        .order_by_asc(message::Column::Id)
        .limit(BATCH)
        .into_tuple()
        .all(db)
        .await?)
}

/// A write as the transaction's first statement (see `step`).
async fn lock<C: sea_orm::ConnectionTrait>(db: &C) -> Result<()> {
    db.execute_unprepared(&format!(
        "UPDATE settings SET value = value WHERE key = '{KEY}'"
    ))
    .await?;
    Ok(())
}

async fn save<C: sea_orm::ConnectionTrait>(db: &C, to: i64) -> Result<()> {
    crate::settings::put_plain(db, KEY, &to.to_string()).await
}

/// Run the backfill to its end beside serving.
pub fn start(db: DatabaseConnection) {
    tokio::spawn(async move {
        let mut batches = 0u64;
        loop {
            match step(&db).await {
                Ok(true) => batches += 1,
                Ok(false) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "transcript backfill paused");
                    tokio::time::sleep(Duration::from_secs(30)).await;
                }
            }
            tokio::time::sleep(PAUSE).await;
        }
        if batches > 0 {
            tracing::info!(batches, "older messages indexed for transcript search");
        }
    });
}
