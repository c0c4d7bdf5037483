//! The audit log of administrative changes (Console → Audit log).

use leptos::prelude::*;
use model::audit::{AuditActor, AuditFilter, AuditPage};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api", input = Json)]
pub async fn audit_log(filter: AuditFilter) -> Result<AuditPage, AppError> {
    Ok(services()?.audit.list(&actor().await?, &filter).await?)
}

#[server(prefix = "/api")]
pub async fn audit_actors() -> Result<Vec<AuditActor>, AppError> {
    Ok(services()?.audit.actors(&actor().await?).await?)
}
