//! The satisfaction survey (R5): a visitor's rating, an agent's invitation.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::Services;
use model::automation::RatingInput;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::caller::{AgentCaller, VisitorCaller};
use crate::error::{ApiError, ApiErrors, Json};
use crate::rate_limit::VisitorBudget;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(rate))
        .routes(routes!(invite))
}

/// Rate a conversation (R5)
///
/// Once per conversation, after it ended or after the agent invited a
/// rating (system line `rating_invited`). The label of the chosen
/// level is stored with the rating. Rate limited per IP.
#[utoipa::path(post, path = "/visitor/conversations/{id}/rating", tag = "visitor", operation_id = "visitorRate",
    security(("visitorToken" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = RatingInput,
    responses((status = 204, description = "Stored"), ApiErrors))]
async fn rate(
    State(services): State<Services>,
    Path(id): Path<i64>,
    _: VisitorBudget,
    VisitorCaller(v): VisitorCaller,
    Json(input): Json<RatingInput>,
) -> Result<StatusCode, ApiError> {
    services.survey.rate(v, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ask the visitor to rate the conversation now (R5)
#[utoipa::path(post, path = "/agent/conversations/{id}/rating-invite", tag = "agent", operation_id = "agentInviteRating",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    responses((status = 204, description = "The visitor was asked"), ApiErrors))]
async fn invite(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
) -> Result<StatusCode, ApiError> {
    services.survey.invite_rating(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
