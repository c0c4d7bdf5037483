//! The WebSocket endpoint `/ws`: one socket per tab for visitors
//! (`?token=`), agents' browsers (session cookie) and agents' apps
//! (`?agent_token=`). Frames are `ClientMsg` / `ServerEvent` JSON; the loop
//! that serves a socket is in `session`, generic over the transport.

mod session;

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::chat::{Party, StartInfo};
use futures_util::StreamExt;
use serde::Deserialize;
use tower_sessions::Session;

use crate::caller::{identify, Credentials};
use crate::rate_limit::ClientIp;
use crate::state::AppState;

pub use session::{MAX_FRAME, MAX_TRANSPORT_FRAME};

const READ_BUFFER: usize = 4 * 1024;
use domain::chat::conversations::{LINK_MAX, PAGE_URL_MAX as PAGE_MAX};

#[derive(Debug, Deserialize, Default)]
pub struct WsParams {
    /// Visitor token; absent for agents.
    token: Option<String>,
    /// An agent's personal API token, for apps (browsers use the cookie).
    agent_token: Option<String>,
    /// Chat link the visitor came through (for new conversations).
    link: Option<String>,
    /// Page the widget is shown on.
    page: Option<String>,
}

pub async fn ws_handler(
    ws: WebSocketUpgrade,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    headers: HeaderMap,
    Query(params): Query<WsParams>,
) -> Response {
    let cookie_only = params.token.is_none() && params.agent_token.is_none();
    // Agent sockets that ride on the session cookie refuse other sites.
    if cookie_only && !same_origin(&headers) {
        return (StatusCode::FORBIDDEN, "cross-site socket refused").into_response();
    }
    if params.agent_token.is_none() && params.token.is_some() && !state.visitor_limit.allow(ip) {
        return (StatusCode::TOO_MANY_REQUESTS, "slow down").into_response();
    }
    let creds = Credentials {
        bearer: None,
        visitor_token: params.token.as_deref(),
        agent_token: params.agent_token.as_deref(),
        session: cookie_only.then_some(&session),
    };
    let party: Party = match identify(&state.services, creds).await {
        Ok(party) => party,
        Err(_) => return (StatusCode::UNAUTHORIZED, "not signed in").into_response(),
    };
    let start = StartInfo {
        link: params.link.filter(|l| l.len() <= LINK_MAX),
        source_url: params.page.map(|p| p.chars().take(PAGE_MAX).collect()),
    };
    let services = state.services;
    // tungstenite reserves 128 KiB per socket for reading by default; chat
    // frames are small and an idle widget should cost little (the buffer
    // still grows for a large frame). Every event is flushed as it is sent.
    ws.max_message_size(MAX_TRANSPORT_FRAME)
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(0)
        .on_upgrade(move |socket| async move {
            let (sink, stream) = socket.split();
            session::run(sink, stream, services, party, start).await;
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
