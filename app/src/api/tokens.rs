//! The caller's personal API tokens (C6).

use leptos::prelude::*;
use model::people::{ApiToken, NewApiToken};
use model::AppError;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api")]
pub async fn my_api_tokens() -> Result<Vec<ApiToken>, AppError> {
    Ok(services()?.api_tokens.list(&actor().await?).await?)
}

#[server(prefix = "/api")]
pub async fn create_api_token(name: String) -> Result<NewApiToken, AppError> {
    Ok(services()?
        .api_tokens
        .create(&actor().await?, &name)
        .await?)
}

#[server(prefix = "/api")]
pub async fn revoke_api_token(id: i32) -> Result<(), AppError> {
    Ok(services()?.api_tokens.revoke(&actor().await?, id).await?)
}
