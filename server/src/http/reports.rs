//! Reports over REST (M3): the conversation report as Console → Reports
//! shows it, for tokens whose agent may read reports, and the file of a
//! background export (also for the console's signed-in session).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use domain::Services;
use model::reports::{Breakdown, Grouping, Report, ReportQuery};
use model::AppError;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::caller::{bearer, identify, AgentCaller, Credentials};
use crate::error::{ApiError, ApiErrors, ApiResult};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(conversation_report))
        .routes(routes!(report_export_file))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ReportParams {
    /// The first day (`YYYY-MM-DD`, the company's time zone).
    from: Option<String>,
    /// The last day, included.
    to: Option<String>,
    /// Instead of `from` and `to`: `today`, `yesterday`, `last7`,
    /// `last30`, `this_month` or `last_month`.
    preset: Option<String>,
    /// `hour`, `day` (the default), `week` or `month`.
    grouping: Option<String>,
    /// `time` (the default), `agent`, `group` or `channel`.
    breakdown: Option<String>,
    /// Only conversations that started in working hours.
    business_hours: Option<bool>,
    agent_id: Option<i32>,
    group_id: Option<i32>,
    /// `web`, `app`, `wechat` or `weibo`.
    channel: Option<String>,
}

impl ReportParams {
    fn query(self) -> Result<ReportQuery, ApiError> {
        let bad = |field: &str| ApiError(AppError::field(field, "invalid"));
        let preset = self.preset.filter(|p| !p.is_empty());
        // With a preset the days are the server's to count.
        let day = |field: &str, d: Option<&str>| match (d, &preset) {
            (None, Some(_)) => Ok(NaiveDate::default()),
            (None, None) => Err(bad(field)),
            (Some(d), _) => NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| bad(field)),
        };
        let grouping = match self.grouping.as_deref() {
            None | Some("") | Some("day") => Grouping::Day,
            Some("hour") => Grouping::Hour,
            Some("week") => Grouping::Week,
            Some("month") => Grouping::Month,
            Some(_) => return Err(bad("grouping")),
        };
        let breakdown = match self.breakdown.as_deref() {
            None | Some("") | Some("time") => Breakdown::Time,
            Some("agent") => Breakdown::Agent,
            Some("group") => Breakdown::Group,
            Some("channel") => Breakdown::Channel,
            Some(_) => return Err(bad("breakdown")),
        };
        Ok(ReportQuery {
            from: day("from", self.from.as_deref())?,
            to: day("to", self.to.as_deref())?,
            preset,
            grouping,
            breakdown,
            business_hours: self.business_hours.unwrap_or(false),
            agent_id: self.agent_id,
            group_id: self.group_id,
            channel: self.channel,
        })
    }
}

/// The conversation report (M3)
///
/// Conversations that started from `from` to `to`, as rows by period,
/// agent, group or channel, with the total and the previous period's of
/// the same length. Every figure is defined in `docs/metrics.md`.
#[utoipa::path(get, path = "/agent/reports/conversations", tag = "agent", operation_id = "agentConversationReport",
    security(("agentToken" = [])),
    params(ReportParams),
    responses((status = 200, description = "The report", body = Report), ApiErrors))]
async fn conversation_report(
    State(services): State<Services>,
    params: Result<Query<ReportParams>, QueryRejection>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Report> {
    let Query(p) = params.map_err(|_| ApiError(AppError::field("query", "invalid")))?;
    Ok(axum::Json(
        services
            .reports
            .conversation_report(&actor, &p.query()?)
            .await?,
    ))
}

/// A background export's file (M3)
///
/// The CSV of every conversation of the export's days, once it is ready;
/// only the agent who started it reads it (anyone else: not found).
#[utoipa::path(get, path = "/agent/reports/exports/{id}/file", tag = "agent", operation_id = "agentReportExportFile",
    security(("agentToken" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The export's id")),
    responses((status = 200, description = "The CSV (UTF-8 with a byte-order mark)", content_type = "text/csv"), ApiErrors))]
async fn report_export_file(
    State(services): State<Services>,
    id: Result<Path<i64>, axum::extract::rejection::PathRejection>,
    session: tower_sessions::Session,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    let Path(id) = id.map_err(|_| ApiError(AppError::field("id", "invalid")))?;
    let creds = Credentials {
        bearer: bearer(&headers),
        session: Some(&session),
    };
    let domain::chat::Party::Agent(actor) = identify(&services, creds).await? else {
        return Err(ApiError(AppError::Forbidden));
    };
    let (name, bytes) = services.reports.export_file(&actor, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
