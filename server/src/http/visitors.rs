//! `POST /visitor/hello`: the widget (or an app) opens a visitor session.

use axum::extract::State;
use domain::Services;
use model::chat::{VisitorHello, VisitorSession};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiErrors, ApiResult, Json};
use crate::rate_limit::VisitorBudget;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(hello))
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
