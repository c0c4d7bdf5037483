//! `POST /visitor/hello`: the widget (or an app) opens a visitor session.

use axum::extract::State;
use axum::routing::post;
use axum::Router;
use domain::Services;
use model::chat::{VisitorHello, VisitorSession};

use crate::error::{ApiResult, Json};
use crate::rate_limit::VisitorBudget;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/visitor/hello", post(hello))
}

async fn hello(
    State(services): State<Services>,
    _: VisitorBudget,
    Json(hello): Json<VisitorHello>,
) -> ApiResult<VisitorSession> {
    Ok(axum::Json(services.visitors.hello(hello).await?))
}
