//! Online visitors for agents' apps (W2, C2): who is on the host site now,
//! one visitor's visit, and inviting them — the same service and rights as
//! the workbench's Online visitors pane. The loader's own socket is
//! `/ws/site` (README, "Online visitors").

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use domain::Services;
use model::online::{InvitationState, OnlineVisitorDetail, OnlineVisitors};
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
        .routes(routes!(list))
        .routes(routes!(detail))
        .routes(routes!(invite))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct OnlineQuery {
    /// Part of a page's address or title, a region, a search keyword.
    q: Option<String>,
    /// Page of 50, from 0.
    page: Option<usize>,
}

/// Who is on the site now, newest arrivals first, 50 a page
#[utoipa::path(get, path = "/agent/online-visitors", tag = "agent", operation_id = "agentOnlineVisitors",
    security(("agentToken" = [])),
    params(OnlineQuery),
    responses((status = 200, description = "A page of online visitors", body = OnlineVisitors), ApiErrors))]
async fn list(
    State(services): State<Services>,
    query: Result<Query<OnlineQuery>, QueryRejection>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<OnlineVisitors> {
    let Query(q) = query.map_err(|_| ApiError(AppError::field("query", "invalid")))?;
    let q_text = q.q.unwrap_or_default();
    Ok(axum::Json(
        services
            .online
            .list(&actor, &q_text, q.page.unwrap_or(0))
            .await?,
    ))
}

/// One online visitor: this visit's pages, and the customer they are
#[utoipa::path(get, path = "/agent/online-visitors/{id}", tag = "agent", operation_id = "agentOnlineVisitor",
    security(("agentToken" = [])),
    params(("id" = String, Path, description = "The loader's id for the browser")),
    responses((status = 200, description = "The visitor", body = OnlineVisitorDetail), ApiErrors))]
async fn detail(
    State(services): State<Services>,
    Path(id): Path<String>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<OnlineVisitorDetail> {
    Ok(axum::Json(services.online.detail(&actor, &id).await?))
}

#[derive(Deserialize, ToSchema)]
struct Invitation {
    /// Shown in the bubble with the agent's name (at most 500 characters).
    text: String,
}

/// Invite an online visitor to chat (the field error `offline` when they have left)
#[utoipa::path(post, path = "/agent/online-visitors/{id}/invite", tag = "agent", operation_id = "agentInviteOnlineVisitor",
    security(("agentToken" = [])),
    params(("id" = String, Path, description = "The loader's id for the browser")),
    request_body = Invitation,
    responses((status = 200, description = "The invitation, pending", body = InvitationState), ApiErrors))]
async fn invite(
    State(services): State<Services>,
    Path(id): Path<String>,
    AgentCaller(actor): AgentCaller,
    Json(body): Json<Invitation>,
) -> ApiResult<InvitationState> {
    Ok(axum::Json(
        services.online.invite(&actor, &id, &body.text).await?,
    ))
}
