//! Live chat for the widget (visitor) and the workbench (agent). Messages
//! themselves travel over the WebSocket; these cover loading and actions.

use leptos::prelude::*;
use model::chat::{
    Conversation, Message, TransferTarget, TransferTargets, VisitorHello, VisitorSession,
    WidgetSettings,
};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api")]
pub async fn public_widget(link: String) -> Result<WidgetSettings, AppError> {
    Ok(services()?.chat.public_widget(&link).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn start_visitor_session(hello: VisitorHello) -> Result<VisitorSession, AppError> {
    Ok(services()?.chat.hello(hello).await?)
}

#[server(prefix = "/api")]
pub async fn visitor_end(token: String, conversation_id: i64) -> Result<Conversation, AppError> {
    let services = services()?;
    let visitor = services.chat.visitor_by_token(&token).await?;
    Ok(services
        .chat
        .end(&domain::chat::Party::Visitor(visitor.id), conversation_id)
        .await?)
}

#[server(prefix = "/api")]
pub async fn my_conversations() -> Result<Vec<Conversation>, AppError> {
    Ok(services()?.chat.my_conversations(&actor().await?).await?)
}

#[server(prefix = "/api")]
pub async fn ended_conversations() -> Result<Vec<Conversation>, AppError> {
    Ok(services()?
        .chat
        .ended_conversations(&actor().await?, 100)
        .await?)
}

#[server(prefix = "/api")]
pub async fn conversation_messages(id: i64) -> Result<(Conversation, Vec<Message>), AppError> {
    let (services, actor) = (services()?, actor().await?);
    let party = domain::chat::Party::Agent(actor);
    Ok((
        services.chat.get(&party, id).await?,
        services.chat.history(&party, id, 0).await?,
    ))
}

#[server(prefix = "/api")]
pub async fn end_conversation(id: i64) -> Result<Conversation, AppError> {
    let party = domain::chat::Party::Agent(actor().await?);
    Ok(services()?.chat.end(&party, id).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn transfer_conversation(
    id: i64,
    target: TransferTarget,
    note: String,
) -> Result<Conversation, AppError> {
    Ok(services()?
        .chat
        .transfer(&actor().await?, id, target, &note)
        .await?)
}

#[server(prefix = "/api")]
pub async fn list_transfer_targets() -> Result<TransferTargets, AppError> {
    Ok(services()?.chat.transfer_targets(&actor().await?).await?)
}

/// The visitor rates a finished (or invited) conversation (R5).
#[server(prefix = "/api", input = Json)]
pub async fn visitor_rate(
    token: String,
    conversation_id: i64,
    input: model::automation::RatingInput,
) -> Result<(), AppError> {
    let services = services()?;
    let visitor = services.chat.visitor_by_token(&token).await?;
    Ok(services
        .chat
        .rate(visitor.id, conversation_id, input)
        .await?)
}

/// The leave-a-message form (R6): becomes a ticket.
#[server(prefix = "/api", input = Json)]
pub async fn visitor_leave_message(
    token: String,
    input: model::automation::LeaveMessageInput,
) -> Result<i64, AppError> {
    let services = services()?;
    let visitor = services.chat.visitor_by_token(&token).await?;
    Ok(services.tickets.leave_message(visitor.id, input).await?.id)
}

/// The agent asks the visitor for a rating now (R5).
#[server(prefix = "/api")]
pub async fn invite_rating(id: i64) -> Result<(), AppError> {
    Ok(services()?.chat.invite_rating(&actor().await?, id).await?)
}

/// How many visitors are waiting (R4).
#[server(prefix = "/api")]
pub async fn queue_length() -> Result<i64, AppError> {
    actor().await?;
    Ok(services()?.chat.queue_length().await?)
}

/// Whether anyone can answer on this link now (R6), polled by an idle widget.
#[server(prefix = "/api")]
pub async fn widget_availability(
    link: String,
) -> Result<model::automation::VisitorOptions, AppError> {
    Ok(services()?.chat.visitor_options(Some(&link)).await?)
}
