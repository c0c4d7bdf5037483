//! Connecting to SQLite or PostgreSQL and bringing the schema up to date.

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};

use crate::error::Result;

/// How hard SQLite works to keep a commit (PostgreSQL has its own settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SqliteSync {
    /// WAL with `synchronous=NORMAL`: a commit survives a crash or kill of
    /// the server process; the last moments may be lost on power failure.
    #[default]
    Normal,
    /// `synchronous=FULL`: every commit is fsynced; survives power failure,
    /// at a large cost in writes per second.
    Full,
}

/// Longest wait for a pooled connection before the call fails.
pub const ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// Turns off SQLite's memory statistics before its first connection. They
/// put one process-wide mutex around every allocation SQLite makes, so a
/// report's reading slowed the writer of live messages on every call.
fn no_memory_statistics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: sqlite3_config before sqlite3_initialize, once; once
        // SQLite is initialised it refuses (SQLITE_MISUSE) and changes nothing.
        unsafe {
            libsqlite3_sys::sqlite3_config(libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS, 0);
        }
    });
}

/// Connect and run pending migrations, with the default `SqliteSync`.
pub async fn connect(url: &str) -> Result<DatabaseConnection> {
    connect_with(url, SqliteSync::default()).await
}

/// Connect and run pending migrations. For SQLite the file is created if
/// missing, and WAL mode lets readers and the writer overlap.
pub async fn connect_with(url: &str, sync: SqliteSync) -> Result<DatabaseConnection> {
    let is_sqlite = url.starts_with("sqlite:");
    let url = if is_sqlite && !url.contains("mode=") && !url.contains(":memory:") {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}mode=rwc")
    } else {
        url.to_owned()
    };
    if is_sqlite {
        no_memory_statistics();
    }
    let mut options = ConnectOptions::new(url);
    // A database that is down should fail a request in seconds, not hold it
    // (and everything queued behind it) for sqlx's default 30 s.
    options.sqlx_logging(false).acquire_timeout(ACQUIRE_TIMEOUT);
    if is_sqlite {
        use sea_orm::sqlx::sqlite::SqliteSynchronous;
        let level = match sync {
            SqliteSync::Normal => SqliteSynchronous::Normal,
            SqliteSync::Full => SqliteSynchronous::Full,
        };
        options.map_sqlx_sqlite_opts(move |o| o.synchronous(level));
    }
    if is_sqlite && options.get_url().contains(":memory:") {
        // Every pooled connection to :memory: would be its own database.
        options.max_connections(1).min_connections(1);
    }
    let db = Database::connect(options).await?;
    if is_sqlite {
        // sqlx already turns on foreign keys and a 5 s busy timeout per
        // connection; WAL is a property of the file, so set it once.
        db.execute_unprepared("PRAGMA journal_mode=WAL;").await?;
    }
    Migrator::up(&db, None).await?;
    Ok(db)
}

/// How many connections reports get for their reads beside serving's.
pub const REPORT_READERS: u32 = 4;

/// Connections of their own for long read-only queries (reports and
/// exports), opened when first used. On a SQLite file they are read-only
/// connections beside the one writer (SeaORM gives a SQLite pool one
/// connection, which keeps writers from tripping over each other's
/// snapshots but would queue a live message behind seconds of reading; a
/// WAL file lets readers read beside the writer, each from the last
/// commit). On PostgreSQL they are a small pool apart, so the reports
/// thread (`reports::runner`) never holds, nor drives the sockets of,
/// connections that serving uses. In-memory SQLite is shared as it is.
pub fn reads(db: &DatabaseConnection) -> DatabaseConnection {
    use sea_orm::sqlx::postgres::PgPoolOptions;
    use sea_orm::sqlx::sqlite::SqlitePoolOptions;
    match db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => {
            let options = db.get_sqlite_connection_pool().connect_options();
            // sqlx names an in-memory database `file:sqlx-in-memory-<n>`.
            let name = options.get_filename().to_string_lossy();
            if name.contains("sqlx-in-memory") || name.contains(":memory:") {
                return db.clone();
            }
            let options = (*options).clone().read_only(true).create_if_missing(false);
            let pool = SqlitePoolOptions::new()
                .max_connections(REPORT_READERS)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_lazy_with(options);
            sea_orm::SqlxSqliteConnector::from_sqlx_sqlite_pool(pool)
        }
        sea_orm::DbBackend::Postgres => {
            let options = (*db.get_postgres_connection_pool().connect_options()).clone();
            let pool = PgPoolOptions::new()
                .max_connections(REPORT_READERS)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_lazy_with(options);
            sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(pool)
        }
        _ => db.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{Statement, TransactionTrait};

    async fn count(db: &DatabaseConnection) -> i64 {
        let sql = "SELECT COUNT(*) AS n FROM agent_groups";
        let row = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap()
            .unwrap();
        row.try_get("", "n").unwrap()
    }

    #[tokio::test]
    async fn an_in_memory_database_reads_through_its_one_connection() {
        let db = connect("sqlite::memory:").await.unwrap();
        let reads = reads(&db);
        assert_eq!(count(&reads).await, count(&db).await);
    }

    #[tokio::test]
    async fn a_sqlite_file_is_read_beside_an_open_write() {
        let dir = std::env::temp_dir().join("switchboard-tests");
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}/reads-{}.db", dir.display(), std::process::id());
        let db = connect(&url).await.unwrap();
        let reads = reads(&db);
        let before = count(&reads).await;
        // The writer's one connection is busy in a transaction…
        let txn = db.begin().await.unwrap();
        txn.execute_unprepared(
            "INSERT INTO agent_groups (name, created_at) VALUES ('x', '2026-01-01T00:00:00Z')",
        )
        .await
        .unwrap();
        // …and a long read does not wait for it, nor see what it has not
        // committed.
        let read = tokio::time::timeout(std::time::Duration::from_secs(1), count(&reads));
        assert_eq!(read.await.expect("read beside the writer"), before);
        txn.commit().await.unwrap();
        assert_eq!(count(&reads).await, before + 1);
        // The readers cannot write.
        assert!(reads
            .execute_unprepared("DELETE FROM agent_groups")
            .await
            .is_err());
    }
}
