//! Every stored string has a cap (hardening defect 9): the live schema
//! against `domain::stored_text::CAPS`, on SQLite and PostgreSQL alike.

use crate::common::*;
use domain::entities::setting;
use domain::stored_text;
use domain::Error;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, Set, Statement};

/// `(table, column, varchar length or None for TEXT)` of every string
/// column the migrations made.
async fn string_columns(env: &TestEnv) -> Vec<(String, String, Option<usize>)> {
    let db = &env.services.db;
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT table_name::text, column_name::text, character_maximum_length::bigint \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() \
               AND data_type IN ('character varying', 'text', 'character') \
               AND table_name <> 'seaql_migrations'"
        }
        _ => {
            "SELECT m.name, p.name, \
                    CASE WHEN p.type LIKE 'varchar(%' \
                         THEN CAST(substr(p.type, 9, length(p.type) - 9) AS INTEGER) END \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT IN ('seaql_migrations', 'sqlite_sequence') \
               AND (lower(p.type) LIKE 'varchar%' OR lower(p.type) = 'text')"
        }
    };
    db.query_all_raw(Statement::from_string(backend, sql))
        .await
        .expect("schema")
        .into_iter()
        .map(|row| {
            let table: String = row.try_get_by_index(0).unwrap();
            let column: String = row.try_get_by_index(1).unwrap();
            let len: Option<i64> = row.try_get_by_index(2).unwrap();
            (table, column, len.map(|n| n as usize))
        })
        .collect()
}

#[tokio::test]
async fn every_string_column_has_a_cap() {
    let env = env().await;
    let columns = string_columns(&env).await;
    assert!(columns.len() > 40, "read the schema: {columns:?}");
    let mut problems = Vec::new();
    for (table, column, len) in &columns {
        match (stored_text::cap(table, column), len) {
            (None, _) => problems.push(format!("{table}.{column}: no cap in stored_text::CAPS")),
            (Some(cap), Some(len)) if cap > *len => {
                problems.push(format!("{table}.{column}: cap {cap} > varchar({len})"))
            }
            _ => {}
        }
    }
    for (table, column, _) in stored_text::CAPS {
        if !columns.iter().any(|(t, c, _)| t == table && c == column) {
            problems.push(format!("{table}.{column}: capped but not in the schema"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A write with no input check of its own still gets a field error, not a
/// database error, and nothing is stored.
#[tokio::test]
async fn an_over_long_string_is_refused_before_the_database() {
    let env = env().await;
    let row = setting::ActiveModel {
        key: Set("k".repeat(65)),
        value: Set("v".into()),
    };
    let err: Error = row.insert(&env.services.db).await.unwrap_err().into();
    match err {
        Error::Invalid(fields) => {
            assert_eq!(fields[0].field, "key");
            assert_eq!(fields[0].code, "too_long");
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    let stored = env
        .services
        .db
        .query_one_raw(Statement::from_string(
            env.services.db.get_database_backend(),
            "SELECT COUNT(*) FROM settings WHERE length(key) > 64",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.try_get_by_index::<i64>(0).unwrap(), 0);
}
