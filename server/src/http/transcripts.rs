//! Transcripts over REST (M2): the same search as Console → Transcripts,
//! and one conversation in full. A token whose agent lacks *View all
//! transcripts* finds and opens only the agent's own conversations.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use domain::Services;
use model::transcripts::{Transcript, TranscriptPage, TranscriptQuery, TranscriptState};
use model::AppError;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::caller::AgentCaller;
use crate::error::{ApiError, ApiErrors, ApiResult};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(transcript))
}

/// The search as query parameters; every one optional.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct SearchParams {
    /// Words said in the conversation, Chinese or English; all of them.
    text: Option<String>,
    agent_id: Option<i32>,
    group_id: Option<i32>,
    /// `web`, `app`, `wechat` or `weibo`.
    channel: Option<String>,
    /// Started on or after this day (`YYYY-MM-DD`, the team's time zone).
    from: Option<String>,
    /// Started on or before this day (`YYYY-MM-DD`).
    to: Option<String>,
    /// The rating's level: 1 is the best.
    rating: Option<i32>,
    /// The customer carries this tag.
    tag_id: Option<i32>,
    /// `all` (the default), `live` or `ended`.
    state: Option<String>,
    /// The `next` of the previous page.
    cursor: Option<String>,
}

impl SearchParams {
    fn query(self) -> Result<TranscriptQuery, ApiError> {
        let bad = |field: &str| ApiError(AppError::field(field, "invalid"));
        let day = |field: &str, v: Option<String>| match v.as_deref() {
            None | Some("") => Ok(None),
            Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| bad(field)),
        };
        let state = match self.state.as_deref() {
            None | Some("") | Some("all") => TranscriptState::All,
            Some("live") => TranscriptState::Live,
            Some("ended") => TranscriptState::Ended,
            Some(_) => return Err(bad("state")),
        };
        Ok(TranscriptQuery {
            text: self.text.unwrap_or_default(),
            agent_id: self.agent_id,
            group_id: self.group_id,
            channel: self.channel,
            from: day("from", self.from)?,
            to: day("to", self.to)?,
            rating: self.rating,
            tag_id: self.tag_id,
            state,
            cursor: self.cursor,
        })
    }
}

/// Search transcripts (M2), newest conversation first, 20 a page
///
/// Each hit carries up to three matching lines with the matched words
/// marked. Follow `next` as `cursor` for the next page.
#[utoipa::path(get, path = "/agent/transcripts", tag = "agent", operation_id = "agentTranscripts",
    security(("agentToken" = [])),
    params(SearchParams),
    responses((status = 200, description = "One page of results", body = TranscriptPage), ApiErrors))]
async fn search(
    State(services): State<Services>,
    params: Result<Query<SearchParams>, QueryRejection>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<TranscriptPage> {
    let Query(p) = params.map_err(|_| ApiError(AppError::field("query", "invalid")))?;
    Ok(axum::Json(
        services.transcripts.search(&actor, &p.query()?).await?,
    ))
}

/// One conversation in full (M2)
///
/// The conversation, every message in seq order (system lines and internal
/// notes included) and the visitor's rating.
#[utoipa::path(get, path = "/agent/conversations/{id}/transcript", tag = "agent", operation_id = "agentTranscript",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    responses((status = 200, description = "The conversation in full", body = Transcript), ApiErrors))]
async fn transcript(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Transcript> {
    Ok(axum::Json(services.transcripts.open(&actor, id).await?))
}
