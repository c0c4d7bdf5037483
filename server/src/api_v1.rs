//! The versioned open API (C6, first part): REST for visitors and apps.
//! Visitors authenticate with `Authorization: Bearer <visitor token>` from
//! `POST /api/v1/visitor/hello`. The WebSocket protocol is in docs/realtime.md.

use axum::extract::{ConnectInfo, Path, Query};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use domain::chat::{Party, StartInfo};
use domain::Services;
use model::chat::VisitorHello;
use model::AppError;
use serde::Deserialize;

use crate::rate_limit::RateLimiter;

pub fn routes() -> Router<leptos::config::LeptosOptions> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/visitor/hello", post(hello))
        .route("/api/v1/visitor/messages", get(messages).post(send))
        .route("/api/v1/visitor/conversations/{id}/end", post(end))
}

/// An error as JSON with its HTTP status.
pub struct ApiError(AppError);

impl From<domain::Error> for ApiError {
    fn from(e: domain::Error) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(serde_json::json!({ "error": self.0 }))).into_response()
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

fn limited(limiter: &RateLimiter, addr: std::net::SocketAddr) -> Result<(), ApiError> {
    if limiter.allow(addr.ip()) {
        Ok(())
    } else {
        Err(ApiError(AppError::RateLimited { retry_after_secs: 1 }))
    }
}

async fn visitor(services: &Services, headers: &HeaderMap) -> Result<i64, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(ApiError(AppError::Unauthenticated))?;
    Ok(services.chat.visitor_by_token(token.trim()).await?.id)
}

async fn hello(
    Extension(services): Extension<Services>,
    Extension(limiter): Extension<RateLimiter>,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
    body: Result<Json<VisitorHello>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<model::chat::VisitorSession> {
    limited(&limiter, addr)?;
    let Json(hello) = body.map_err(|e| ApiError(AppError::field("body", &format!("bad_json: {}", e.body_text()))))?;
    Ok(Json(services.chat.hello(hello).await?))
}

#[derive(Deserialize)]
struct HistoryQuery {
    conversation_id: i64,
    #[serde(default)]
    after: i64,
}

async fn messages(
    Extension(services): Extension<Services>,
    headers: HeaderMap,
    Query(q): Query<HistoryQuery>,
) -> ApiResult<Vec<model::chat::Message>> {
    let v = visitor(&services, &headers).await?;
    Ok(Json(services.chat.history(&Party::Visitor(v), q.conversation_id, q.after).await?))
}

#[derive(Deserialize)]
struct SendBody {
    conversation_id: Option<i64>,
    client_id: String,
    body: String,
    link: Option<String>,
    page_url: Option<String>,
}

async fn send(
    Extension(services): Extension<Services>,
    Extension(limiter): Extension<RateLimiter>,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    body: Result<Json<SendBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<model::chat::Message> {
    limited(&limiter, addr)?;
    let v = visitor(&services, &headers).await?;
    let Json(b) = body.map_err(|e| ApiError(AppError::field("body", &format!("bad_json: {}", e.body_text()))))?;
    let start = StartInfo { link: b.link, source_url: b.page_url };
    Ok(Json(services.chat.visitor_send(v, b.conversation_id, &b.client_id, &b.body, &start).await?))
}

async fn end(
    Extension(services): Extension<Services>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> ApiResult<model::chat::Conversation> {
    let v = visitor(&services, &headers).await?;
    Ok(Json(services.chat.end(&Party::Visitor(v), id).await?))
}

async fn openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("../../docs/openapi.json"),
    )
}
