//! Liveness and readiness. `/healthz` answers while the process serves
//! HTTP at all; `/readyz` also asks the database (and, once there is one,
//! the broker), answering 503 while it cannot be reached, so a load
//! balancer stops sending traffic to this node.

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
    match database {
        Ok(Ok(())) => (
            StatusCode::OK,
            Json(json!({ "status": "ready", "database": "ok" })),
        ),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable", "database": "unavailable" })),
        ),
    }
}
