//! Conversations over REST: a visitor's history, messages and end; an
//! agent app's conversations, history, replies and end.

use axum::extract::{Path, Query, State};
use domain::chat::{Party, StartInfo};
use domain::Services;
use model::chat::{Conversation, Message};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::caller::{AgentCaller, VisitorCaller};
use crate::error::{ApiErrors, ApiResult, Json};
use crate::rate_limit::{ClientIp, VisitorBudget};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(visitor_history, visitor_send))
        .routes(routes!(visitor_end))
        .routes(routes!(agent_conversations))
        .routes(routes!(agent_history, agent_send))
        .routes(routes!(agent_end))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct HistoryQuery {
    /// One of the visitor's conversations.
    conversation_id: i64,
    /// Only messages with a higher seq (0: all).
    #[serde(default)]
    after: i64,
}

/// Messages of one of the visitor's conversations after a seq
///
/// Messages in seq order, without internal notes. Use it to catch up after
/// being offline; live delivery is on the WebSocket.
#[utoipa::path(get, path = "/visitor/messages", tag = "visitor", operation_id = "visitorMessages",
    security(("visitorToken" = [])),
    params(HistoryQuery),
    responses((status = 200, description = "Messages in seq order", body = Vec<Message>), ApiErrors))]
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

#[derive(Deserialize, ToSchema)]
struct VisitorSend {
    /// The conversation; without it, the visitor's open one or a new one.
    conversation_id: Option<i64>,
    /// Chosen by the client; reuse it when retrying (letters, digits, `-`, `_`; 1–64).
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    client_id: String,
    /// The text; not only spaces.
    #[schema(pattern = "\\S", max_length = 5000)]
    body: String,
    /// The chat link a new conversation comes through.
    link: Option<String>,
    /// The page a new conversation starts on.
    page_url: Option<String>,
    /// The app's name: a new conversation's channel is then `app` (C6),
    /// shown to agents with this name.
    #[schema(max_length = 64)]
    app: Option<String>,
    /// The page that sent the visitor to the site (routing rules read its
    /// domain, search engine and keyword).
    #[schema(max_length = 2048)]
    referrer: Option<String>,
    /// The navigation menu leaf the visitor picked (the menu comes in
    /// `hello`'s `options.menu`), and the language they saw it in.
    #[schema(max_length = 32)]
    menu_item: Option<String>,
    #[schema(max_length = 16)]
    lang: Option<String>,
}

/// Send a text message (exactly once per client_id)
///
/// Stores the message and returns it with its seq; it is also delivered on
/// the WebSocket. Without `conversation_id` the message goes to the
/// visitor's open conversation, or starts a new one. A retry with a
/// client_id the visitor already used (in any of their conversations)
/// returns the stored message unchanged, even if that conversation has
/// ended since. Rate limited per IP.
#[utoipa::path(post, path = "/visitor/messages", tag = "visitor", operation_id = "visitorSend",
    security(("visitorToken" = [])),
    request_body = VisitorSend,
    responses((status = 200, description = "The stored message", body = Message), ApiErrors))]
async fn visitor_send(
    State(services): State<Services>,
    _: VisitorBudget,
    ClientIp(ip): ClientIp,
    VisitorCaller(v): VisitorCaller,
    Json(b): Json<VisitorSend>,
) -> ApiResult<Message> {
    let start = StartInfo {
        link: b.link,
        source_url: b.page_url,
        app: b.app,
        referrer: b.referrer,
        ip: Some(ip),
        menu_item: b.menu_item,
        lang: b.lang,
        channel: None,
    };
    Ok(axum::Json(
        services
            .conversations
            .visitor_send(v, b.conversation_id, &b.client_id, &b.body, &start)
            .await?,
    ))
}

/// End the visitor's conversation
///
/// Adds the system line `ended_by_visitor` (`Message.system`) and sets the status to
/// ended. Ending a conversation that has already ended returns it unchanged.
#[utoipa::path(post, path = "/visitor/conversations/{id}/end", tag = "visitor", operation_id = "visitorEnd",
    security(("visitorToken" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    responses((status = 200, description = "The conversation", body = Conversation), ApiErrors))]
async fn visitor_end(
    State(services): State<Services>,
    Path(id): Path<i64>,
    VisitorCaller(v): VisitorCaller,
) -> ApiResult<Conversation> {
    Ok(axum::Json(
        services.conversations.end(&Party::Visitor(v), id).await?,
    ))
}

/// The agent's open conversations
///
/// Conversations assigned to the token's agent that have not ended, newest
/// first (by id).
#[utoipa::path(get, path = "/agent/conversations", tag = "agent", operation_id = "agentConversations",
    security(("agentToken" = [])),
    responses((status = 200, description = "Open conversations", body = Vec<Conversation>), ApiErrors))]
async fn agent_conversations(
    State(services): State<Services>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Vec<Conversation>> {
    Ok(axum::Json(
        services.conversations.my_conversations(&actor).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct After {
    /// Only messages with a higher seq (0: all).
    #[serde(default)]
    after: i64,
}

/// Messages of a conversation after a seq
///
/// Messages in seq order, including internal notes. The agent may read
/// conversations assigned to them, or every conversation with the
/// view-all-transcripts permission.
#[utoipa::path(get, path = "/agent/conversations/{id}/messages", tag = "agent", operation_id = "agentMessages",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Conversation id"), After),
    responses((status = 200, description = "Messages in seq order", body = Vec<Message>), ApiErrors))]
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

#[derive(Deserialize, ToSchema)]
struct AgentSend {
    /// Chosen by the client; reuse it when retrying (letters, digits, `-`, `_`; 1–64).
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    client_id: String,
    /// The text; not only spaces.
    #[schema(pattern = "\\S", max_length = 5000)]
    body: String,
}

/// Reply in a conversation (exactly once per client_id)
///
/// The conversation must be assigned to the token's agent and not ended.
/// Stores the message and returns it with its seq; it is also delivered to
/// the visitor and on the agent's sockets. A retry with a client_id already
/// stored in this conversation returns the stored message.
#[utoipa::path(post, path = "/agent/conversations/{id}/messages", tag = "agent", operation_id = "agentSend",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = AgentSend,
    responses((status = 200, description = "The stored message", body = Message), ApiErrors))]
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

/// End a conversation assigned to the agent
///
/// Adds the system line `ended_by_agent` (`Message.system`), sets the status to ended
/// and hands queued conversations to agents with room. Ending a
/// conversation that has already ended returns it unchanged.
#[utoipa::path(post, path = "/agent/conversations/{id}/end", tag = "agent", operation_id = "agentEnd",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    responses((status = 200, description = "The conversation", body = Conversation), ApiErrors))]
async fn agent_end(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Conversation> {
    Ok(axum::Json(
        services.conversations.end(&Party::Agent(actor), id).await?,
    ))
}
