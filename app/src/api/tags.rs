//! The tag set (A3): every agent reads it; *Manage customer data* edits it.

use leptos::prelude::*;
use model::customers::{Tag, TagInput};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api")]
pub async fn list_tags() -> Result<Vec<Tag>, AppError> {
    Ok(services()?.tags.list(&actor().await?).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_tag(id: Option<i32>, input: TagInput) -> Result<Tag, AppError> {
    Ok(services()?.tags.save(&actor().await?, id, input).await?)
}

#[server(prefix = "/api")]
pub async fn delete_tag(id: i32) -> Result<(), AppError> {
    Ok(services()?.tags.delete(&actor().await?, id).await?)
}
