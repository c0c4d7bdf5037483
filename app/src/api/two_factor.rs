//! Two-factor sign-in: an agent's own setup in the workbench, and an
//! admin's reset in the console.

use leptos::prelude::*;
use model::two_factor::{RecoveryCodes, TwoFactorSetup, TwoFactorStatus};
use model::AppError;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api")]
pub async fn my_two_factor() -> Result<TwoFactorStatus, AppError> {
    Ok(services()?.two_factor.status(&actor().await?).await?)
}

#[server(prefix = "/api")]
pub async fn begin_two_factor() -> Result<TwoFactorSetup, AppError> {
    Ok(services()?.two_factor.begin(&actor().await?).await?)
}

#[server(prefix = "/api")]
pub async fn confirm_two_factor(code: String) -> Result<RecoveryCodes, AppError> {
    Ok(services()?
        .two_factor
        .confirm(&actor().await?, &code)
        .await?)
}

#[server(prefix = "/api")]
pub async fn disable_two_factor(password: String) -> Result<(), AppError> {
    Ok(services()?
        .two_factor
        .disable(&actor().await?, &password)
        .await?)
}

#[server(prefix = "/api")]
pub async fn new_recovery_codes(password: String) -> Result<RecoveryCodes, AppError> {
    Ok(services()?
        .two_factor
        .regenerate(&actor().await?, &password)
        .await?)
}

#[server(prefix = "/api")]
pub async fn reset_two_factor(agent_id: i32) -> Result<(), AppError> {
    Ok(services()?
        .two_factor
        .reset(&actor().await?, agent_id)
        .await?)
}
