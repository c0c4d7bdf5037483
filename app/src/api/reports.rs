//! Reports (M3, M5): the conversation report, the customer service and
//! agent work reports, and the company's time zone their days are in.
//! Readers need *View reports*.

use leptos::prelude::*;
// Aliased: the server functions' own structs take the plain names.
use model::reports::{
    AgentWorkReport as AgentWork, Report, ReportQuery, ReportSettings, ServiceReport as Service,
    TagReport as Tags,
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
