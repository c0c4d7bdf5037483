//! `POST /agent/conversations/{id}/transfer` (W4).

use axum::extract::{Path, State};
use domain::chat::TransferTarget;
use domain::Services;
use model::chat::Conversation;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::caller::AgentCaller;
use crate::error::{ApiErrors, ApiResult, Json};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(transfer))
}

#[derive(Deserialize, ToSchema)]
struct TransferBody {
    target: TransferTarget,
    /// For the receiver only (at most 500 characters).
    #[serde(default)]
    note: String,
}

/// Transfer a conversation to another agent or a group
///
/// The conversation must be assigned to the token's agent and not ended. To
/// an agent: that enabled agent gets it (whatever their status or load) and
/// it keeps its group. To a group: the group's assignment rules pick an
/// available member with free capacity other than the caller, else it waits
/// in the queue (`status: queued`, `agent_id: null`). The note is stored as
/// an internal system line `transfer_note`; the visitor sees the system line
/// `transferred`.
#[utoipa::path(post, path = "/agent/conversations/{id}/transfer", tag = "agent", operation_id = "agentTransfer",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = TransferBody,
    responses((status = 200, description = "The conversation after the move", body = Conversation), ApiErrors))]
async fn transfer(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
    Json(b): Json<TransferBody>,
) -> ApiResult<Conversation> {
    Ok(axum::Json(
        services
            .transfer
            .transfer(&actor, id, b.target, &b.note)
            .await?,
    ))
}
