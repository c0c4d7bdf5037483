//! Customer data for agents' apps (A1–A4, W3, W7): customers (list by tag,
//! read, edit, tag, merge, history, business records), companies, the tag
//! set, field definitions and canned replies — the same services and rights
//! as the workbench and console.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use domain::Services;
use model::canned::CannedReply;
use model::customers::{Company, Customer, CustomerHistory, CustomerInput, CustomerSummary, Tag};
use model::fields::{FieldDef, FieldEntity};
use model::records::BusinessRecord;
use model::AppError;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::caller::AgentCaller;
use crate::error::{ApiError, ApiErrors, ApiResult, Json};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail, update))
        .routes(routes!(history))
        .routes(routes!(records))
        .routes(routes!(tag, untag))
        .routes(routes!(merge))
        .routes(routes!(companies))
        .routes(routes!(company))
        .routes(routes!(tags))
        .routes(routes!(fields))
        .routes(routes!(canned_replies))
}

fn bad_query(_: QueryRejection) -> ApiError {
    ApiError(AppError::field("query", "invalid"))
}

/// Customer list filters; every one optional.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct CustomerQuery {
    /// Part of a name, e-mail or phone, or a whole external id.
    query: Option<String>,
    /// Customers carrying this tag.
    tag_id: Option<i32>,
}

/// Customers the caller may read (served, or all with "view all
/// transcripts"), newest first, at most 100
#[utoipa::path(get, path = "/agent/customers", tag = "agent", operation_id = "agentCustomers",
    security(("agentToken" = [])),
    params(CustomerQuery),
    responses((status = 200, description = "Customers", body = Vec<CustomerSummary>), ApiErrors))]
async fn list(
    State(services): State<Services>,
    query: Result<Query<CustomerQuery>, QueryRejection>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Vec<CustomerSummary>> {
    let Query(q) = query.map_err(bad_query)?;
    let filter = model::customers::CustomerFilter {
        query: q.query,
        tag_id: q.tag_id,
    };
    Ok(axum::Json(services.customers.list(&actor, &filter).await?))
}

/// A customer with their details, custom fields, company and tags
#[utoipa::path(get, path = "/agent/customers/{id}", tag = "agent", operation_id = "agentCustomer",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Customer id")),
    responses((status = 200, description = "The customer", body = Customer), ApiErrors))]
async fn detail(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Customer> {
    Ok(axum::Json(services.customers.get(&actor, id).await?))
}

/// Change the details and custom fields given (field errors name the field)
#[utoipa::path(patch, path = "/agent/customers/{id}", tag = "agent", operation_id = "agentUpdateCustomer",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Customer id")),
    request_body = CustomerInput,
    responses((status = 200, description = "The customer", body = Customer), ApiErrors))]
async fn update(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
    Json(input): Json<CustomerInput>,
) -> ApiResult<Customer> {
    Ok(axum::Json(
        services.customers.update(&actor, id, input).await?,
    ))
}

/// The customer's conversations (from every visitor they chat as) and tickets
#[utoipa::path(get, path = "/agent/customers/{id}/history", tag = "agent", operation_id = "agentCustomerHistory",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Customer id")),
    responses((status = 200, description = "Conversations and tickets", body = CustomerHistory), ApiErrors))]
async fn history(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<CustomerHistory> {
    Ok(axum::Json(services.customers.history(&actor, id).await?))
}

/// The customer's business records (A2), newest first
#[utoipa::path(get, path = "/agent/customers/{id}/records", tag = "agent", operation_id = "agentCustomerRecords",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Customer id")),
    responses((status = 200, description = "Business records", body = Vec<BusinessRecord>), ApiErrors))]
async fn records(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Vec<BusinessRecord>> {
    Ok(axum::Json(services.records.of_customer(&actor, id).await?))
}

/// Put a tag on the customer (A3); doing it twice is fine
#[utoipa::path(put, path = "/agent/customers/{id}/tags/{tag_id}", tag = "agent", operation_id = "agentTagCustomer",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Customer id"), ("tag_id" = i32, Path, description = "Tag id")),
    responses((status = 200, description = "The customer", body = Customer), ApiErrors))]
