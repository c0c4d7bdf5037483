//! Canned replies (W7): the agent's own and the shared ones.

use leptos::prelude::*;
use model::canned::{CannedReply, CannedReplyInput};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api")]
pub async fn list_canned_replies() -> Result<Vec<CannedReply>, AppError> {
    Ok(services()?.canned.list(&actor().await?).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_canned_reply(
    id: Option<i32>,
    input: CannedReplyInput,
) -> Result<CannedReply, AppError> {
    Ok(services()?.canned.save(&actor().await?, id, input).await?)
}

#[server(prefix = "/api")]
pub async fn delete_canned_reply(id: i32) -> Result<(), AppError> {
    Ok(services()?.canned.delete(&actor().await?, id).await?)
}
