//! Customer records in the workbench's customer panel (A1, W3).

use leptos::prelude::*;
use model::customers::{Customer, CustomerInput};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

/// The customer behind a conversation the agent may see (made on first
/// sight).
#[server(prefix = "/api")]
pub async fn conversation_customer(conversation_id: i64) -> Result<Customer, AppError> {
    Ok(services()?
        .customers
        .of_conversation(&actor().await?, conversation_id)
        .await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_customer(id: i64, input: CustomerInput) -> Result<Customer, AppError> {
    Ok(services()?
        .customers
        .update(&actor().await?, id, input)
        .await?)
}
