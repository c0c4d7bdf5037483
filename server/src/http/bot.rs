//! The FAQ bot over REST (P3): a visitor's app asks for a person and rates
//! answers; an agent's tools (with "manage the bot") keep the knowledge
//! base, import and export it as CSV, and read the bot's figures.

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use domain::Services;
use model::bot::{BotFigures, KbEntry, KbEntryInput, KbImportReport, KbPage};
use model::chat::Conversation;
use model::AppError;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::caller::{AgentCaller, VisitorCaller};
use crate::error::{ApiError, ApiErrors, ApiResult, Json};
use crate::rate_limit::VisitorBudget;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(hand_off))
        .routes(routes!(rate_answer))
        .routes(routes!(list_entries, create_entry))
        .routes(routes!(update_entry, delete_entry))
        .routes(routes!(import_entries))
        .routes(routes!(export_entries))
        .routes(routes!(bot_figures))
}

/// Talk to a person (P3)
///
/// Hands a chat with the bot to the normal routing and queue (system line
/// `handed_off_request`); the agent sees everything said so far. A chat
/// already with people is returned unchanged.
#[utoipa::path(post, path = "/visitor/conversations/{id}/handoff", tag = "visitor", operation_id = "visitorHandOff",
    security(("visitorToken" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    responses((status = 200, description = "The conversation, now queued or with an agent", body = Conversation), ApiErrors))]
async fn hand_off(
    State(services): State<Services>,
    Path(id): Path<i64>,
    _: VisitorBudget,
    VisitorCaller(v): VisitorCaller,
) -> ApiResult<Conversation> {
    Ok(axum::Json(services.bot.hand_off(v, id).await?))
}

#[derive(Deserialize, ToSchema)]
struct AnswerRating {
    conversation_id: i64,
    /// The bot message's seq (`Message.bot.kind` = `answer`).
    seq: i64,
    helpful: bool,
}

/// Rate a bot answer helpful or not (P3)
///
/// A second rating of the same answer replaces the first.
#[utoipa::path(post, path = "/visitor/bot-ratings", tag = "visitor", operation_id = "visitorRateBotAnswer",
    security(("visitorToken" = [])),
    request_body = AnswerRating,
    responses((status = 204, description = "Stored"), ApiErrors))]
async fn rate_answer(
    State(services): State<Services>,
    _: VisitorBudget,
    VisitorCaller(v): VisitorCaller,
    Json(r): Json<AnswerRating>,
) -> Result<StatusCode, ApiError> {
    services
        .bot
        .rate(v, r.conversation_id, r.seq, r.helpful)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct EntriesQuery {
    /// Words in the questions, answer or category.
    search: Option<String>,
    category: Option<String>,
    enabled: Option<bool>,
    /// From 0; 50 entries a page.
    #[param(minimum = 0, maximum = 10000)]
    page: Option<u64>,
}

/// Knowledge-base entries, newest change first (needs "manage the bot")
#[utoipa::path(get, path = "/agent/knowledge-base", tag = "agent", operation_id = "agentKnowledgeBase",
    security(("agentToken" = [])),
    params(EntriesQuery),
    responses((status = 200, description = "A page of entries", body = KbPage), ApiErrors))]
async fn list_entries(
    State(services): State<Services>,
    query: Result<Query<EntriesQuery>, QueryRejection>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<KbPage> {
    let Query(q) = query.map_err(|_| ApiError(AppError::field("query", "invalid")))?;
    if q.page.is_some_and(|p| p > 10_000) {
        return Err(ApiError(AppError::field("page", "too_large")));
    }
    let q = model::bot::KbQuery {
        search: q.search.unwrap_or_default(),
        category: q.category,
        enabled: q.enabled,
        page: q.page.unwrap_or(0),
    };
    Ok(axum::Json(services.knowledge_base.list(&actor, q).await?))
}

/// Add a knowledge-base entry (needs "manage the bot")
///
/// The bot answers with it at once. Two entries may not ask the same
/// question (`question: duplicate`, compared without case, width or
/// traditional/simplified differences).
#[utoipa::path(post, path = "/agent/knowledge-base", tag = "agent", operation_id = "agentCreateKbEntry",
    security(("agentToken" = [])),
    request_body = KbEntryInput,
    responses((status = 200, description = "The entry", body = KbEntry), ApiErrors))]
