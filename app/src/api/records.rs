//! Business records (A2): templates (every agent reads them, *Manage
//! customer data* defines them) and the records agents fill in.

use leptos::prelude::*;
use model::records::{BusinessRecord, BusinessRecordInput, RecordTemplate, RecordTemplateInput};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api")]
pub async fn list_record_templates() -> Result<Vec<RecordTemplate>, AppError> {
    Ok(services()?.record_templates.list(&actor().await?).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_record_template(
    id: Option<i32>,
    input: RecordTemplateInput,
) -> Result<RecordTemplate, AppError> {
    Ok(services()?
        .record_templates
        .save(&actor().await?, id, input)
        .await?)
}

#[server(prefix = "/api")]
pub async fn set_record_template_retired(
    id: i32,
    retired: bool,
) -> Result<RecordTemplate, AppError> {
    Ok(services()?
        .record_templates
        .set_retired(&actor().await?, id, retired)
        .await?)
}

#[server(prefix = "/api")]
pub async fn conversation_records(conversation_id: i64) -> Result<Vec<BusinessRecord>, AppError> {
    Ok(services()?
        .records
        .of_conversation(&actor().await?, conversation_id)
        .await?)
}

#[server(prefix = "/api")]
pub async fn customer_records(customer_id: i64) -> Result<Vec<BusinessRecord>, AppError> {
    Ok(services()?
        .records
        .of_customer(&actor().await?, customer_id)
        .await?)
}

/// Fill in a new record (`id` None) or change one of the conversation's.
#[server(prefix = "/api", input = Json)]
pub async fn save_business_record(
    conversation_id: i64,
    id: Option<i64>,
    input: BusinessRecordInput,
) -> Result<BusinessRecord, AppError> {
    Ok(services()?
        .records
        .save(&actor().await?, conversation_id, id, input)
        .await?)
}
