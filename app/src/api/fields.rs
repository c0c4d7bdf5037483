//! Custom fields (A1, A4, ticket fields): every agent reads the
//! definitions (to show and fill them); admins with *Manage customer data*
//! define them in Console → Data.

use leptos::prelude::*;
use model::fields::{FieldDef, FieldDefInput, FieldEntity};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api", input = Json)]
pub async fn list_fields(entity: FieldEntity) -> Result<Vec<FieldDef>, AppError> {
    Ok(services()?.fields.list(&actor().await?, entity).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_field(id: Option<i32>, input: FieldDefInput) -> Result<FieldDef, AppError> {
    let (services, actor) = (services()?, actor().await?);
    Ok(match id {
        Some(id) => services.fields.update(&actor, id, input).await?,
        None => services.fields.create(&actor, input).await?,
    })
}

#[server(prefix = "/api")]
pub async fn set_field_retired(id: i32, retired: bool) -> Result<FieldDef, AppError> {
    Ok(services()?
        .fields
        .set_retired(&actor().await?, id, retired)
        .await?)
}

/// Put `entity`'s fields in this order (every field, each once).
#[server(prefix = "/api", input = Json)]
pub async fn reorder_fields(entity: FieldEntity, ids: Vec<i32>) -> Result<Vec<FieldDef>, AppError> {
    Ok(services()?
        .fields
        .reorder(&actor().await?, entity, &ids)
        .await?)
}
