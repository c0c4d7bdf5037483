//! The queue (R4): its length for every agent, the list for supervisors.

use leptos::prelude::*;
use model::automation::QueueEntry;
use model::AppError;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

/// How many visitors are waiting.
#[server(prefix = "/api")]
pub async fn queue_length() -> Result<i64, AppError> {
    Ok(services()?.queue.length(&actor().await?).await?)
}

/// Waiting conversations, for the workbench and the console.
#[server(prefix = "/api")]
pub async fn waiting_queue() -> Result<Vec<QueueEntry>, AppError> {
    Ok(services()?.queue.queue(&actor().await?).await?)
}
