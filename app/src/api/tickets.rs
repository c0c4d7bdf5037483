//! Tickets (R7, W5).

use leptos::prelude::*;
use model::tickets::{Ticket, TicketDetail, TicketFilter, TicketInput, TicketUpdate};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api", input = Json)]
pub async fn list_tickets(filter: TicketFilter) -> Result<Vec<Ticket>, AppError> {
    Ok(services()?.tickets.list(&actor().await?, &filter).await?)
}

#[server(prefix = "/api")]
pub async fn get_ticket(id: i64) -> Result<TicketDetail, AppError> {
    Ok(services()?.tickets.get(&actor().await?, id).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn create_ticket(input: TicketInput) -> Result<Ticket, AppError> {
    Ok(services()?.tickets.create(&actor().await?, input).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn update_ticket(id: i64, change: TicketUpdate) -> Result<TicketDetail, AppError> {
    let (services, actor) = (services()?, actor().await?);
    Ok(services.tickets.update_and_read(&actor, id, change).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn comment_ticket(id: i64, body: String) -> Result<TicketDetail, AppError> {
    Ok(services()?
        .tickets
        .comment(&actor().await?, id, &body)
        .await?)
}

/// Change the ticket custom fields given (the same rights as `update_ticket`).
#[server(prefix = "/api", input = Json)]
pub async fn save_ticket_fields(
    id: i64,
    fields: model::fields::FieldValues,
) -> Result<TicketDetail, AppError> {
    Ok(services()?
        .tickets
        .set_fields(&actor().await?, id, fields)
        .await?)
}
