//! `GET /agent/queue` (R4): waiting conversations, for supervisors.

use axum::extract::State;
use domain::Services;
use model::automation::QueueEntry;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::caller::AgentCaller;
use crate::error::{ApiErrors, ApiResult};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(queue))
}

/// Visitors waiting for an agent (R4)
///
/// Needs view_all_transcripts or manage_automation.
#[utoipa::path(get, path = "/agent/queue", tag = "agent", operation_id = "agentQueue",
    security(("agentToken" = [])),
    responses((status = 200, description = "Waiting conversations, in line order", body = Vec<QueueEntry>), ApiErrors))]
async fn queue(
    State(services): State<Services>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Vec<QueueEntry>> {
    Ok(axum::Json(services.queue.queue(&actor).await?))
}
