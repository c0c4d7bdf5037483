//! The OpenAPI document, generated from the handlers and wire types
//! (utoipa), and `GET /openapi.json`, which serves it.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Switchboard open API",
        description = include_str!("openapi_intro.md"),
    ),
    modifiers(&Credentials),
    components(schemas(crate::error::ErrorBody)),
    tags(
        (name = "visitor", description = "A visitor's app: the widget or a custom client"),
        (name = "agent", description = "An agent's app, with a personal API token"),
        (name = "files", description = "Files and images in conversations"),
        (name = "widget", description = "What the embed script reads"),
        (name = "meta", description = "This document"),
    )
)]
struct ApiDoc;

/// The security schemes the operations name.
struct Credentials;

impl Modify for Credentials {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        let bearer = |description: &str| {
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(description))
                    .build(),
            )
        };
        components.add_security_scheme(
            "visitorToken",
            bearer("The visitor token returned by POST /api/v1/visitor/hello (48 hex characters). Keep it to be recognised as the same visitor later."),
        );
        components.add_security_scheme(
            "agentToken",
            bearer("A personal API token starting `sbat_`, created in the workbench settings; the app acts as that agent, with that agent's permissions, until the token is revoked or the agent is disabled."),
        );
        components.add_security_scheme(
            "fileTicket",
            SecurityScheme::ApiKey(ApiKey::Query(ApiKeyValue::with_description(
                "ticket",
                "A visitor's file ticket (from POST /api/v1/visitor/hello or /visitor/file-ticket) as a query parameter, for GET /api/v1/files/{key} only: an <img src> cannot send headers, and the visitor token never goes in a URL. It reads only that visitor's files and expires after an hour.",
            ))),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::SESSION_COOKIE,
                "Session cookie of a signed-in agent, used by the web app; of the open API only uploads and files accept it.",
            ))),
        );
    }
}

/// The document before the routes add their operations.
pub fn base() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The whole document, built once from the routes.
pub fn document() -> &'static str {
    static DOC: LazyLock<String> = LazyLock::new(|| {
        let (_, doc) = super::documented(0).split_for_parts();
        doc.to_pretty_json().unwrap_or_else(|e| {
            tracing::error!(error = %e, "OpenAPI document failed to serialise");
            "{}".into()
        })
    });
    &DOC
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(openapi))
}

/// This OpenAPI document.
#[utoipa::path(get, path = "/openapi.json", tag = "meta", operation_id = "openapi",
    security(()),
    responses((status = 200, description = "The document", content_type = "application/json")))]
async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], document())
}
