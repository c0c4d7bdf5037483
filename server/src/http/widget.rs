//! `GET /widget/{link}`: what `/embed.js` needs to draw the chat button on a
//! customer's site (any origin may read it).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::Services;
use model::chat::ButtonStyle;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ApiErrors};
use crate::rate_limit::VisitorBudget;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(widget))
}

/// The chat button's look on a customer's site.
#[derive(Serialize, ToSchema)]
struct WidgetButton {
    window_name: String,
    theme_color: String,
    button_text: String,
    desktop_button: ButtonStyle,
    mobile_button: ButtonStyle,
    /// `en`, `zh-CN`, or empty for the browser's language.
    language: String,
}

/// What /embed.js needs to draw the chat button
///
/// No authentication; any origin may read it (`Access-Control-Allow-Origin:
/// *`, `Cache-Control: public, max-age=60` on success). The settings are the
/// same for every link; the link only has to exist. Rate limited per IP.
#[utoipa::path(get, path = "/widget/{link}", tag = "widget", operation_id = "widget",
    security(()),
    params(("link" = String, Path, description = "A chat link, e.g. `default`")),
    responses((status = 200, description = "The button's look", body = WidgetButton), ApiErrors))]
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
    let body = WidgetButton {
        window_name: w.window_name,
        theme_color: w.theme_color,
        button_text: w.button_text,
        desktop_button: w.desktop_button,
        mobile_button: w.mobile_button,
        language: w.language,
    };
    Ok((
        [(header::CACHE_CONTROL, "public, max-age=60")],
        axum::Json(body),
    )
        .into_response())
}
