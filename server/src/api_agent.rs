//! The open API for agents' apps and integrations (C6): the same actions as
//! the workbench, authenticated with a personal API token
//! (`Authorization: Bearer sbat_…`, created in the workbench) and limited by
//! the agent's own permissions.

use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use domain::chat::{Party, TransferTarget};
use domain::{Actor, Services};
use model::automation::QueueEntry;
use model::chat::{Conversation, Message};
use model::tickets::{
    AssigneeFilter, Ticket, TicketDetail, TicketFilter, TicketInput, TicketPriority, TicketStatus,
    TicketUpdate,
};
use model::AppError;
use serde::Deserialize;

use crate::api_v1::{bad_json, bearer, ApiError};

pub fn routes() -> Router<leptos::config::LeptosOptions> {
    Router::new()
        .route("/api/v1/agent/conversations", get(conversations))
        .route(
            "/api/v1/agent/conversations/{id}/messages",
            get(messages).post(send),
        )
        .route("/api/v1/agent/conversations/{id}/end", post(end))
        .route("/api/v1/agent/conversations/{id}/transfer", post(transfer))
        .route(
            "/api/v1/agent/conversations/{id}/rating-invite",
            post(invite_rating),
        )
        .route("/api/v1/agent/queue", get(queue))
        .route("/api/v1/agent/tickets", get(tickets).post(create_ticket))
        .route(
            "/api/v1/agent/tickets/{id}",
            get(ticket).patch(update_ticket),
        )
        .route("/api/v1/agent/tickets/{id}/comments", post(comment_ticket))
}

/// The agent behind the request's bearer token.
pub async fn token_actor(services: &Services, headers: &HeaderMap) -> Result<Actor, ApiError> {
    let secret = bearer(headers).ok_or(ApiError(AppError::Unauthenticated))?;
    Ok(services.api_tokens.actor(secret).await?)
}

type ApiResult<T> = Result<Json<T>, ApiError>;

async fn conversations(
    Extension(services): Extension<Services>,
    headers: HeaderMap,
) -> ApiResult<Vec<Conversation>> {
    let actor = token_actor(&services, &headers).await?;
    Ok(Json(services.conversations.my_conversations(&actor).await?))
}

#[derive(Deserialize)]
struct After {
    #[serde(default)]
    after: i64,
}

async fn messages(
    Extension(services): Extension<Services>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<After>,
) -> ApiResult<Vec<Message>> {
    let actor = token_actor(&services, &headers).await?;
    Ok(Json(
        services
            .conversations
            .history(&Party::Agent(actor), id, q.after)
            .await?,
    ))
}

#[derive(Deserialize)]
struct SendBody {
    client_id: String,
    body: String,
}

async fn send(
    Extension(services): Extension<Services>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    body: Result<Json<SendBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<Message> {
    let actor = token_actor(&services, &headers).await?;
    let Json(b) = body.map_err(bad_json)?;
    Ok(Json(
        services
            .conversations
            .agent_send(&actor, id, &b.client_id, &b.body)
            .await?,
    ))
}

async fn end(
    Extension(services): Extension<Services>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> ApiResult<Conversation> {
    let actor = token_actor(&services, &headers).await?;
    Ok(Json(
        services.conversations.end(&Party::Agent(actor), id).await?,
    ))
}

#[derive(Deserialize)]
struct TransferBody {
    target: TransferTarget,
    #[serde(default)]
    note: String,
}

async fn transfer(
    Extension(services): Extension<Services>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    body: Result<Json<TransferBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<Conversation> {
    let actor = token_actor(&services, &headers).await?;
    let Json(b) = body.map_err(bad_json)?;
    Ok(Json(
        services
            .transfer
            .transfer(&actor, id, b.target, &b.note)
            .await?,
    ))
}

async fn invite_rating(
    Extension(services): Extension<Services>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let actor = token_actor(&services, &headers).await?;
    services.survey.invite_rating(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn queue(
    Extension(services): Extension<Services>,
    headers: HeaderMap,
) -> ApiResult<Vec<QueueEntry>> {
    let actor = token_actor(&services, &headers).await?;
    Ok(Json(services.queue.queue(&actor).await?))
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

async fn tickets(
    Extension(services): Extension<Services>,
    headers: HeaderMap,
    query: Result<Query<TicketQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Vec<Ticket>> {
    let actor = token_actor(&services, &headers).await?;
    let Query(q) = query.map_err(|_| ApiError(AppError::field("query", "invalid")))?;
    Ok(Json(services.tickets.list(&actor, &q.filter()?).await?))
}

async fn create_ticket(
    Extension(services): Extension<Services>,
    headers: HeaderMap,
    body: Result<Json<TicketInput>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<Ticket>), ApiError> {
    let actor = token_actor(&services, &headers).await?;
    let Json(input) = body.map_err(bad_json)?;
    Ok((
        StatusCode::CREATED,
        Json(services.tickets.create(&actor, input).await?),
    ))
}

async fn ticket(
    Extension(services): Extension<Services>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> ApiResult<TicketDetail> {
    let actor = token_actor(&services, &headers).await?;
    Ok(Json(services.tickets.get(&actor, id).await?))
}

async fn update_ticket(
    Extension(services): Extension<Services>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    body: Result<Json<TicketUpdate>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<Ticket> {
    let actor = token_actor(&services, &headers).await?;
    let Json(change) = body.map_err(bad_json)?;
    Ok(Json(services.tickets.update(&actor, id, change).await?))
}

#[derive(Deserialize)]
struct CommentBody {
    body: String,
}

async fn comment_ticket(
    Extension(services): Extension<Services>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    body: Result<Json<CommentBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<TicketDetail> {
    let actor = token_actor(&services, &headers).await?;
    let Json(b) = body.map_err(bad_json)?;
    Ok(Json(services.tickets.comment(&actor, id, &b.body).await?))
}
