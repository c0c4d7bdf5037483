//! `domain::Error`: everything a service can fail with. Converted to the
//! user-visible `model::AppError` at the boundary, where internals are logged
//! and hidden.

use model::{AppError, FieldError};
use sea_orm::DbErr;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    #[error("not logged in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("rate limited for {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64 },
    #[error("database error: {0}")]
    Db(DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<DbErr> for Error {
    fn from(err: DbErr) -> Self {
        match crate::stored_text::as_field_error(&err) {
            Some(field) => Error::Invalid(vec![field]),
            None => Error::Db(err),
        }
    }
}

impl Error {
    pub fn field(field: &str, code: &str) -> Self {
        Error::Invalid(vec![FieldError::new(field, code)])
    }
}

impl From<Error> for AppError {
    fn from(err: Error) -> Self {
        match err {
            Error::Invalid(fields) => AppError::Invalid { fields },
            Error::Unauthenticated => AppError::Unauthenticated,
            Error::Forbidden => AppError::Forbidden,
            Error::NotFound => AppError::NotFound,
            Error::RateLimited { retry_after_secs } => AppError::RateLimited { retry_after_secs },
            Error::Db(e) if unavailable(&e) => {
                tracing::warn!(error = %e, "database unavailable");
                AppError::Retry {
                    retry_after_secs: RETRY_AFTER_SECS,
                }
            }
            Error::Db(e) => {
                tracing::error!(error = %e, "database error");
                AppError::Internal
            }
            Error::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                AppError::Internal
            }
        }
    }
}

/// What clients are told to wait when the database is unavailable.
pub const RETRY_AFTER_SECS: u64 = 2;

/// Whether a database error means "unreachable or busy right now" (worth
/// retrying unchanged) rather than a bug or a bad row: no pooled connection
/// in time, a lost connection, or SQLite's lock timeout.
pub fn unavailable(e: &DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    use sea_orm::RuntimeErr;
    match e {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            match e.as_ref() {
                Sqlx::Io(_) | Sqlx::PoolTimedOut | Sqlx::PoolClosed | Sqlx::WorkerCrashed => true,
                // SQLITE_BUSY / SQLITE_LOCKED after the busy timeout;
                // PostgreSQL's class 08 (connection exception) and 57P0x
                // (the server is shutting down or starting up).
                Sqlx::Database(db) => db.code().is_some_and(|c| {
                    matches!(c.as_ref(), "5" | "6" | "517" | "262")
                        || c.starts_with("08")
                        || c.starts_with("57P0")
                }),
                _ => false,
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ConnAcquireErr, RuntimeErr};
    use std::sync::Arc;

    #[test]
    fn an_unreachable_database_asks_clients_to_retry() {
        let timeout = Error::Db(DbErr::ConnectionAcquire(ConnAcquireErr::Timeout));
        assert_eq!(
            AppError::from(timeout),
            AppError::Retry {
                retry_after_secs: RETRY_AFTER_SECS
            }
        );
        let closed = DbErr::Query(RuntimeErr::SqlxError(Arc::new(
            sea_orm::sqlx::Error::PoolClosed,
        )));
        assert!(unavailable(&closed));
        assert_eq!(AppError::from(Error::Db(closed)).status(), 503);
    }

    #[test]
    fn other_database_errors_stay_internal() {
        let bad_row = Error::Db(DbErr::Type("bad".into()));
        assert_eq!(AppError::from(bad_row), AppError::Internal);
        let not_found = DbErr::Query(RuntimeErr::SqlxError(Arc::new(
            sea_orm::sqlx::Error::RowNotFound,
        )));
        assert!(!unavailable(&not_found));
    }
}
