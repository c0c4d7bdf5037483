//! Files in a conversation: `POST /uploads` (multipart: `conversation_id`,
//! `client_id`, `file`, and for a visitor's first message `link` and
//! `page_url`) and `GET /files/{key}`, readable only by the conversation's
//! people.

use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::chat::{Party, StartInfo, Upload};
use domain::Services;
use model::chat::Message;
use model::AppError;
use serde::Deserialize;
use tower_sessions::Session;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::caller::{bearer, identify, Caller, Credentials};
use crate::error::{ApiError, ApiErrors, ApiResult};
use crate::rate_limit::{ClientIp, RateLimiter};
use crate::state::AppState;

use domain::chat::conversations::{LINK_MAX, PAGE_URL_MAX};

pub fn router(upload_max_bytes: usize) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload))
        .routes(routes!(file))
        // Room for the multipart framing around the largest file.
        .layer(DefaultBodyLimit::max(upload_max_bytes + 64 * 1024))
}

/// The multipart form of an upload (for the document).
#[derive(ToSchema)]
#[allow(dead_code)]
struct UploadForm {
    /// Required for agents; visitors may omit it like in `POST /visitor/messages`.
    conversation_id: Option<i64>,
    /// Chosen by the client; reuse it when retrying (letters, digits, `-`, `_`; 1–64).
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    client_id: String,
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// For a visitor's first message: the chat link it comes through.
    link: Option<String>,
    /// For a visitor's first message: the page it starts on.
    page_url: Option<String>,
}

fn bad_upload(code: &str) -> ApiError {
    ApiError(AppError::field("file", code))
}

/// A multipart read error: the body limit shows up here as "too large".
fn multipart_error(services: &Services, e: MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let limit = services.uploads.upload_limit() as i64;
        ApiError(AppError::Invalid {
            fields: vec![model::FieldError::with_limit(
                "file",
                "file_too_large",
                limit,
            )],
        })
    } else {
        bad_upload("not_multipart")
    }
}

/// Send a file or image into a conversation (exactly once per client_id)
///
/// Checks and stores the file, then stores it as a message (its body is the
/// file name, its `attachment` describes the file) exactly like a text
/// message; it is also delivered on the WebSocket. Visitors authenticate
/// with their token and are rate limited per IP; signed-in agents use their
/// session cookie or an API token (agents may only send into a conversation
/// assigned to them). A retry with a client_id already stored returns the
/// stored message and keeps no second copy of the file.
#[utoipa::path(post, path = "/uploads", tag = "files", operation_id = "upload",
    security(("visitorToken" = []), ("agentToken" = []), ("session" = [])),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 200, description = "The stored message", body = Message), ApiErrors))]
async fn upload(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Caller(caller): Caller,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Message> {
    let services = &state.services;
    if matches!(caller, Party::Visitor(_)) {
        state.visitor_limit.check(ip)?;
    }
    let mut multipart = multipart.map_err(|_| bad_upload("not_multipart"))?;
    let (mut conversation_id, mut client_id, mut file) = (None, String::new(), None);
    let mut start = StartInfo {
        ip: Some(ip),
        ..Default::default()
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            // The body limit shows up here as a read error.
            Err(e) => return Err(multipart_error(services, e)),
        };
        let name = field.name().unwrap_or_default().to_owned();
        if !matches!(
            name.as_str(),
            "file" | "conversation_id" | "client_id" | "link" | "page_url"
        ) {
            continue;
        }
        if name == "file" {
            let file_name = field.file_name().unwrap_or("file").to_owned();
            let bytes = field
                .bytes()
                .await
                .map_err(|e| multipart_error(services, e))?;
            file = Some((file_name, bytes));
            continue;
        }
        let text = field
            .text()
            .await
            .map_err(|_| bad_upload("not_multipart"))?;
        match name.as_str() {
            "conversation_id" if !text.trim().is_empty() => {
                let id = text
                    .trim()
                    .parse::<i64>()
                    .map_err(|_| ApiError(AppError::field("conversation_id", "not_a_number")))?;
                conversation_id = Some(id);
            }
            "client_id" => client_id = text,
            // Where a conversation the file starts came from, as in `send`.
            "link" => start.link = Some(text).filter(|l| !l.is_empty() && l.len() <= LINK_MAX),
            "page_url" => {
                start.source_url = Some(text.chars().take(PAGE_URL_MAX).collect())
                    .filter(|p: &String| !p.is_empty())
            }
            _ => {}
        }
    }
    let (name, bytes) = file.ok_or_else(|| bad_upload("required"))?;
    let upload = Upload {
        conversation_id,
        client_id: &client_id,
        name: &name,
        bytes: &bytes,
    };
    Ok(axum::Json(
        services.uploads.send_file(&caller, upload, &start).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct FileQuery {
    /// A visitor's file ticket, for `<img src>`, which cannot send a header.
    ticket: Option<String>,
    /// `1` asks for the file as a download rather than shown inline.
    #[param(minimum = 0, maximum = 1)]
    download: Option<u8>,
}

/// The bytes of a file the caller may see
///
/// A visitor may read files of their own conversations (never of internal
/// notes); an agent those of conversations assigned to them, or all with the
/// view-all-transcripts permission. Images are served inline unless
/// `download` is given; every other type is served as an attachment.
#[utoipa::path(get, path = "/files/{key}", tag = "files", operation_id = "file",
    security(("visitorToken" = []), ("fileTicket" = []), ("agentToken" = []), ("session" = [])),
    params(("key" = String, Path, description = "The attachment's key"), FileQuery),
    responses((status = 200, description = "The file's bytes, as the type read from them at upload (image/png, application/pdf, …)", content_type = "*/*"), ApiErrors))]
async fn file(
    State(services): State<Services>,
    State(limiter): State<RateLimiter>,
    ClientIp(ip): ClientIp,
    Path(key): Path<String>,
    Query(q): Query<FileQuery>,
    session: Session,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    if q.download.is_some_and(|d| d > 1) {
        return Err(ApiError(AppError::field("download", "invalid")));
    }
    let caller = match &q.ticket {
        Some(ticket) => services
            .file_tickets
            .visitor(ticket)
            .await
            .map(Party::Visitor)
            .map_err(ApiError::from),
        None => {
            let creds = Credentials {
                bearer: bearer(&headers),
                session: Some(&session),
            };
            identify(&services, creds).await
        }
    };
    // Visitors' reads, and every failed attempt, come out of the visitors'
    // per-address budget; signed-in agents' do not.
    if !matches!(caller, Ok(Party::Agent(_))) {
        limiter.check(ip)?;
    }
    let caller = caller?;
    let (attachment, bytes) = services.uploads.read_file(&caller, &key).await?;
    // Only images are shown inline; everything else is a download, and the
    // sandbox keeps any active content from running on our origin.
    let inline = attachment.is_image() && q.download != Some(1);
    let disposition = format!(
        "{}; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        percent_encoding::utf8_percent_encode(&attachment.name, RFC5987)
    );
    Ok((
        [
            (header::CONTENT_TYPE, attachment.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (
                header::CONTENT_SECURITY_POLICY,
                "sandbox; default-src 'none'".to_owned(),
            ),
            (header::CACHE_CONTROL, "private, max-age=86400".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// RFC 5987 `attr-char`s stay as they are; everything else is encoded.
const RFC5987: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
