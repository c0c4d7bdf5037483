//! The versioned open API (C6) under `/api/v1`, one router per feature.
//! Visitors authenticate with `Authorization: Bearer <visitor token>` from
//! `POST /api/v1/visitor/hello`, agents' apps with a personal API token
//! (`Bearer sbat_…`, created in the workbench). The WebSocket protocol is in
//! docs/realtime.md.

pub mod conversations;
pub mod leave_message;
pub mod openapi;
pub mod queue;
pub mod survey;
pub mod tickets;
pub mod transfer;
pub mod uploads;
pub mod visitors;
pub mod widget;

use axum::Router;

use crate::state::AppState;

/// Every `/api/v1` route, answering errors as JSON.
pub fn router(upload_max_bytes: usize) -> Router<AppState> {
    let v1 = Router::new()
        .merge(openapi::router())
        .merge(visitors::router())
        .merge(conversations::router())
        .merge(transfer::router())
        .merge(survey::router())
        .merge(leave_message::router())
        .merge(queue::router())
        .merge(tickets::router())
        .merge(uploads::router(upload_max_bytes))
        .merge(widget::router());
    Router::new()
        .nest("/api/v1", v1)
        .layer(axum::middleware::from_fn(crate::error::json_errors))
}