async fn create_entry(
    State(services): State<Services>,
    AgentCaller(actor): AgentCaller,
    Json(input): Json<KbEntryInput>,
) -> ApiResult<KbEntry> {
    Ok(axum::Json(
        services.knowledge_base.save(&actor, None, input).await?,
    ))
}

/// Change a knowledge-base entry (needs "manage the bot")
#[utoipa::path(put, path = "/agent/knowledge-base/{id}", tag = "agent", operation_id = "agentUpdateKbEntry",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Entry id")),
    request_body = KbEntryInput,
    responses((status = 200, description = "The entry", body = KbEntry), ApiErrors))]
async fn update_entry(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
    Json(input): Json<KbEntryInput>,
) -> ApiResult<KbEntry> {
    Ok(axum::Json(
        services
            .knowledge_base
            .save(&actor, Some(id), input)
            .await?,
    ))
}

/// Delete a knowledge-base entry (needs "manage the bot")
#[utoipa::path(delete, path = "/agent/knowledge-base/{id}", tag = "agent", operation_id = "agentDeleteKbEntry",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Entry id")),
    responses((status = 204, description = "Deleted"), ApiErrors))]
async fn delete_entry(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
) -> Result<StatusCode, ApiError> {
    services.knowledge_base.delete(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Import entries from CSV (needs "manage the bot")
///
/// UTF-8 (a BOM is fine) with a header row naming at least `question` and
/// `answer` (also `similar`, one per line or `|`-separated, `category`,
/// `language`: zh-CN / en / both, `enabled`: yes / no). Good rows are
/// stored (a row whose question is already an entry updates it); each bad
/// row is reported with its line.
#[utoipa::path(post, path = "/agent/knowledge-base/import", tag = "agent", operation_id = "agentImportKb",
    security(("agentToken" = [])),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, description = "What was imported and each refused row", body = KbImportReport), ApiErrors))]
async fn import_entries(
    State(services): State<Services>,
    AgentCaller(actor): AgentCaller,
    body: Bytes,
) -> ApiResult<KbImportReport> {
    Ok(axum::Json(
        services.knowledge_base.import(&actor, &body).await?,
    ))
}

/// Every entry as CSV (needs "manage the bot")
///
/// UTF-8 with a BOM, so spreadsheets show Chinese correctly; cells that a
/// spreadsheet would run as a formula start with `'`.
#[utoipa::path(get, path = "/agent/knowledge-base/export", tag = "agent", operation_id = "agentExportKb",
    security(("agentToken" = [])),
    responses((status = 200, description = "The entries", content_type = "text/csv"), ApiErrors))]
async fn export_entries(
    State(services): State<Services>,
    AgentCaller(actor): AgentCaller,
) -> Result<impl IntoResponse, ApiError> {
    let csv = services.knowledge_base.export(&actor).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"knowledge-base.csv\"",
            ),
        ],
        csv,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct FiguresQuery {
    /// How many days back from today (1–90; 30 if absent).
    #[param(minimum = 1, maximum = 90)]
    days: Option<u32>,
}

/// The bot's figures per day, and the questions it could not answer
#[utoipa::path(get, path = "/agent/bot/figures", tag = "agent", operation_id = "agentBotFigures",
    security(("agentToken" = [])),
    params(FiguresQuery),
    responses((status = 200, description = "Figures", body = BotFigures), ApiErrors))]
async fn bot_figures(
    State(services): State<Services>,
    query: Result<Query<FiguresQuery>, QueryRejection>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<BotFigures> {
    let Query(q) = query.map_err(|_| ApiError(AppError::field("query", "invalid")))?;
    let days = q.days.unwrap_or(30);
    if !(1..=90).contains(&days) {
        return Err(ApiError(AppError::field("days", "out_of_range")));
    }
    Ok(axum::Json(services.bot.figures(&actor, days).await?))
}