async fn tag(
    State(services): State<Services>,
    Path((id, tag_id)): Path<(i64, i32)>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Customer> {
    Ok(axum::Json(
        services.customers.set_tag(&actor, id, tag_id, true).await?,
    ))
}

/// Take a tag off the customer
#[utoipa::path(delete, path = "/agent/customers/{id}/tags/{tag_id}", tag = "agent", operation_id = "agentUntagCustomer",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Customer id"), ("tag_id" = i32, Path, description = "Tag id")),
    responses((status = 200, description = "The customer", body = Customer), ApiErrors))]
async fn untag(
    State(services): State<Services>,
    Path((id, tag_id)): Path<(i64, i32)>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Customer> {
    Ok(axum::Json(
        services
            .customers
            .set_tag(&actor, id, tag_id, false)
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
struct MergeInput {
    /// The customer this one joins (and who remains).
    into: i64,
}

/// Merge this customer into another: every visitor, conversation, ticket,
/// field value, tag and business record joins `into`
#[utoipa::path(post, path = "/agent/customers/{id}/merge", tag = "agent", operation_id = "agentMergeCustomer",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "The customer merged away")),
    request_body = MergeInput,
    responses((status = 200, description = "The customer that remains", body = Customer), ApiErrors))]
async fn merge(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
    Json(input): Json<MergeInput>,
) -> ApiResult<Customer> {
    Ok(axum::Json(
        services.customers.merge(&actor, id, input.into).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct CompanyQuery {
    /// Part of the company's name.
    query: Option<String>,
}

/// Companies whose name contains the query, at most 20 (A4)
#[utoipa::path(get, path = "/agent/companies", tag = "agent", operation_id = "agentCompanies",
    security(("agentToken" = [])),
    params(CompanyQuery),
    responses((status = 200, description = "Companies", body = Vec<Company>), ApiErrors))]
async fn companies(
    State(services): State<Services>,
    query: Result<Query<CompanyQuery>, QueryRejection>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Vec<Company>> {
    let Query(q) = query.map_err(bad_query)?;
    Ok(axum::Json(
        services
            .companies
            .search(&actor, q.query.as_deref().unwrap_or_default())
            .await?,
    ))
}

/// A company with its custom fields
#[utoipa::path(get, path = "/agent/companies/{id}", tag = "agent", operation_id = "agentCompany",
    security(("agentToken" = [])),
    params(("id" = i64, Path, description = "Company id")),
    responses((status = 200, description = "The company", body = Company), ApiErrors))]
async fn company(
    State(services): State<Services>,
    Path(id): Path<i64>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Company> {
    Ok(axum::Json(services.companies.get(&actor, id).await?))
}

/// The tag set (A3), by name
#[utoipa::path(get, path = "/agent/tags", tag = "agent", operation_id = "agentTags",
    security(("agentToken" = [])),
    responses((status = 200, description = "Tags", body = Vec<Tag>), ApiErrors))]
async fn tags(
    State(services): State<Services>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Vec<Tag>> {
    Ok(axum::Json(services.tags.list(&actor).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct FieldQuery {
    /// Whose fields.
    #[param(value_type = FieldEntity)]
    entity: String,
}

/// The custom fields of customers, companies, tickets or business records,
/// in form order (retired ones marked)
#[utoipa::path(get, path = "/agent/fields", tag = "agent", operation_id = "agentFields",
    security(("agentToken" = [])),
    params(FieldQuery),
    responses((status = 200, description = "Field definitions", body = Vec<FieldDef>), ApiErrors))]
async fn fields(
    State(services): State<Services>,
    query: Result<Query<FieldQuery>, QueryRejection>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Vec<FieldDef>> {
    let Query(q) = query.map_err(bad_query)?;
    let entity = FieldEntity::ALL
        .into_iter()
        .find(|e| e.key() == q.entity)
        .ok_or_else(|| ApiError(AppError::field("entity", "invalid")))?;
    Ok(axum::Json(services.fields.list(&actor, entity).await?))
}

/// The caller's own canned replies and the shared ones (W7)
#[utoipa::path(get, path = "/agent/canned-replies", tag = "agent", operation_id = "agentCannedReplies",
    security(("agentToken" = [])),
    responses((status = 200, description = "Canned replies", body = Vec<CannedReply>), ApiErrors))]
async fn canned_replies(
    State(services): State<Services>,
    AgentCaller(actor): AgentCaller,
) -> ApiResult<Vec<CannedReply>> {
    Ok(axum::Json(services.canned.list(&actor).await?))
}
