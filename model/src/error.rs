//! `AppError`: what a caller of a server function or API may see. Internals
//! never cross this boundary; they are logged on the server instead.

use serde::{Deserialize, Serialize};

/// One problem with one input field. `code` is a stable key the UI translates
/// (`required`, `too_long`, `duplicate`, ...); `limit` carries the bound for
/// `too_long` / `too_short` / `out_of_range`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
}

impl FieldError {
    pub fn new(field: &str, code: &str) -> Self {
        Self {
            field: field.to_owned(),
            code: code.to_owned(),
            limit: None,
        }
    }

    pub fn with_limit(field: &str, code: &str, limit: i64) -> Self {
        Self {
            limit: Some(limit),
            ..Self::new(field, code)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    #[error("invalid input")]
    Invalid { fields: Vec<FieldError> },
    #[error("not logged in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("too many attempts, retry in {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64 },
    /// The service cannot answer right now (its database is unreachable or
    /// busy); nothing was changed. Try again after `retry_after_secs`.
    #[error("temporarily unavailable, retry in {retry_after_secs}s")]
    Retry { retry_after_secs: u64 },
    #[error("internal error")]
    Internal,
    /// The request never reached the application (network, encoding).
    #[error("request failed: {message}")]
    Transport { message: String },
}

impl AppError {
    pub fn field(field: &str, code: &str) -> Self {
        AppError::Invalid {
            fields: vec![FieldError::new(field, code)],
        }
    }

    /// The first error reported for `field`, if any.
    pub fn field_error(&self, field: &str) -> Option<&FieldError> {
        match self {
            AppError::Invalid { fields } => fields.iter().find(|f| f.field == field),
            _ => None,
        }
    }

    /// A stable machine-readable code, used by the REST API and for i18n.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Invalid { .. } => "invalid",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Retry { .. } => "retry",
            AppError::Internal => "internal",
            AppError::Transport { .. } => "transport",
        }
    }

    /// How long a client should wait before trying again, when it should.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::RateLimited { retry_after_secs } | AppError::Retry { retry_after_secs } => {
                Some(*retry_after_secs)
            }
            _ => None,
        }
    }

    /// The HTTP status this error maps to.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid { .. } => 422,
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::RateLimited { .. } => 429,
            AppError::Retry { .. } => 503,
            AppError::Internal => 500,
            AppError::Transport { .. } => 502,
        }
    }
}

#[cfg(feature = "server_fn")]
mod server_fn_support {
    use super::AppError;
    use server_fn::codec::JsonEncoding;
    use server_fn::error::{FromServerFnError, ServerFnErrorErr};

    impl FromServerFnError for AppError {
        type Encoder = JsonEncoding;

        fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
            AppError::Transport {
                message: value.to_string(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_as_tagged_json() {
        let err = AppError::Invalid {
            fields: vec![FieldError::with_limit("name", "too_long", 64)],
        };
        let json = serde_json::to_string(&err).unwrap();
        assert!(json.contains("\"kind\":\"invalid\""), "{json}");
        let back: AppError = serde_json::from_str(&json).unwrap();
        assert_eq!(back, err);
        assert_eq!(
            back.field_error("name").map(|f| f.code.as_str()),
            Some("too_long")
        );
        assert_eq!(err.status(), 422);
    }
}
