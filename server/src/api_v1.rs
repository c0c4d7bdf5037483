//! The versioned open API (C6, first part): REST for visitors and apps.
//! Visitors authenticate with `Authorization: Bearer <visitor token>` from
//! `POST /api/v1/visitor/hello`. The WebSocket protocol is in docs/realtime.md.

use axum::extract::{DefaultBodyLimit, Multipart, Path, Query};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use domain::chat::{Party, StartInfo, Upload};
use domain::Services;
use model::chat::VisitorHello;
use model::AppError;
use serde::Deserialize;
use tower_sessions::Session;

use crate::rate_limit::{ClientIp, RateLimiter};

pub fn routes(upload_max_bytes: usize) -> Router<leptos::config::LeptosOptions> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route(
            "/api/v1/uploads",
            // Room for the multipart framing around the largest file.
            post(upload).layer(DefaultBodyLimit::max(upload_max_bytes + 64 * 1024)),
        )
        .route("/api/v1/files/{key}", get(file))
        .route("/api/v1/widget/{link}", get(widget))
        .route("/api/v1/visitor/hello", post(hello))
        .route("/api/v1/visitor/messages", get(messages).post(send))
        .route("/api/v1/visitor/conversations/{id}/end", post(end))
        .route("/api/v1/visitor/conversations/{id}/rating", post(rate))
        .route("/api/v1/visitor/leave-message", post(leave_message))
}

/// axum answers a bad path or query value (`/tickets/abc`, `?after=x`), a
/// wrong method or media type itself, in plain text; API clients get the
/// same JSON error shape as everywhere else.
pub async fn json_errors(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
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

/// An error as JSON with its HTTP status.
pub struct ApiError(pub AppError);

impl From<domain::Error> for ApiError {
    fn from(e: domain::Error) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after = match &self.0 {
            AppError::RateLimited { retry_after_secs } => Some(retry_after_secs.to_string()),
            _ => None,
        };
        let mut res = (status, Json(serde_json::json!({ "error": self.0 }))).into_response();
        if let Some(secs) = retry_after.and_then(|s| s.parse().ok()) {
            res.headers_mut().insert(header::RETRY_AFTER, secs);
        }
        res
    }
}

/// A body that is not the JSON the endpoint expects.
pub fn bad_json(e: axum::extract::rejection::JsonRejection) -> ApiError {
    tracing::debug!(error = %e.body_text(), "unreadable JSON body");
    ApiError(AppError::field("body", "bad_json"))
}

type ApiResult<T> = Result<Json<T>, ApiError>;

fn limited(limiter: &RateLimiter, ip: std::net::IpAddr) -> Result<(), ApiError> {
    if limiter.allow(ip) {
        Ok(())
    } else {
        Err(ApiError(AppError::RateLimited {
            retry_after_secs: 1,
        }))
    }
}

/// The secret in `Authorization: Bearer …`, if any.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

async fn visitor(services: &Services, headers: &HeaderMap) -> Result<i64, ApiError> {
    let token = bearer(headers).ok_or(ApiError(AppError::Unauthenticated))?;
    Ok(services.visitors.visitor_by_token(token).await?.id)
}

