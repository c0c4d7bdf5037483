//! Transfer a conversation to another agent or group (W4).

use leptos::prelude::*;
use model::chat::{Conversation, TransferTarget, TransferTargets};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api", input = Json)]
pub async fn transfer_conversation(
    id: i64,
    target: TransferTarget,
    note: String,
) -> Result<Conversation, AppError> {
    Ok(services()?
        .transfer
        .transfer(&actor().await?, id, target, &note)
        .await?)
}

#[server(prefix = "/api")]
pub async fn list_transfer_targets() -> Result<TransferTargets, AppError> {
    Ok(services()?
        .transfer
        .transfer_targets(&actor().await?)
        .await?)
}
