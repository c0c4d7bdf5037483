//! The newest conversations with a matching message, on SQLite, without
//! reading every match: FTS5 hands out matching message ids newest first
//! in growing chunks, and the scan stops as soon as no conversation newer
//! than the page's last can have a match below where it got to.
//!
//! Why that is exact: a conversation's messages all come after its first
//! one, so once the scan is below the first message of every conversation
//! newer than the page's last (`first_message_after`), each of their
//! matches has been seen. A common word in a million messages costs a few
//! hundred ids this way instead of every one of its matches.

use std::collections::{BTreeSet, HashSet};

use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter,
    QuerySelect, Statement,
};

use crate::entities::conversation;

/// Ids read from the index in the first chunk; each next one is larger.
const FIRST_CHUNK: u64 = 64;
const MAX_CHUNK: u64 = 16_384;

/// The ids of the newest `want` conversations that pass `condition`, are
/// older than `before` and have a message matching `fts` (an FTS5 query),
/// newest first.
pub async fn conversations<C: ConnectionTrait>(
    db: &C,
    fts: &str,
    condition: Condition,
    before: Option<i64>,
    want: usize,
) -> Result<Vec<i64>, DbErr> {
    let mut below = i64::MAX;
    let mut chunk = FIRST_CHUNK;
    let mut found = BTreeSet::new();
    let mut checked = HashSet::new();
    loop {
        let matches = newest_matches(db, fts, below, chunk).await?;
        let exhausted = (matches.len() as u64) < chunk;
        if let Some((id, _)) = matches.last() {
            below = *id;
        }
        let fresh: Vec<i64> = matches
            .iter()
            .map(|(_, c)| *c)
            .filter(|c| before.is_none_or(|b| *c < b) && checked.insert(*c))
            .collect();
        if !fresh.is_empty() {
            let passing: Vec<i64> = conversation::Entity::find()
                .select_only()
                .column(conversation::Column::Id)
                .filter(condition.clone())
                .filter(conversation::Column::Id.is_in(fresh))
                .into_tuple()
                .all(db)
                .await?;
            found.extend(passing);
        }
        if exhausted {
            break;
        }
        if found.len() >= want {
            let last = *found.iter().rev().nth(want - 1).expect("want found");
            match first_message_after(db, last, before).await? {
                Some(first) if first < below => {}
                _ => break,
            }
        }
        chunk = (chunk * 4).min(MAX_CHUNK);
    }
    Ok(found.into_iter().rev().take(want).collect())
}

/// Matching messages below message id `below`, newest first: (message id,
/// conversation id).
async fn newest_matches<C: ConnectionTrait>(
    db: &C,
    fts: &str,
    below: i64,
    limit: u64,
) -> Result<Vec<(i64, i64)>, DbErr> {
    let sql = "SELECT s.rowid AS id, m.conversation_id AS conversation_id FROM \
               (SELECT rowid FROM message_search WHERE message_search MATCH ? AND rowid < ? \
                ORDER BY rowid DESC LIMIT ?) s \
               JOIN messages m ON m.id = s.rowid ORDER BY s.rowid DESC";
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            sql,
            [fts.into(), below.into(), (limit as i64).into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get::<i64>("", "id")?,
                r.try_get::<i64>("", "conversation_id")?,
            ))
        })
        .collect()
}

/// The first message id of the conversations after `after` (and before
/// `before`): below it, none of them has a message.
async fn first_message_after<C: ConnectionTrait>(
    db: &C,
    after: i64,
    before: Option<i64>,
) -> Result<Option<i64>, DbErr> {
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "SELECT MIN(id) AS id FROM messages WHERE conversation_id > ? AND conversation_id < ?",
            [after.into(), before.unwrap_or(i64::MAX).into()],
        ))
        .await?;
    Ok(row.and_then(|r| r.try_get::<Option<i64>>("", "id").ok().flatten()))
}

/// Of these conversations, the ids of messages that match `fts`, oldest
/// first: each conversation's id range is looked up in the index (a seek)
/// rather than every match joined to its message.
pub async fn matching_messages<C: ConnectionTrait>(
    db: &C,
    fts: &str,
    conversation_ids: &[i64],
) -> Result<Vec<i64>, DbErr> {
    if conversation_ids.is_empty() {
        return Ok(vec![]);
    }
    let list = conversation_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let ranges = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!(
                "SELECT MIN(id) AS lo, MAX(id) AS hi FROM messages \
                 WHERE conversation_id IN ({list}) GROUP BY conversation_id"
            ),
        ))
        .await?;
    let mut candidates = vec![];
    for r in ranges {
        let (lo, hi): (i64, i64) = (r.try_get("", "lo")?, r.try_get("", "hi")?);
        let rows = db
            .query_all_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "SELECT rowid AS id FROM message_search \
                 WHERE message_search MATCH ? AND rowid >= ? AND rowid <= ?",
                [fts.into(), lo.into(), hi.into()],
            ))
            .await?;
        for row in rows {
            candidates.push(row.try_get::<i64>("", "id")?);
        }
    }
    if candidates.is_empty() {
        return Ok(vec![]);
    }
    // Other conversations' messages may lie inside a range.
    let ids = candidates
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!(
                "SELECT id FROM messages WHERE id IN ({ids}) AND conversation_id IN ({list}) \
                 ORDER BY id"
            ),
        ))
        .await?;
    rows.iter().map(|r| r.try_get::<i64>("", "id")).collect()
}
