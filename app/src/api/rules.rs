//! Automation rules (R2–R4, R10): assignment, default max chats, idle
//! visitor and unanswered alert.

use leptos::prelude::*;
use model::automation::AutomationSettings;
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api")]
pub async fn load_automation() -> Result<AutomationSettings, AppError> {
    Ok(services()?.rules.get(&actor().await?).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_automation(input: AutomationSettings) -> Result<AutomationSettings, AppError> {
    Ok(services()?.rules.set(&actor().await?, input).await?)
}
