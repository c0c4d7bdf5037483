//! `GET /widget/{link}`: what `/embed.js` needs to draw the chat button on a
//! customer's site (any origin may read it).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::Services;

use crate::error::ApiError;
use crate::rate_limit::VisitorBudget;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/widget/{link}", get(widget))
}

async fn widget(
    State(services): State<Services>,
    Path(link): Path<String>,
    budget: Result<VisitorBudget, ApiError>,
) -> Response {
    // Errors carry the CORS header too, so the loader on another site can
    // read a 404 (unknown link) or 429 and fall back to its defaults.
    let mut res = match widget_config(&services, budget, &link).await {
        Ok(res) => res,
        Err(e) => e.into_response(),
    };
    res.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        header::HeaderValue::from_static("*"),
    );
    res
}

async fn widget_config(
    services: &Services,
    budget: Result<VisitorBudget, ApiError>,
    link: &str,
) -> Result<Response, ApiError> {
    budget?;
    let w = services.widget.public(link).await?;
    let body = serde_json::json!({
        "window_name": w.window_name,
        "theme_color": w.theme_color,
        "button_text": w.button_text,
        "desktop_button": w.desktop_button,
        "mobile_button": w.mobile_button,
        "language": w.language,
    });
    Ok((
        [(header::CACHE_CONTROL, "public, max-age=60")],
        axum::Json(body),
    )
        .into_response())
}
