//! `POST /visitor/leave-message` (R6): the message becomes a ticket.

use axum::extract::State;
use axum::http::StatusCode;
use domain::Services;
use model::automation::LeaveMessageInput;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::caller::VisitorCaller;
use crate::error::{ApiError, ApiErrors, Json};
use crate::rate_limit::VisitorBudget;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(leave_message))
}

#[derive(serde::Serialize, ToSchema)]
struct TicketRef {
    /// The reference number the visitor is shown.
    ticket_id: i64,
}

/// Leave a message when nobody can answer (R6)
///
/// Checked against the admin's field rules (shown / required); creates an
/// open, unassigned ticket. Rate limited per IP.
#[utoipa::path(post, path = "/visitor/leave-message", tag = "visitor", operation_id = "visitorLeaveMessage",
    security(("visitorToken" = [])),
    request_body = LeaveMessageInput,
    responses((status = 201, description = "The ticket", body = TicketRef), ApiErrors))]
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
