//! The WebSocket endpoint `/ws`: one socket per tab. Agents' browsers
//! authenticate with their session cookie (same origin only); visitors and
//! agents' apps open `/ws?auth=frame` and send their token in the first
//! frame (`{"type":"auth","token":…}`), never in the URL. Frames are
//! `ClientMsg` / `ServerEvent` JSON; the loop that serves a socket is in
//! `session`, its database work in `lanes`, both generic over the transport.

mod auth;
mod lanes;
mod session;
mod site;

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::chat::{Party, StartInfo};
use futures_util::StreamExt;
use model::AppError;
use serde::Deserialize;
use tower_sessions::Session;

use crate::caller::signed_in_agent;
use crate::error::ApiError;
use crate::rate_limit::ClientIp;
use crate::state::AppState;

pub use auth::{AUTH_TIMEOUT, CLOSE_TRY_LATER, CLOSE_UNAUTHENTICATED};
pub use session::{MAX_FRAME, MAX_TRANSPORT_FRAME};
pub use site::site_handler;

const READ_BUFFER: usize = 4 * 1024;
use domain::chat::conversations::{LINK_MAX, PAGE_URL_MAX as PAGE_MAX};

#[derive(Debug, Deserialize, Default)]
pub struct WsParams {
    /// `frame`: the client authenticates in its first frame (visitors,
    /// apps). Absent: the session cookie of a signed-in agent.
    auth: Option<String>,
    /// Tokens in the URL are refused (they would end up in logs).
    token: Option<String>,
    agent_token: Option<String>,
    /// Chat link the visitor came through (for new conversations).
    link: Option<String>,
    /// Page the widget is shown on.
    page: Option<String>,
    /// An app's name: new conversations are then channel `app` (C6).
    app: Option<String>,
    /// The page that sent the visitor to the site (routing rules, P2).
    referrer: Option<String>,
    /// The navigation menu leaf the visitor picked (P1), and their language.
    menu: Option<String>,
    lang: Option<String>,
    /// The loader's id for this browser: its online-visitor entry (W2)
    /// shows this visitor's chats.
    vid: Option<String>,
    /// `supervisors`: a supervisor's monitor (M1) hears every conversation
    /// instead of their own (needs *View all transcripts*).
    watch: Option<String>,
}

pub async fn ws_handler(
    ws: WebSocketUpgrade,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    headers: HeaderMap,
    Query(params): Query<WsParams>,
) -> Response {
    if params.token.is_some() || params.agent_token.is_some() {
        return ApiError(AppError::field("token", "not_in_url")).into_response();
    }
    let watch = match params.watch.as_deref() {
        None => false,
        Some("supervisors") => true,
        Some(_) => return ApiError(AppError::field("watch", "invalid")).into_response(),
    };
    let party = match params.auth.as_deref() {
        // Anyone may try: the visitors' per-address budget applies.
        Some("frame") => {
            if let Err(refused) = state.visitor_limit.check(ip) {
                return refused.into_response();
            }
            None
        }
        Some(_) => return ApiError(AppError::field("auth", "invalid")).into_response(),
        None => {
            // Sockets that ride on the session cookie refuse other sites.
            if !same_origin(&headers) {
                return (StatusCode::FORBIDDEN, "cross-site socket refused").into_response();
            }
            match signed_in_agent(&state.services, &session).await {
                Some(agent) => Some(Party::Agent(agent)),
                None => return ApiError(AppError::Unauthenticated).into_response(),
            }
        }
    };
    let start = StartInfo {
        link: params.link.filter(|l| l.len() <= LINK_MAX),
        source_url: params.page.map(|p| p.chars().take(PAGE_MAX).collect()),
        app: params.app,
        referrer: params.referrer.map(|p| p.chars().take(PAGE_MAX).collect()),
        ip: Some(ip),
        menu_item: params.menu,
        lang: params.lang,
        channel: None,
    };
    let services = state.services;
    // tungstenite reserves 128 KiB per socket for reading by default; chat
    // frames are small and an idle widget should cost little (the buffer
    // still grows for a large frame). Every event is flushed as it is sent.
    ws.max_message_size(MAX_TRANSPORT_FRAME)
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(0)
        .on_upgrade(move |socket| async move {
            let (mut sink, mut stream) = socket.split();
            let party = match party {
                Some(party) => party,
                None => match auth::first_frame(&mut sink, &mut stream, &services).await {
                    Some(party) => party,
                    None => return,
                },
            };
            if let (Party::Visitor(v), Some(vid)) = (&party, params.vid.as_deref()) {
                if let Err(e) = services.online.link_visitor(vid, *v).await {
                    tracing::warn!(error = %e, "could not link the site visitor");
                }
            }
            session::run(sink, stream, services, (party, watch), start).await;
        })
}

fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => origin.split_once("://").map(|(_, h)| h) == Some(host),
        None => true,
    }
}
