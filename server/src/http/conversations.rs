//! Conversations over REST: a visitor's history, messages and end; an
//! agent app's conversations, history, replies and end.

use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::Router;
use domain::chat::{Party, StartInfo};
use domain::Services;
use model::chat::{Conversation, Message};
use serde::Deserialize;

use crate::caller::{AgentCaller, VisitorCaller};
use crate::error::{ApiResult, Json};
use crate::rate_limit::VisitorBudget;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/visitor/messages", get(visitor_history).post(visitor_send))
        .route("/visitor/conversations/{id}/end", post(visitor_end))
        .route("/agent/conversations", get(agent_conversations))
        .route(
            "/agent/conversations/{id}/messages",
            get(agent_history).post(agent_send),
        )
        .route("/agent/conversations/{id}/end", post(agent_end))
}

#[derive(Deserialize)]
struct HistoryQuery {
    conversation_id: i64,
    #[serde(default)]
    after: i64,
}

async fn visitor_history(
    State(services): State<Services>,
    Query(q): Query<HistoryQuery>,
    VisitorCaller(v): VisitorCaller,
) -> ApiResult<Vec<Message>> {
    let party = Party::Visitor(v);
    Ok(axum::Json(
        services
            .conversations
            .history(&party, q.conversation_id, q.after)
            .await?,
    ))
}

#[derive(Deserialize)]
struct VisitorSend {
    conversation_id: Option<i64>,
    client_id: String,
    body: String,
    link: Option<String>,
    page_url: Option<String>,
}

async fn visitor_send(
    State(services): State<Services>,
    _: VisitorBudget,
    VisitorCaller(v): VisitorCaller,
    Json(b): Json<VisitorSend>,
) -> ApiResult<Message> {
    let start = StartInfo {
        link: b.link,
        source_url: b.page_url,
    };
    Ok(axum::Json(
        services
            .conversations
            .visitor_send(v, b.conversation_id, &b.client_id, &b.body, &start)
            .await?,
    ))
}

async fn visitor_end(
    State(services): State<Services>,
    Path(id): Path<i64>,
    VisitorCaller(v): VisitorCaller,
) -> ApiResult<Conversation> {
    Ok(axum::Json(
        services.conversations.end(&Party::Visitor(v), id).await?,
    ))
}

async fn agent_conversations(
    State(services): State<Services>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Vec<Conversation>> {
    Ok(axum::Json(
        services.conversations.my_conversations(&actor).await?,
    ))
}

#[derive(Deserialize)]
struct After {
    #[serde(default)]
    after: i64,
}

async fn agent_history(
    State(services): State<Services>,
    Path(id): Path<i64>,
    Query(q): Query<After>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Vec<Message>> {
    Ok(axum::Json(
        services
            .conversations
            .history(&Party::Agent(actor), id, q.after)
            .await?,
    ))
}

#[derive(Deserialize)]
struct AgentSend {
    client_id: String,
    body: String,
}

async fn agent_send(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
    Json(b): Json<AgentSend>,
) -> ApiResult<Message> {
    Ok(axum::Json(
        services
            .conversations
            .agent_send(&actor, id, &b.client_id, &b.body)
            .await?,
    ))
}

async fn agent_end(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Conversation> {
    Ok(axum::Json(
        services.conversations.end(&Party::Agent(actor), id).await?,
    ))
}
