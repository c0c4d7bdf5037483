//! Platform channels over REST (C4, C5): the connected WeChat and Weibo
//! accounts (needs "manage channels"; secrets are write-only), and what a
//! platform tells us of a conversation's follower. The platforms' own
//! callbacks are not part of this API (`crate::channels`).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::Services;
use model::channels::{ChannelAccount, ChannelAccountInput, ChannelKind, FollowerProfile};
use model::AppError;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::caller::AgentCaller;
use crate::error::{ApiError, ApiErrors, ApiResult, Json};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_accounts, create_account))
        .routes(routes!(update_account, delete_account))
        .routes(routes!(follower_profile))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct AccountsQuery {
    /// `wechat` or `weibo`; all accounts without it.
    kind: Option<ChannelKind>,
}

/// Connected WeChat and Weibo accounts (needs "manage channels")
///
/// Secrets are never returned, only whether each is set; `callback_path`
/// is the path of the URL to paste into the platform's admin.
#[utoipa::path(get, path = "/agent/channel-accounts", tag = "agent", operation_id = "agentChannelAccounts",
    security(("agentToken" = [])),
    params(AccountsQuery),
    responses((status = 200, description = "The accounts, by name", body = Vec<ChannelAccount>), ApiErrors))]
async fn list_accounts(
    State(services): State<Services>,
    query: Result<Query<AccountsQuery>, QueryRejection>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Vec<ChannelAccount>> {
    let Query(q) = query.map_err(|_| ApiError(AppError::field("kind", "invalid")))?;
    Ok(axum::Json(
        services.channel_accounts.list(&actor, q.kind).await?,
    ))
}

/// Connect a WeChat or Weibo account (needs "manage channels")
///
/// WeChat needs the AppID, AppSecret and callback token, and the
/// EncodingAESKey for compatible and safe mode; Weibo the app key, secret
/// and the account's access token.
#[utoipa::path(post, path = "/agent/channel-accounts", tag = "agent", operation_id = "agentCreateChannelAccount",
    security(("agentToken" = [])),
    request_body = ChannelAccountInput,
    responses((status = 200, description = "The account", body = ChannelAccount), ApiErrors))]
async fn create_account(
    State(services): State<Services>,
    AgentCaller(actor): AgentCaller,
    Json(input): Json<ChannelAccountInput>,
) -> ApiResult<ChannelAccount> {
    Ok(axum::Json(
        services.channel_accounts.save(&actor, None, input).await?,
    ))
}

/// Change a connected account (needs "manage channels")
///
/// Empty secrets keep the stored ones; the platform cannot change.
#[utoipa::path(put, path = "/agent/channel-accounts/{id}", tag = "agent", operation_id = "agentUpdateChannelAccount",
    security(("agentToken" = [])),
    params(("id" = i32, Path, description = "Account id")),
    request_body = ChannelAccountInput,
    responses((status = 200, description = "The account", body = ChannelAccount), ApiErrors))]
async fn update_account(
    State(services): State<Services>,
    Path(id): Path<i32>,
    AgentCaller(actor): AgentCaller,
    Json(input): Json<ChannelAccountInput>,
) -> ApiResult<ChannelAccount> {
    Ok(axum::Json(
        services
            .channel_accounts
            .save(&actor, Some(id), input)
            .await?,
    ))
}

/// Disconnect an account (needs "manage channels")
///
/// Its followers' conversations stay; its keyword replies and news go.
#[utoipa::path(delete, path = "/agent/channel-accounts/{id}", tag = "agent", operation_id = "agentDeleteChannelAccount",
    security(("agentToken" = [])),
    params(("id" = i32, Path, description = "Account id")),
    responses((status = 204, description = "Deleted"), ApiErrors))]
async fn delete_account(
    State(services): State<Services>,
    Path(id): Path<i32>,
    AgentCaller(actor): AgentCaller,
) -> Result<StatusCode, ApiError> {
    services.channel_accounts.delete(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The WeChat/Weibo profile of a conversation's follower
///
/// `null` for a web or app visitor. For the conversation's agent, or with
/// view_all_transcripts.
#[utoipa::path(get, path = "/agent/conversations/{id}/follower", tag = "agent", operation_id = "agentConversationFollower",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    responses((status = 200, description = "The follower's profile, or null", body = Option<FollowerProfile>), ApiErrors))]
async fn follower_profile(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Option<FollowerProfile>> {
    Ok(axum::Json(services.followers.profile(&actor, id).await?))
}
