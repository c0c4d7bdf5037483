//! Liveness and readiness. `/healthz` answers while the process serves
//! HTTP at all; `/readyz` also asks the database, answering 503 while it
//! cannot be reached, so a load balancer stops sending traffic to this
//! node, and says how the broker is (`in_process`, `up` or `down`).

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use domain::Services;
use serde_json::json;

/// A readiness check waits no longer than this for the database.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn live() -> &'static str {
    "ok"
}

pub async fn ready(State(services): State<Services>) -> impl IntoResponse {
    let database = tokio::time::timeout(CHECK_TIMEOUT, services.db.ping()).await;
    // The broker's state is reported, not required: with one Redis for
    // all processes, taking every one out of rotation while it restarts
    // would stop even the chats that stay on one process.
    let broker = services.hub.broker_health().key();
    match database {
        Ok(Ok(())) => (
            StatusCode::OK,
            Json(json!({ "status": "ready", "database": "ok", "broker": broker })),
        ),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable", "database": "unavailable", "broker": broker })),
        ),
    }
}
