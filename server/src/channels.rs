//! The platforms' callbacks (C4, C5): `GET` and `POST
//! /channels/wechat/{key}` and `/channels/weibo/{key}`. They answer the platform, not a person: plain
//! text or XML, never our JSON errors. A refusal is logged by the domain;
//! its status tells WeChat what went wrong (it retries only on no answer).

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::channels::wechat::CallbackQuery;
use domain::Services;

use crate::state::AppState;

/// Largest callback body read: WeChat's are a few KiB.
pub const CALLBACK_BODY_MAX: usize = 64 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/channels/wechat/{key}",
            get(wechat_verify).post(wechat_callback),
        )
        .route(
            "/channels/weibo/{key}",
            get(weibo_verify).post(weibo_callback),
        )
        .layer(DefaultBodyLimit::max(CALLBACK_BODY_MAX))
}

/// A domain error as the platform sees it.
fn refusal(e: domain::Error) -> Response {
    use domain::Error as E;
    let status = match &e {
        E::NotFound => StatusCode::NOT_FOUND,
        E::Forbidden | E::Unauthenticated => StatusCode::FORBIDDEN,
        E::Invalid(_) => StatusCode::BAD_REQUEST,
        E::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        E::Db(db) if domain::error::unavailable(db) => StatusCode::SERVICE_UNAVAILABLE,
        E::Db(_) | E::Internal(_) => {
            tracing::error!(error = %e, "platform callback failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    (status, status.canonical_reason().unwrap_or_default()).into_response()
}

/// A platform's URL check answered: its `echostr`, as plain text.
fn echo(verified: domain::Result<String>) -> Response {
    match verified {
        Ok(echo) => ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], echo).into_response(),
        Err(e) => refusal(e),
    }
}

/// A callback body as text; platforms send UTF-8 only.
fn text(body: &Bytes) -> domain::Result<&str> {
    std::str::from_utf8(body).map_err(|_| domain::Error::field("body", "not_utf8"))
}

async fn wechat_verify(
    State(services): State<Services>,
    Path(key): Path<String>,
    Query(q): Query<CallbackQuery>,
) -> Response {
    echo(services.wechat.verify(&key, &q).await)
}

async fn wechat_callback(
    State(services): State<Services>,
    Path(key): Path<String>,
    Query(q): Query<CallbackQuery>,
    body: Bytes,
) -> Response {
    let body = match text(&body) {
        Ok(body) => body,
        Err(e) => return refusal(e),
    };
    match services.wechat.receive(&key, &q, body).await {
        Ok(reply) if reply == "success" => {
            ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], reply).into_response()
        }
        Ok(reply) => (
            [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
            reply,
        )
            .into_response(),
        Err(e) => refusal(e),
    }
}

async fn weibo_verify(
    State(services): State<Services>,
    Path(key): Path<String>,
    Query(q): Query<CallbackQuery>,
) -> Response {
    echo(services.weibo.verify(&key, &q).await)
}

async fn weibo_callback(
    State(services): State<Services>,
    Path(key): Path<String>,
    Query(q): Query<CallbackQuery>,
    body: Bytes,
) -> Response {
    let body = match text(&body) {
        Ok(body) => body,
        Err(e) => return refusal(e),
    };
    match services.weibo.receive(&key, &q, body).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => refusal(e),
    }
}
