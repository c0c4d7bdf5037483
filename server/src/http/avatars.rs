//! Agent avatars (O2): `PUT`/`DELETE /agent/agents/{id}/avatar` (multipart
//! `file`; an agent's own, or another's with "manage people") and the public
//! `GET /avatars/{key}` that visitors' widgets show beside agents' messages.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::chat::Party;
use domain::{Actor, Services};
use model::people::{Agent, AVATAR_MAX_BYTES};
use model::AppError;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::caller::Caller;
use crate::error::{ApiError, ApiErrors, ApiResult};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_avatar, remove_avatar))
        .routes(routes!(avatar))
        // Room for the multipart framing around the largest image.
        .layer(DefaultBodyLimit::max(AVATAR_MAX_BYTES + 64 * 1024))
}

/// The multipart form of an avatar upload (for the document).
#[derive(ToSchema)]
#[allow(dead_code)]
struct AvatarForm {
    /// A PNG, JPEG, GIF or WebP image of at most 1 MiB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

fn bad_upload(code: &str) -> ApiError {
    ApiError(AppError::field("file", code))
}

/// Agents only (session cookie or API token); visitors are refused.
fn agent(caller: Party) -> Result<Actor, ApiError> {
    match caller {
        Party::Agent(actor) => Ok(actor),
        Party::Visitor(_) => Err(ApiError(AppError::Forbidden)),
    }
}

/// The image of a multipart body's `file` part.
pub(crate) async fn image_part(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(String, Vec<u8>), ApiError> {
    let mut multipart = multipart.map_err(|_| bad_upload("not_multipart"))?;
    let too_large = || {
        ApiError(AppError::Invalid {
            fields: vec![model::FieldError::with_limit(
                "file",
                "file_too_large",
                AVATAR_MAX_BYTES as i64,
            )],
        })
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Err(bad_upload("required")),
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(too_large())
            }
            Err(_) => return Err(bad_upload("not_multipart")),
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("avatar").to_owned();
        return match field.bytes().await {
            Ok(bytes) => Ok((name, bytes.to_vec())),
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => Err(too_large()),
            Err(_) => Err(bad_upload("not_multipart")),
        };
    }
}

/// Upload an agent's avatar image
///
/// Replaces the agent's avatar with the uploaded image (PNG, JPEG, GIF or
/// WebP, at most 1 MiB; the type is read from the bytes). Every agent may set
/// their own; setting another's takes "manage people" and the rights to edit
/// that agent. The answer's `avatar_url` is where the image is served.
#[utoipa::path(put, path = "/agent/agents/{id}/avatar", tag = "agent", operation_id = "uploadAvatar",
    security(("agentToken" = []), ("session" = [])),
    params(("id" = i32, Path, description = "Agent id")),
    request_body(content = AvatarForm, content_type = "multipart/form-data"),
    responses((status = 200, description = "The agent with the new avatar", body = Agent), ApiErrors))]
async fn upload_avatar(
    State(services): State<Services>,
    Path(id): Path<i32>,
    Caller(caller): Caller,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Agent> {
    let actor = agent(caller)?;
    let (name, bytes) = image_part(multipart).await?;
    Ok(axum::Json(
        services
            .agents
            .set_avatar(&actor, id, &name, &bytes)
            .await?,
    ))
}

/// Remove an agent's avatar
///
/// The agent is shown with their initial again. Same rights as uploading.
#[utoipa::path(delete, path = "/agent/agents/{id}/avatar", tag = "agent", operation_id = "removeAvatar",
    security(("agentToken" = []), ("session" = [])),
    params(("id" = i32, Path, description = "Agent id")),
    responses((status = 200, description = "The agent without an avatar", body = Agent), ApiErrors))]
async fn remove_avatar(
    State(services): State<Services>,
    Path(id): Path<i32>,
    Caller(caller): Caller,
) -> ApiResult<Agent> {
    let actor = agent(caller)?;
    Ok(axum::Json(services.agents.remove_avatar(&actor, id).await?))
}

/// An agent's avatar image (public)
///
/// Served to anyone, as visitors see agents' avatars; only keys of current
/// avatars are found. A new upload gets a new key, so the image may be
/// cached for good.
#[utoipa::path(get, path = "/avatars/{key}", tag = "files", operation_id = "avatar",
    params(("key" = String, Path, description = "The avatar's key (from an agent's avatar_url)")),
    responses((status = 200, description = "The image", content_type = "image/*"), ApiErrors))]
async fn avatar(
    State(services): State<Services>,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    let image = services.agents.avatar(&key).await?;
    Ok((
        [
            (header::CONTENT_TYPE, image.content_type),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (
                header::CONTENT_SECURITY_POLICY,
                "sandbox; default-src 'none'".to_owned(),
            ),
            (
                header::CACHE_CONTROL,
                "public, max-age=31536000, immutable".to_owned(),
            ),
        ],
        image.bytes,
    )
        .into_response())
}
