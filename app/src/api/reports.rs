//! Reports (M3, M5): the conversation report, the customer service and
//! agent work reports, and the company's time zone their days are in.
//! Readers need *View reports*.

use leptos::prelude::*;
// Aliased: the server functions' own structs take the plain names.
use model::reports::{
    AgentWorkReport as AgentWork, Report, ReportExport as Export, ReportQuery, ReportSettings,
    ServiceReport as Service, TagReport as Tags,
};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api", input = Json)]
pub async fn conversation_report(query: ReportQuery) -> Result<Report, AppError> {
    Ok(services()?
        .reports
        .conversation_report(&actor().await?, &query)
        .await?)
}

#[server(prefix = "/api")]
pub async fn get_report_settings() -> Result<ReportSettings, AppError> {
    Ok(services()?.reports.settings(&actor().await?).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_report_settings(settings: ReportSettings) -> Result<ReportSettings, AppError> {
    Ok(services()?
        .reports
        .save_settings(&actor().await?, settings)
        .await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn service_report(query: ReportQuery) -> Result<Service, AppError> {
    Ok(services()?
        .reports
        .service_report(&actor().await?, &query)
        .await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn agent_work_report(query: ReportQuery) -> Result<AgentWork, AppError> {
    Ok(services()?
        .reports
        .agent_work(&actor().await?, &query)
        .await?)
}

/// The customer tag analysis (M5).
#[server(prefix = "/api", input = Json)]
pub async fn tag_report(query: ReportQuery) -> Result<Tags, AppError> {
    Ok(services()?
        .reports
        .tag_report(&actor().await?, &query)
        .await?)
}

/// Starts the background CSV of every conversation of the days (M3).
#[server(prefix = "/api", input = Json)]
pub async fn start_report_export(query: ReportQuery) -> Result<Export, AppError> {
    Ok(services()?
        .reports
        .start_export(&actor().await?, &query)
        .await?)
}

/// How far one of my exports got.
#[server(prefix = "/api")]
pub async fn report_export(id: i64) -> Result<Export, AppError> {
    Ok(services()?.reports.export(&actor().await?, id).await?)
}
