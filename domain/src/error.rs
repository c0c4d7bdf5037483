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
    Db(#[from] DbErr),
    #[error("internal error: {0}")]
    Internal(String),
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
