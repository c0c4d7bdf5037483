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
