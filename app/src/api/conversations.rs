//! Conversations for the widget (visitor) and the workbench (agent).
//! Messages themselves travel over the WebSocket; these cover loading and
//! ending.

use leptos::prelude::*;
use model::chat::{Conversation, Message};
use model::AppError;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api")]
pub async fn visitor_end(token: String, conversation_id: i64) -> Result<Conversation, AppError> {
    let services = services()?;
    let visitor = services.visitors.visitor_by_token(&token).await?;
    Ok(services
        .conversations
        .end(&domain::chat::Party::Visitor(visitor.id), conversation_id)
        .await?)
}

#[server(prefix = "/api")]
pub async fn my_conversations() -> Result<Vec<Conversation>, AppError> {
    Ok(services()?
        .conversations
        .my_conversations(&actor().await?)
        .await?)
}

#[server(prefix = "/api")]
pub async fn ended_conversations() -> Result<Vec<Conversation>, AppError> {
    Ok(services()?
        .conversations
        .ended_conversations(&actor().await?, 100)
        .await?)
}

#[server(prefix = "/api")]
pub async fn conversation_messages(id: i64) -> Result<(Conversation, Vec<Message>), AppError> {
    let (services, actor) = (services()?, actor().await?);
    let party = domain::chat::Party::Agent(actor);
    Ok((
        services.conversations.get(&party, id).await?,
        services.conversations.history(&party, id, 0).await?,
    ))
}

#[server(prefix = "/api")]
pub async fn end_conversation(id: i64) -> Result<Conversation, AppError> {
    let party = domain::chat::Party::Agent(actor().await?);
    Ok(services()?.conversations.end(&party, id).await?)
}
