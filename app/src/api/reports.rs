//! Reports (M3): the conversation report and the company's time zone its
//! days are in. Readers need *View reports*.

use leptos::prelude::*;
use model::reports::{Report, ReportQuery, ReportSettings};
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
