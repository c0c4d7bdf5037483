//! Tickets for agents' apps (R7): list with filters, create, read, change,
//! comment.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::Services;
use model::tickets::{
    AssigneeFilter, Ticket, TicketDetail, TicketFilter, TicketInput, TicketPriority, TicketStatus,
    TicketUpdate,
};
use model::AppError;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::caller::AgentCaller;
use crate::error::{ApiError, ApiErrors, ApiResult, Json};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(detail, update))
        .routes(routes!(comment))
}

/// Ticket list filters as query parameters; every one optional.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct TicketQuery {
    /// `open`, `pending`, `solved` or `closed`.
    status: Option<String>,
    /// `low`, `normal`, `high` or `urgent`.
    priority: Option<String>,
    /// `me`, `unassigned` or an agent id.
    assignee: Option<String>,
    /// Created on or after this day (`YYYY-MM-DD`).
    from: Option<String>,
    /// Created on or before this day (`YYYY-MM-DD`).
    to: Option<String>,
    /// Linked to this conversation.
    conversation_id: Option<i64>,
}

impl TicketQuery {
    fn filter(self) -> Result<TicketFilter, ApiError> {
        let bad = |field: &str| ApiError(AppError::field(field, "invalid"));
        let status = match self.status.as_deref() {
            None | Some("") => None,
            Some(s) => Some(TicketStatus::from_key(s).ok_or_else(|| bad("status"))?),
        };
        let priority = match self.priority.as_deref() {
            None | Some("") => None,
            Some(p) => Some(TicketPriority::from_key(p).ok_or_else(|| bad("priority"))?),
        };
        let assignee = match self.assignee.as_deref() {
            None | Some("") => AssigneeFilter::Anyone,
            Some("me") => AssigneeFilter::Me,
            Some("unassigned") => AssigneeFilter::Unassigned,
            Some(n) => AssigneeFilter::Agent(n.parse().map_err(|_| bad("assignee"))?),
        };
        Ok(TicketFilter {
            status,
            priority,
            assignee,
            from: self.from,
            to: self.to,
            conversation_id: self.conversation_id,
        })
    }
}

/// List tickets (R7), newest first, at most 200
#[utoipa::path(get, path = "/agent/tickets", tag = "agent", operation_id = "agentTickets",
    security(("agentToken" = [])),
    params(TicketQuery),
    responses((status = 200, description = "Tickets", body = Vec<Ticket>), ApiErrors))]
async fn list(
    State(services): State<Services>,
    query: Result<Query<TicketQuery>, QueryRejection>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Vec<Ticket>> {
    let Query(q) = query.map_err(|_| ApiError(AppError::field("query", "invalid")))?;
    Ok(axum::Json(
        services.tickets.list(&actor, &q.filter()?).await?,
    ))
}

/// Create a ticket, optionally from a conversation (W5)
#[utoipa::path(post, path = "/agent/tickets", tag = "agent", operation_id = "agentCreateTicket",
    security(("agentToken" = [])),
    request_body = TicketInput,
    responses((status = 201, description = "The new ticket", body = Ticket), ApiErrors))]
async fn create(
    State(services): State<Services>,
    AgentCaller(actor): AgentCaller,
    Json(input): Json<TicketInput>,
) -> Result<(StatusCode, axum::Json<Ticket>), ApiError> {
    Ok((
        StatusCode::CREATED,
        axum::Json(services.tickets.create(&actor, input).await?),
    ))
}

/// A ticket with its history
#[utoipa::path(get, path = "/agent/tickets/{id}", tag = "agent", operation_id = "agentTicket",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Ticket id")),
    responses((status = 200, description = "The ticket", body = TicketDetail), ApiErrors))]
async fn detail(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<TicketDetail> {
    Ok(axum::Json(services.tickets.get(&actor, id).await?))
}

/// Change status, priority or assignee
///
/// Allowed on your own or unassigned tickets, any ticket with
/// manage_tickets. Every change is recorded in the history. If someone
/// changed the ticket meanwhile, nothing is written (`ticket`
/// changed_meanwhile).
#[utoipa::path(patch, path = "/agent/tickets/{id}", tag = "agent", operation_id = "agentUpdateTicket",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Ticket id")),
    request_body = TicketUpdate,
    responses((status = 200, description = "The ticket", body = Ticket), ApiErrors))]
async fn update(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
    Json(change): Json<TicketUpdate>,
) -> ApiResult<Ticket> {
    Ok(axum::Json(
        services.tickets.update(&actor, id, change).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
struct CommentBody {
    body: String,
}

/// Comment on a ticket
#[utoipa::path(post, path = "/agent/tickets/{id}/comments", tag = "agent", operation_id = "agentCommentTicket",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Ticket id")),
    request_body = CommentBody,
    responses((status = 200, description = "The ticket with its history", body = TicketDetail), ApiErrors))]
async fn comment(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
    Json(b): Json<CommentBody>,
) -> ApiResult<TicketDetail> {
    Ok(axum::Json(
        services.tickets.comment(&actor, id, &b.body).await?,
    ))
}
