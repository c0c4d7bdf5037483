//! The open API for agents' apps and integrations (C6): the same actions as
//! the workbench, authenticated with a personal API token
//! (`Authorization: Bearer sbat_…`, created in the workbench) and limited by
//! the agent's own permissions.

use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use domain::chat::{Party, TransferTarget};
use domain::{Actor, Services};
use model::chat::{Conversation, Message};
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
    Ok(Json(services.chat.my_conversations(&actor).await?))
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
            .chat
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
            .chat
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
    Ok(Json(services.chat.end(&Party::Agent(actor), id).await?))
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
            .chat
            .transfer(&actor, id, b.target, &b.note)
            .await?,
    ))
}
