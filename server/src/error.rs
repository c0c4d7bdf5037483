//! The open API's error answer: `{"error": AppError}` with the HTTP status
//! of its kind, for handlers, for axum's own rejections (bad path or query
//! value, wrong method or media type) and for unreadable JSON bodies.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use model::AppError;
use serde::de::DeserializeOwned;

/// An error as JSON with its HTTP status.
#[derive(Debug)]
pub struct ApiError(pub AppError);

pub type ApiResult<T> = Result<axum::Json<T>, ApiError>;

impl From<domain::Error> for ApiError {
    fn from(e: domain::Error) -> Self {
        ApiError(e.into())
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after = self.0.retry_after();
        let mut res = (status, axum::Json(serde_json::json!({ "error": self.0 }))).into_response();
        if let Some(secs) = retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, secs.into());
        }
        res
    }
}

/// A JSON body whose rejection is an `ApiError` (`body: bad_json`).
/// Numbers such as `3.0` count as the integer they equal, as in JSON
/// Schema (the API document's language), so a client serialising every
/// number as a float is understood.
pub struct Json<T>(pub T);

/// `3.0` → `3`, everywhere in `value`; other numbers stay as they are.
fn integral_floats_as_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            if let Some(f) = n.as_f64() {
                if f.fract() == 0.0 && f.abs() < 9.0e15 {
                    *value = Value::from(f as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_floats_as_integers),
        _ => {}
    }
}

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let mut value = match axum::Json::<serde_json::Value>::from_request(req, state).await {
            Ok(axum::Json(value)) => value,
            Err(e) => return Err(bad_json(e)),
        };
        integral_floats_as_integers(&mut value);
        serde_json::from_value(value).map(Json).map_err(|e| {
            tracing::debug!(error = %e, "JSON body of the wrong shape");
            ApiError(AppError::field("body", "bad_json"))
        })
    }
}

fn bad_json(e: JsonRejection) -> ApiError {
    tracing::debug!(error = %e.body_text(), "unreadable JSON body");
    ApiError(AppError::field("body", "bad_json"))
}

/// axum answers a bad path or query value (`/tickets/abc`, `?after=x`), a
/// wrong method or media type itself, in plain text; API clients get the
/// same JSON error shape as everywhere else.
pub async fn json_errors(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !status.is_client_error() || is_json {
        return res;
    }
    let error = match status {
        StatusCode::NOT_FOUND => AppError::NotFound,
        StatusCode::UNAUTHORIZED => AppError::Unauthenticated,
        StatusCode::FORBIDDEN => AppError::Forbidden,
        StatusCode::PAYLOAD_TOO_LARGE => AppError::field("body", "too_large"),
        StatusCode::METHOD_NOT_ALLOWED => AppError::field("method", "not_allowed"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::field("content_type", "unsupported"),
        _ => AppError::field("request", "bad_request"),
    };
    // A field error keeps axum's more precise status (405, 413, 415…).
    let keep_status = matches!(error, AppError::Invalid { .. });
    let mut res = ApiError(error).into_response();
    if keep_status {
        *res.status_mut() = status;
    }
    res
}

/// The body of every error answer, for the API document.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ErrorBody {
    error: AppError,
}

/// The error answers every `/api/v1` operation may give, for the document.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum ApiErrors {
    /// A path or query value that does not parse.
    #[response(status = 400)]
    BadRequest(ErrorBody),
    /// No credentials, or unknown ones.
    #[response(status = 401)]
    Unauthenticated(ErrorBody),
    /// Not allowed for this caller, or a cross-site write from a browser.
    #[response(status = 403)]
    Forbidden(ErrorBody),
    /// Missing, or someone else's (they look the same).
    #[response(status = 404)]
    NotFound(ErrorBody),
    /// Wrong method for this path.
    #[response(status = 405)]
    MethodNotAllowed(ErrorBody),
    /// The body is too large.
    #[response(status = 413)]
    TooLarge(ErrorBody),
    /// The body is not of a supported media type.
    #[response(status = 415)]
    UnsupportedMediaType(ErrorBody),
    /// Invalid input: `fields` says which and why (`body: bad_json` for a body that is not the expected JSON).
    #[response(status = 422)]
    Invalid(ErrorBody),
    /// Over the visitors' per-address budget; `Retry-After` says when to try again.
    #[response(status = 429)]
    RateLimited(ErrorBody),
    /// Something failed on the server; nothing about it is shown.
    #[response(status = 500)]
    Internal(ErrorBody),
}

/// Most bytes of a server function's error body read to find its status.
const SERVER_FN_ERROR_MAX: usize = 64 * 1024;

/// Server functions answer every error with 500; give each the status of
/// its kind instead (401, 403, 404, 422, 429), as the REST API does. Their
/// client decodes any 4xx/5xx body as the error, so only the status changes.
pub async fn server_fn_statuses(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res
            .headers()
            .contains_key(server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, SERVER_FN_ERROR_MAX).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "server function error body unreadable");
            return (parts, axum::body::Body::empty()).into_response();
        }
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(parts.status);
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integral_floats_read_as_integers_and_others_stay() {
        let mut v = serde_json::json!({"level": 3.0, "list": [1.0, 2.5], "n": 7, "big": 1e300});
        integral_floats_as_integers(&mut v);
        assert_eq!(v["level"], serde_json::json!(3));
        assert_eq!(v["list"], serde_json::json!([1, 2.5]));
        assert_eq!(v["n"], serde_json::json!(7));
        assert!(v["big"].is_f64());
    }
}
