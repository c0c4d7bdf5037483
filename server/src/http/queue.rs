//! `GET /agent/queue` (R4): waiting conversations, for supervisors.

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use domain::Services;
use model::automation::QueueEntry;

use crate::caller::AgentCaller;
use crate::error::ApiResult;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/agent/queue", get(queue))
}

async fn queue(
    State(services): State<Services>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Vec<QueueEntry>> {
    Ok(axum::Json(services.queue.queue(&actor).await?))
}
