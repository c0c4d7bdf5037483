//! `POST /agent/conversations/{id}/transfer` (W4).

use axum::extract::{Path, State};
use axum::routing::post;
use axum::Router;
use domain::chat::TransferTarget;
use domain::Services;
use model::chat::Conversation;
use serde::Deserialize;

use crate::caller::AgentCaller;
use crate::error::{ApiResult, Json};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/agent/conversations/{id}/transfer", post(transfer))
}

#[derive(Deserialize)]
struct TransferBody {
    target: TransferTarget,
    #[serde(default)]
    note: String,
}

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
