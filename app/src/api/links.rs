//! Chat links (C3): `/chat/{slug}` addresses that send conversations to a
//! group or an agent.

use leptos::prelude::*;
use model::chat::{ChatLink, ChatLinkInput};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api", input = Json)]
pub async fn save_chat_link(id: Option<i32>, input: ChatLinkInput) -> Result<ChatLink, AppError> {
    Ok(services()?
        .links
        .save_link(&actor().await?, id, input)
        .await?)
}

#[server(prefix = "/api")]
pub async fn delete_chat_link(id: i32) -> Result<(), AppError> {
    Ok(services()?.links.delete_link(&actor().await?, id).await?)
}

/// A new identity secret for the link (C3, C6), shown this once.
#[server(prefix = "/api")]
pub async fn rotate_link_secret(id: i32) -> Result<String, AppError> {
    Ok(services()?
        .links
        .rotate_identity_secret(&actor().await?, id)
        .await?)
}
