//! The live monitor (M1): the team's figures and the conversations in
//! progress, and taking a conversation over from there.

use leptos::prelude::*;
use model::chat::Conversation;
use model::monitor::MonitorSnapshot;
use model::AppError;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api")]
pub async fn get_monitor() -> Result<MonitorSnapshot, AppError> {
    Ok(services()?.monitor.snapshot(&actor().await?).await?)
}

/// A supervisor makes a live conversation theirs (transferring it elsewhere
/// is `transfer_conversation`, which supervisors may use too).
#[server(prefix = "/api")]
pub async fn take_over_conversation(id: i64) -> Result<Conversation, AppError> {
    Ok(services()?.transfer.take_over(&actor().await?, id).await?)
}
