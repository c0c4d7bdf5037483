//! Companies (A4): any agent finds and adds them; editing takes *Manage
//! customer data* or having served one of the company's customers.

use leptos::prelude::*;
use model::customers::{Company, CompanyInput};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api")]
pub async fn search_companies(query: String) -> Result<Vec<Company>, AppError> {
    Ok(services()?
        .companies
        .search(&actor().await?, &query)
        .await?)
}

#[server(prefix = "/api")]
pub async fn get_company(id: i64) -> Result<Company, AppError> {
    Ok(services()?.companies.get(&actor().await?, id).await?)
}

/// Create (`id` None) or change a company.
#[server(prefix = "/api", input = Json)]
pub async fn save_company(id: Option<i64>, input: CompanyInput) -> Result<Company, AppError> {
    let (services, actor) = (services()?, actor().await?);
    Ok(match id {
        Some(id) => services.companies.update(&actor, id, input).await?,
        None => services.companies.create(&actor, input).await?,
    })
}
