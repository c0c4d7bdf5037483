//! The satisfaction survey (R5): a visitor's rating, an agent's invitation.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use domain::Services;
use model::automation::RatingInput;

use crate::caller::{AgentCaller, VisitorCaller};
use crate::error::{ApiError, Json};
use crate::rate_limit::VisitorBudget;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/visitor/conversations/{id}/rating", post(rate))
        .route("/agent/conversations/{id}/rating-invite", post(invite))
}

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

async fn invite(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
) -> Result<StatusCode, ApiError> {
    services.survey.invite_rating(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
