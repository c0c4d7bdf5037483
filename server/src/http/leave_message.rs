//! `POST /visitor/leave-message` (R6): the message becomes a ticket.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use domain::Services;
use model::automation::LeaveMessageInput;

use crate::caller::VisitorCaller;
use crate::error::{ApiError, Json};
use crate::rate_limit::VisitorBudget;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/visitor/leave-message", post(leave_message))
}

#[derive(serde::Serialize)]
struct TicketRef {
    ticket_id: i64,
}

async fn leave_message(
    State(services): State<Services>,
    _: VisitorBudget,
    VisitorCaller(v): VisitorCaller,
    Json(input): Json<LeaveMessageInput>,
) -> Result<(StatusCode, axum::Json<TicketRef>), ApiError> {
    let ticket = services.leave_message.submit(v, input).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(TicketRef {
            ticket_id: ticket.id,
        }),
    ))
}
