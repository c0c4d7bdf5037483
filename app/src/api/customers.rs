//! Customer records in the workbench's customer panel and the customer
//! list (A1, A3, W3): details, fields, company, tags, history, merging.

use leptos::prelude::*;
use model::chat::Message;
use model::customers::{Customer, CustomerFilter, CustomerInput, CustomerSummary};
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

#[server(prefix = "/api")]
pub async fn get_customer(id: i64) -> Result<Customer, AppError> {
    Ok(services()?.customers.get(&actor().await?, id).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_customer(id: i64, input: CustomerInput) -> Result<Customer, AppError> {
    Ok(services()?
        .customers
        .update(&actor().await?, id, input)
        .await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn list_customers(filter: CustomerFilter) -> Result<Vec<CustomerSummary>, AppError> {
    Ok(services()?.customers.list(&actor().await?, &filter).await?)
}

#[server(prefix = "/api")]
pub async fn customer_history(id: i64) -> Result<model::customers::CustomerHistory, AppError> {
    Ok(services()?.customers.history(&actor().await?, id).await?)
}

/// One of the customer's conversations, read-only.
#[server(prefix = "/api")]
pub async fn customer_transcript(id: i64, conversation_id: i64) -> Result<Vec<Message>, AppError> {
    Ok(services()?
        .customers
        .history_messages(&actor().await?, id, conversation_id)
        .await?)
}

/// `from` joins `into`; nothing is lost.
#[server(prefix = "/api")]
pub async fn merge_customers(from: i64, into: i64) -> Result<Customer, AppError> {
    Ok(services()?
        .customers
        .merge(&actor().await?, from, into)
        .await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn set_customer_company(id: i64, company_id: Option<i64>) -> Result<Customer, AppError> {
    Ok(services()?
        .customers
        .set_company(&actor().await?, id, company_id)
        .await?)
}

#[server(prefix = "/api")]
pub async fn set_customer_tag(id: i64, tag_id: i32, on: bool) -> Result<Customer, AppError> {
    Ok(services()?
        .customers
        .set_tag(&actor().await?, id, tag_id, on)
        .await?)
}
