//! Tickets for agents' apps (R7): list with filters, create, read, change,
//! comment.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use domain::Services;
use model::tickets::{
    AssigneeFilter, Ticket, TicketDetail, TicketFilter, TicketInput, TicketPriority, TicketStatus,
    TicketUpdate,
};
use model::AppError;
use serde::Deserialize;

use crate::caller::AgentCaller;
use crate::error::{ApiError, ApiResult, Json};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/agent/tickets", get(list).post(create))
        .route("/agent/tickets/{id}", get(detail).patch(update))
        .route("/agent/tickets/{id}/comments", post(comment))
}

/// Ticket list filters as query parameters; every one optional.
#[derive(Deserialize)]
struct TicketQuery {
    status: Option<String>,
    priority: Option<String>,
    /// `me`, `unassigned` or an agent id.
    assignee: Option<String>,
    from: Option<String>,
    to: Option<String>,
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

async fn detail(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<TicketDetail> {
    Ok(axum::Json(services.tickets.get(&actor, id).await?))
}

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

#[derive(Deserialize)]
struct CommentBody {
    body: String,
}

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