async fn hello(
    Extension(services): Extension<Services>,
    Extension(limiter): Extension<RateLimiter>,
    ClientIp(ip): ClientIp,
    body: Result<Json<VisitorHello>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<model::chat::VisitorSession> {
    limited(&limiter, ip)?;
    let Json(hello) = body.map_err(bad_json)?;
    Ok(Json(services.visitors.hello(hello).await?))
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
    Ok(Json(
        services
            .conversations
            .history(&Party::Visitor(v), q.conversation_id, q.after)
            .await?,
    ))
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
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Result<Json<SendBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<model::chat::Message> {
    limited(&limiter, ip)?;
    let v = visitor(&services, &headers).await?;
    let Json(b) = body.map_err(bad_json)?;
    let start = StartInfo {
        link: b.link,
        source_url: b.page_url,
    };
    Ok(Json(
        services
            .conversations
            .visitor_send(v, b.conversation_id, &b.client_id, &b.body, &start)
            .await?,
    ))
}

async fn end(
    Extension(services): Extension<Services>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> ApiResult<model::chat::Conversation> {
    let v = visitor(&services, &headers).await?;
    Ok(Json(
        services.conversations.end(&Party::Visitor(v), id).await?,
    ))
}

/// The caller of a file endpoint: a visitor by bearer token (or `?token=`,
/// which `<img src>` needs), else a signed-in agent by session cookie.
async fn party(
    services: &Services,
    headers: &HeaderMap,
    query_token: Option<&str>,
    session: &Session,
) -> Result<Party, ApiError> {
    if let Some(secret) = bearer(headers) {
        // Personal API tokens are agents; anything else is a visitor token.
        if secret.starts_with(domain::api_tokens::PREFIX) {
            return Ok(Party::Agent(
                crate::api_agent::token_actor(services, headers).await?,
            ));
        }
        return Ok(Party::Visitor(visitor(services, headers).await?));
    }
    if let Some(token) = query_token {
        return Ok(Party::Visitor(
            services.visitors.visitor_by_token(token).await?.id,
        ));
    }
    crate::realtime::signed_in_agent(services, session)
        .await
        .map(Party::Agent)
        .ok_or(ApiError(AppError::Unauthenticated))
}

fn bad_upload(code: &str) -> ApiError {
    ApiError(AppError::field("file", code))
}

/// A multipart read error: the body limit shows up here as "too large".
fn multipart_error(services: &Services, e: axum::extract::multipart::MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let limit = services.uploads.upload_limit() as i64;
        ApiError(AppError::Invalid {
            fields: vec![model::FieldError::with_limit(
                "file",
                "file_too_large",
                limit,
            )],
        })
    } else {
        bad_upload("not_multipart")
    }
}

/// `POST /api/v1/uploads` (multipart: `conversation_id`, `client_id`, `file`).
async fn upload(
    Extension(services): Extension<Services>,
    Extension(limiter): Extension<RateLimiter>,
    ClientIp(ip): ClientIp,
    session: Session,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> ApiResult<model::chat::Message> {
    let caller = party(&services, &headers, None, &session).await?;
    if matches!(caller, Party::Visitor(_)) {
        limited(&limiter, ip)?;
    }
    let mut multipart = multipart.map_err(|_| bad_upload("not_multipart"))?;
    let (mut conversation_id, mut client_id, mut file) = (None, String::new(), None);
    let mut start = StartInfo {
        link: None,
        source_url: None,
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            // The body limit shows up here as a read error.
            Err(e) => return Err(multipart_error(&services, e)),
        };
        match field.name().unwrap_or_default() {
            "conversation_id" => {
                let text = field
                    .text()
                    .await
                    .map_err(|_| bad_upload("not_multipart"))?;
                if !text.trim().is_empty() {
                    let id = text.trim().parse::<i64>().map_err(|_| {
                        ApiError(AppError::field("conversation_id", "not_a_number"))
                    })?;
                    conversation_id = Some(id);
                }
            }
            "client_id" => {
                client_id = field
                    .text()
                    .await
                    .map_err(|_| bad_upload("not_multipart"))?;
            }
            // Where a conversation the file starts came from, as in `send`.
            "link" | "page_url" => {
                let name = field.name().unwrap_or_default().to_owned();
                let text = field
                    .text()
                    .await
                    .map_err(|_| bad_upload("not_multipart"))?;
                if name == "link" {
                    start.link = Some(text).filter(|l| !l.is_empty() && l.len() <= 64);
                } else {
                    start.source_url =
                        Some(text.chars().take(2048).collect()).filter(|p: &String| !p.is_empty());
                }
            }
            "file" => {
                let name = field.file_name().unwrap_or("file").to_owned();
                let bytes = match field.bytes().await {
                    Ok(bytes) => bytes,
                    Err(e) => return Err(multipart_error(&services, e)),
                };
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    let (name, bytes) = file.ok_or_else(|| bad_upload("required"))?;
    let upload = Upload {
        conversation_id,
        client_id: &client_id,
        name: &name,
        bytes: &bytes,
    };
    Ok(Json(
        services.uploads.send_file(&caller, upload, &start).await?,
    ))
}

#[derive(Deserialize)]
struct FileQuery {
    token: Option<String>,
    /// `1` asks for the file as a download rather than shown inline.
    download: Option<u8>,
}

/// `GET /api/v1/files/{key}`: the bytes of a file the caller may see.
async fn file(
    Extension(services): Extension<Services>,
    session: Session,
    headers: HeaderMap,
    Path(key): Path<String>,
    Query(q): Query<FileQuery>,
) -> Result<Response, ApiError> {
    let caller = party(&services, &headers, q.token.as_deref(), &session).await?;
    let (attachment, bytes) = services.uploads.read_file(&caller, &key).await?;
    // Only images are shown inline; everything else is a download, and the
    // sandbox keeps any active content from running on our origin.
    let inline = attachment.is_image() && q.download.is_none();
    let disposition = format!(
        "{}; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        percent_encode(&attachment.name)
    );
    Ok((
        [
            (header::CONTENT_TYPE, attachment.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (
                header::CONTENT_SECURITY_POLICY,
                "sandbox; default-src 'none'".to_owned(),
            ),
            (header::CACHE_CONTROL, "private, max-age=86400".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// RFC 5987 encoding for the file name in `Content-Disposition`.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `GET /api/v1/widget/{link}`: what `/embed.js` needs to draw the chat
/// button on a customer's site (any origin may read it).
async fn widget(
    Extension(services): Extension<Services>,
    Extension(limiter): Extension<RateLimiter>,
    ClientIp(ip): ClientIp,
    Path(link): Path<String>,
) -> Response {
    // Errors carry the CORS header too, so the loader on another site can
    // read a 404 (unknown link) or 429 and fall back to its defaults.
    let mut res = match widget_config(&services, &limiter, ip, &link).await {
        Ok(res) => res,
        Err(e) => e.into_response(),
    };
    res.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        header::HeaderValue::from_static("*"),
    );
    res
}

async fn widget_config(
    services: &Services,
    limiter: &RateLimiter,
    ip: std::net::IpAddr,
    link: &str,
) -> Result<Response, ApiError> {
    limited(limiter, ip)?;
    let w = services.widget.public(link).await?;
    let body = serde_json::json!({
        "window_name": w.window_name,
        "theme_color": w.theme_color,
        "button_text": w.button_text,
        "desktop_button": w.desktop_button,
        "mobile_button": w.mobile_button,
        "language": w.language,
    });
    Ok(([(header::CACHE_CONTROL, "public, max-age=60")], Json(body)).into_response())
}

async fn openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("../../docs/openapi.json"),
    )
}

/// R5: the visitor rates an ended (or invited) conversation.
async fn rate(
    Extension(services): Extension<Services>,
    Extension(limiter): Extension<RateLimiter>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(id): Path<i64>,
    body: Result<Json<model::automation::RatingInput>, axum::extract::rejection::JsonRejection>,
) -> Result<StatusCode, ApiError> {
    limited(&limiter, ip)?;
    let v = visitor(&services, &headers).await?;
    let Json(input) = body.map_err(bad_json)?;
    services.survey.rate(v, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Serialize)]
struct TicketRef {
    ticket_id: i64,
}

/// R6: the leave-a-message form; the message becomes a ticket.
async fn leave_message(
    Extension(services): Extension<Services>,
    Extension(limiter): Extension<RateLimiter>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Result<
        Json<model::automation::LeaveMessageInput>,
        axum::extract::rejection::JsonRejection,
    >,
) -> Result<(StatusCode, Json<TicketRef>), ApiError> {
    limited(&limiter, ip)?;
    let v = visitor(&services, &headers).await?;
    let Json(input) = body.map_err(bad_json)?;
    let ticket = services.leave_message.submit(v, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(TicketRef {
            ticket_id: ticket.id,
        }),
    ))
}
