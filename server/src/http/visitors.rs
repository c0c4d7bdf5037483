//! `POST /visitor/hello`: the widget (or an app) opens a visitor session;
//! `POST /visitor/file-ticket` renews the ticket that reads its files.

use axum::extract::State;
use domain::Services;
use model::chat::{FileTicket, VisitorHello, VisitorSession};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::caller::VisitorCaller;
use crate::error::{ApiErrors, ApiResult, Json};
use crate::rate_limit::VisitorBudget;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(hello))
        .routes(routes!(file_ticket))
}

/// Start or resume a visitor session
///
/// Recognises the visitor by `token` (or creates a new visitor with a new
/// token) and returns their open conversation with its messages and the
/// widget settings. No authentication. Rate limited per IP.
#[utoipa::path(post, path = "/visitor/hello", tag = "visitor", operation_id = "visitorHello",
    security(()),
    request_body = VisitorHello,
    responses((status = 200, description = "The visitor and their latest conversation", body = VisitorSession), ApiErrors))]
async fn hello(
    State(services): State<Services>,
    _: VisitorBudget,
    Json(hello): Json<VisitorHello>,
) -> ApiResult<VisitorSession> {
    Ok(axum::Json(services.visitors.hello(hello).await?))
}

/// Renew the visitor's file ticket
///
/// A file ticket reads this visitor's files by URL
/// (`GET /api/v1/files/{key}?ticket=…`, for `<img src>`) for an hour, so
/// the visitor token never goes in a URL. Ask for a new one before
/// `expires_at`.
#[utoipa::path(post, path = "/visitor/file-ticket", tag = "visitor", operation_id = "visitorFileTicket",
    security(("visitorToken" = [])),
    responses((status = 200, description = "A new ticket", body = FileTicket), ApiErrors))]
async fn file_ticket(
    State(services): State<Services>,
    _: VisitorBudget,
    VisitorCaller(visitor_id): VisitorCaller,
) -> ApiResult<FileTicket> {
    Ok(axum::Json(services.visitors.file_ticket(visitor_id).await?))
}
