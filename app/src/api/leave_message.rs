//! Leave a message (R6): the console's form settings and the visitor's
//! message, which becomes a ticket.

use leptos::prelude::*;
use model::automation::{LeaveMessageInput, LeaveMessageSettings};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api")]
pub async fn load_leave_message() -> Result<LeaveMessageSettings, AppError> {
    Ok(services()?.leave_message.settings(&actor().await?).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_leave_message(
    input: LeaveMessageSettings,
) -> Result<LeaveMessageSettings, AppError> {
    Ok(services()?
        .leave_message
        .set_settings(&actor().await?, input)
        .await?)
}

/// The visitor's form; returns the ticket's reference number.
#[server(prefix = "/api", input = Json)]
pub async fn visitor_leave_message(
    token: String,
    input: LeaveMessageInput,
) -> Result<i64, AppError> {
    let services = services()?;
    let visitor = services.visitors.visitor_by_token(&token).await?;
    Ok(services.leave_message.submit(visitor.id, input).await?.id)
}
