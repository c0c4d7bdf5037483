//! Stored settings the console should warn about.

use leptos::prelude::*;
use model::AppError;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

/// Settings (of those the caller manages) whose stored value could not be
/// read: defaults are in use until their page is saved again.
#[server(prefix = "/api")]
pub async fn unreadable_settings() -> Result<Vec<String>, AppError> {
    Ok(services()?.settings.unreadable(&actor().await?).await?)
}
