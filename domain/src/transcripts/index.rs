//! The transcript index's rows (see the migration): one per message with
//! words, written in the transaction that stores or rewrites the message.
//! SQLite keeps them in FTS5 (rowid = message id), PostgreSQL as a text
//! array under GIN; these are the only statements that differ.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};

use crate::bot::live_index::segmenter;

/// A message's terms, to be written with it (found before the transaction,
/// so the write lock is not held for it).
pub fn terms_of(body: &str) -> Vec<String> {
    if body.trim().is_empty() {
        return vec![];
    }
    super::terms::index_terms(&segmenter(), body)
}

/// The terms a search for `text` needs.
pub fn query_of(text: &str) -> Vec<String> {
    super::terms::query_terms(&segmenter(), text)
}

/// Index these messages (id, terms); those without terms are skipped.
pub async fn add<C: ConnectionTrait>(db: &C, rows: &[(i64, Vec<String>)]) -> Result<(), DbErr> {
    let rows: Vec<&(i64, Vec<String>)> = rows.iter().filter(|(_, t)| !t.is_empty()).collect();
    // A few hundred rows per statement keeps within SQLite's variable limit.
    for chunk in rows.chunks(400) {
        let backend = db.get_database_backend();
        let mut sql = match backend {
            DbBackend::Sqlite => "INSERT INTO message_search (rowid, terms) VALUES ".to_owned(),
            _ => "INSERT INTO message_search (message_id, terms) VALUES ".to_owned(),
        };
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 2);
        for (i, (id, terms)) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            match backend {
                DbBackend::Sqlite => {
                    sql.push_str("(?, ?)");
                    values.push((*id).into());
                    values.push(terms.join(" ").into());
                }
                _ => {
                    let n = values.len();
                    // `string_to_array` keeps every term whole (they hold no spaces).
                    sql.push_str(&format!("(${}, string_to_array(${}, ' '))", n + 1, n + 2));
                    values.push((*id).into());
                    values.push(terms.join(" ").into());
                }
            }
        }
        if backend == DbBackend::Postgres {
            sql.push_str(" ON CONFLICT (message_id) DO UPDATE SET terms = EXCLUDED.terms");
        }
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
    Ok(())
}

/// Forget these messages' terms (before they are indexed again).
pub async fn remove<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<(), DbErr> {
    for chunk in ids.chunks(400) {
        let backend = db.get_database_backend();
        let column = match backend {
            DbBackend::Sqlite => "rowid",
            _ => "message_id",
        };
        let marks: Vec<String> = (1..=chunk.len())
            .map(|i| match backend {
                DbBackend::Sqlite => "?".to_owned(),
                _ => format!("${i}"),
            })
            .collect();
        let sql = format!(
            "DELETE FROM message_search WHERE {column} IN ({})",
            marks.join(", ")
        );
        let values: Vec<Value> = chunk.iter().map(|id| (*id).into()).collect();
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
    Ok(())
}

/// Index rewritten messages afresh (a masking run, R8): the old words go.
pub async fn replace<C: ConnectionTrait>(db: &C, rows: &[(i64, Vec<String>)]) -> Result<(), DbErr> {
    let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
    remove(db, &ids).await?;
    add(db, rows).await
}

/// SQL for "the conversation has a message with all of `terms`", to put
/// in a conversation query's WHERE. The terms are letters and digits only
/// (see `terms`), and quoted as SQL strings all the same.
pub fn matching_conversations(backend: DbBackend, terms: &[String]) -> String {
    match backend {
        DbBackend::Sqlite => format!(
            "conversations.id IN (SELECT m.conversation_id FROM message_search \
             JOIN messages m ON m.id = message_search.rowid WHERE message_search MATCH {})",
            literal(&super::terms::fts_query(terms))
        ),
        _ => format!(
            "conversations.id IN (SELECT m.conversation_id FROM message_search s \
             JOIN messages m ON m.id = s.message_id WHERE s.terms @> string_to_array({}, ' '))",
            literal(&terms.join(" "))
        ),
    }
}

/// `text` as an SQL string literal.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Of these messages, the ids that hold all of `terms`.
pub async fn matching_messages<C: ConnectionTrait>(
    db: &C,
    conversation_ids: &[i64],
    terms: &[String],
) -> Result<Vec<i64>, DbErr> {
    if conversation_ids.is_empty() {
        return Ok(vec![]);
    }
    let backend = db.get_database_backend();
    let list = conversation_ids
        .iter()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let (sql, value): (String, Value) = match backend {
        DbBackend::Sqlite => (
            format!(
                "SELECT m.id AS id FROM message_search JOIN messages m ON m.id = message_search.rowid \
                 WHERE message_search MATCH ? AND m.conversation_id IN ({list}) ORDER BY m.id"
            ),
            super::terms::fts_query(terms).into(),
        ),
        _ => (
            format!(
                "SELECT m.id AS id FROM message_search s JOIN messages m ON m.id = s.message_id \
                 WHERE s.terms @> string_to_array($1, ' ') AND m.conversation_id IN ({list}) ORDER BY m.id"
            ),
            terms.join(" ").into(),
        ),
    };
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, [value]))
        .await?;
    rows.iter().map(|r| r.try_get::<i64>("", "id")).collect()
}
