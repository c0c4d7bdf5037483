//! The versioned open API (C6) under `/api/v1`, one router per feature.
//! Every route is registered through `utoipa_axum::routes!`, so the OpenAPI
//! document (`openapi.rs`) is generated from the handlers themselves and
//! cannot miss one (`server/tests/openapi.rs` checks both directions).

pub mod audit;
pub mod avatars;
pub mod bot;
pub mod channels;
pub mod conversations;
pub mod customers;
pub mod leave_message;
pub mod online_visitors;
pub mod openapi;
pub mod queue;
pub mod reports;
pub mod survey;
pub mod tickets;
pub mod transcripts;
pub mod transfer;
pub mod uploads;
pub mod visitors;
pub mod widget;

use axum::Router;
use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// Every `/api/v1` route with its documentation.
pub fn documented(upload_max_bytes: usize) -> OpenApiRouter<AppState> {
    let v1 = OpenApiRouter::new()
        .merge(openapi::router())
        .merge(visitors::router())
        .merge(conversations::router())
        .merge(transfer::router())
        .merge(survey::router())
        .merge(bot::router())
        .merge(channels::router())
        .merge(leave_message::router())
        .merge(queue::router())
        .merge(tickets::router())
        .merge(transcripts::router())
        .merge(reports::router())
        .merge(audit::router())
        .merge(customers::router())
        .merge(online_visitors::router())
        .merge(avatars::router())
        .merge(uploads::router(upload_max_bytes))
        .merge(widget::router());
    OpenApiRouter::with_openapi(openapi::base()).nest("/api/v1", v1)
}

/// Every `/api/v1` route, answering errors as JSON.
pub fn router(upload_max_bytes: usize) -> Router<AppState> {
    let (router, _) = documented(upload_max_bytes).split_for_parts();
    router.layer(axum::middleware::from_fn(crate::error::json_errors))
}
