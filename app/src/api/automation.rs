//! Automation settings (R2–R6, R10), the queue (R4) and ratings (R5).

use leptos::prelude::*;
use model::automation::{
    AutomationSettings, LeaveMessageSettings, QueueEntry, SurveyPage, SurveySettings,
};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[cfg(feature = "ssr")]
fn require(actor: &domain::Actor) -> Result<(), AppError> {
    Ok(actor.require(model::Permission::ManageAutomation)?)
}

#[server(prefix = "/api")]
pub async fn load_automation() -> Result<AutomationSettings, AppError> {
    require(&actor().await?)?;
    Ok(services()?.settings.automation().await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_automation(input: AutomationSettings) -> Result<AutomationSettings, AppError> {
    let services = services()?;
    let saved = services
        .settings
        .set_automation(&actor().await?, input)
        .await?;
    // A higher default limit may let waiting visitors in right away.
    services.chat.assign_queued().await?;
    Ok(saved)
}

/// The survey settings and the latest ratings.
#[server(prefix = "/api")]
pub async fn load_survey() -> Result<SurveyPage, AppError> {
    let (services, actor) = (services()?, actor().await?);
    require(&actor)?;
    Ok(SurveyPage {
        settings: services.settings.survey().await?,
        ratings: services.chat.ratings(&actor, 100).await?,
    })
}

#[server(prefix = "/api", input = Json)]
pub async fn save_survey(input: SurveySettings) -> Result<SurveySettings, AppError> {
    Ok(services()?
        .settings
        .set_survey(&actor().await?, input)
        .await?)
}

#[server(prefix = "/api")]
pub async fn load_leave_message() -> Result<LeaveMessageSettings, AppError> {
    require(&actor().await?)?;
    Ok(services()?.settings.leave_message().await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_leave_message(
    input: LeaveMessageSettings,
) -> Result<LeaveMessageSettings, AppError> {
    Ok(services()?
        .settings
        .set_leave_message(&actor().await?, input)
        .await?)
}

/// Waiting conversations, for the workbench and the console (R4).
#[server(prefix = "/api")]
pub async fn waiting_queue() -> Result<Vec<QueueEntry>, AppError> {
    Ok(services()?.chat.queue(&actor().await?).await?)
}
