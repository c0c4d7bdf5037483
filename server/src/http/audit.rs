//! The audit log for agents' apps and exports: the same events, filters
//! and pages as Console → Audit log.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use domain::Services;
use model::audit::{AuditFilter, AuditKind, AuditPage};
use model::AppError;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::caller::AgentCaller;
use crate::error::{ApiError, ApiErrors, ApiResult};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(audit_log))
}

/// Audit log filters as query parameters; every one optional.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct AuditQuery {
    /// Changes made by this agent.
    actor_id: Option<i32>,
    /// What was changed.
    #[param(value_type = Option<AuditKind>)]
    kind: Option<String>,
    /// On or after this day (`YYYY-MM-DD`).
    from: Option<String>,
    /// On or before this day (`YYYY-MM-DD`).
    to: Option<String>,
    /// Events older than this id: the previous page's `next_before`.
    before: Option<i64>,
}

/// Administrative changes, newest first, 100 a page (needs "view audit log")
#[utoipa::path(get, path = "/agent/audit-log", tag = "agent", operation_id = "agentAuditLog",
    security(("agentToken" = [])),
    params(AuditQuery),
    responses((status = 200, description = "A page of events", body = AuditPage), ApiErrors))]
async fn audit_log(
    State(services): State<Services>,
    query: Result<Query<AuditQuery>, QueryRejection>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<AuditPage> {
    let Query(q) = query.map_err(|_| ApiError(AppError::field("query", "invalid")))?;
    let kind = match q.kind.as_deref() {
        None | Some("") => None,
        Some(k) => Some(
            AuditKind::from_key(k).ok_or_else(|| ApiError(AppError::field("kind", "invalid")))?,
        ),
    };
    let filter = AuditFilter {
        actor_id: q.actor_id,
        kind,
        from: q.from,
        to: q.to,
        before: q.before,
    };
    Ok(axum::Json(services.audit.list(&actor, &filter).await?))
}
