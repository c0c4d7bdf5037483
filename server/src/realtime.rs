//! The WebSocket endpoint `/ws`: one socket per tab for visitors
//! (`?token=`) and agents (session cookie). Frames are `ClientMsg` /
//! `ServerEvent` JSON. Every message is stored before its `ack`; a client
//! that reconnects sends `resume` with the last seq it saw.

use std::time::Duration;

use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::Query;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use domain::chat::{Party, StartInfo};
use domain::hub::Topic;
use domain::Services;
use futures_util::{SinkExt, StreamExt};
use model::chat::{ClientMsg, ServerEvent};
use model::AppError;
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;
use tower_sessions::Session;

use app::api::ssr::AGENT_KEY;

use crate::rate_limit::ClientIp;

/// Largest frame the protocol accepts; bigger ones get a `too_large` error
/// and the socket stays open.
const MAX_FRAME: usize = 64 * 1024;
/// Beyond this the transport itself closes the socket (code 1009).
const MAX_TRANSPORT_FRAME: usize = 1024 * 1024;
const READ_BUFFER: usize = 4 * 1024;
const HEARTBEAT: Duration = Duration::from_secs(25);
/// A socket silent for this long is considered dead.
const IDLE_TIMEOUT: Duration = Duration::from_secs(75);

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
    Extension(services): Extension<Services>,
    Extension(limiter): Extension<crate::rate_limit::RateLimiter>,
    ClientIp(ip): ClientIp,
    session: Session,
    headers: HeaderMap,
    Query(params): Query<WsParams>,
) -> Response {
    let party = match (&params.token, &params.agent_token) {
        (_, Some(secret)) => match services.api_tokens.actor(secret).await {
            Ok(actor) => Party::Agent(actor),
            Err(_) => return (StatusCode::UNAUTHORIZED, "unknown token").into_response(),
        },
        (Some(token), None) => {
            if !limiter.allow(ip) {
                return (StatusCode::TOO_MANY_REQUESTS, "slow down").into_response();
            }
            match services.visitors.visitor_by_token(token).await {
                Ok(v) => Party::Visitor(v.id),
                Err(_) => return (StatusCode::UNAUTHORIZED, "unknown visitor").into_response(),
            }
        }
        (None, None) => {
            // Agent sockets ride on the session cookie, so refuse other sites.
            if !same_origin(&headers) {
                return (StatusCode::FORBIDDEN, "cross-site socket refused").into_response();
            }
            match signed_in_agent(&services, &session).await {
                Some(actor) => Party::Agent(actor),
                None => return (StatusCode::UNAUTHORIZED, "not signed in").into_response(),
            }
        }
    };
    let start = StartInfo {
        link: params.link.filter(|l| l.len() <= 64),
        source_url: params.page.map(|p| p.chars().take(2048).collect()),
    };
    // tungstenite reserves 128 KiB per socket for reading by default; chat
    // frames are small and an idle widget should cost little (the buffer
    // still grows for a large frame). Every event is flushed as it is sent.
    ws.max_message_size(MAX_TRANSPORT_FRAME)
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(0)
        .on_upgrade(move |socket| run(socket, services, party, start))
}

/// The agent signed in on this session, if any (and still enabled).
pub async fn signed_in_agent(services: &Services, session: &Session) -> Option<domain::Actor> {
    let agent_id = session.get::<i32>(AGENT_KEY).await.ok()??;
    services
        .auth
        .actor(agent_id)
        .await
        .ok()
        .map(|(actor, _)| actor)
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

async fn run(socket: WebSocket, services: Services, party: Party, start: StartInfo) {
    let topic = match &party {
        Party::Visitor(v) => Topic::Visitor(*v),
        Party::Agent(a) => Topic::Agent(a.agent_id),
    };
    let mut events = services.hub.subscribe(topic);
    // Agents also hear what concerns all of them (the queue length).
    let mut shared = match &party {
        Party::Agent(_) => Some(services.hub.subscribe(Topic::Agents)),
        Party::Visitor(_) => None,
    };
    let (mut sink, mut stream) = socket.split();
    let ready = match &party {
        Party::Visitor(v) => ServerEvent::Ready {
            agent_id: None,
            visitor_id: Some(*v),
        },
        Party::Agent(a) => ServerEvent::Ready {
            agent_id: Some(a.agent_id),
            visitor_id: None,
        },
    };
    if send(&mut sink, &ready).await.is_err() {
        return;
    }
    let mut acked = Acked::default();
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    let mut last_heard = tokio::time::Instant::now();
    loop {
        tokio::select! {
            frame = stream.next() => {
                let Some(Ok(frame)) = frame else { break };
                last_heard = tokio::time::Instant::now();
                let replies = match frame {
                    WsMessage::Text(text) if text.len() > MAX_FRAME => {
                        vec![error_event("too_large", "frames are limited to 64 KiB", None)]
                    }
                    WsMessage::Text(text) => handle(&services, &party, &start, text.as_str()).await,
                    WsMessage::Binary(_) => vec![error_event("bad_frame", "binary frames are not supported", None)],
                    WsMessage::Close(_) => break,
                    WsMessage::Ping(_) | WsMessage::Pong(_) => vec![],
                };
                for reply in replies {
                    if let ServerEvent::Ack { message, .. } = &reply {
                        acked.remember(message);
                    }
                    if send(&mut sink, &reply).await.is_err() {
                        return;
                    }
                }
            }
            event = events.recv() => match event {
                Ok(event) => {
                    if matches!(&*event, ServerEvent::Message { message } if acked.take(message)) {
                        continue;
                    }
                    if send(&mut sink, &event).await.is_err() {
                        return;
                    }
                }
                Err(RecvError::Lagged(_)) => {
                    // Too slow to keep up: make the client reconnect and resume.
                    let _ = send(&mut sink, &error_event("resync", "reconnect and resume", None)).await;
                    break;
                }
                Err(RecvError::Closed) => break,
            },
            event = async {
                match shared.as_mut() {
                    Some(rx) => rx.recv().await,
                    None => std::future::pending().await,
                }
            } => match event {
                Ok(event) => {
                    if send(&mut sink, &event).await.is_err() {
                        return;
                    }
                }
                // Queue lengths supersede each other: missing some is fine.
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => shared = None,
            },
            _ = heartbeat.tick() => {
                if last_heard.elapsed() > IDLE_TIMEOUT {
                    break;
                }
                if sink.send(WsMessage::Ping(Default::default())).await.is_err() {
                    return;
                }
            }
        }
    }
    let _ = sink.close().await;
}

/// Messages this socket just sent and had acknowledged. The same message
/// also comes back through the sender's topic (for their other tabs); this
/// socket has it already, so that copy is not sent again.
#[derive(Default)]
struct Acked {
    recent: std::collections::VecDeque<(i64, i64)>,
}

impl Acked {
    const KEEP: usize = 16;

    fn remember(&mut self, m: &model::chat::Message) {
        if self.recent.len() == Self::KEEP {
            self.recent.pop_front();
        }
        self.recent.push_back((m.conversation_id, m.seq));
    }

    /// Whether `m` was acknowledged here (forgetting it).
    fn take(&mut self, m: &model::chat::Message) -> bool {
        let key = (m.conversation_id, m.seq);
        match self.recent.iter().position(|k| *k == key) {
            Some(i) => {
                self.recent.remove(i);
                true
            }
            None => false,
        }
    }
}

async fn send<S>(sink: &mut S, event: &ServerEvent) -> Result<(), ()>
where
    S: SinkExt<WsMessage> + Unpin,
{
    let text = serde_json::to_string(event).map_err(|_| ())?;
    sink.send(WsMessage::Text(text.into()))
        .await
        .map_err(|_| ())
}

fn error_event(code: &str, message: &str, client_id: Option<String>) -> ServerEvent {
    ServerEvent::Error {
        code: code.to_owned(),
        message: message.to_owned(),
        client_id,
    }
}

fn domain_error(err: domain::Error, client_id: Option<String>) -> ServerEvent {
    let app: AppError = err.into();
    let message = match &app {
        AppError::Invalid { fields } => fields
            .iter()
            .map(|f| format!("{}: {}", f.field, f.code))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    };
    error_event(app.code(), &message, client_id)
}

/// One client frame → the frames to send back to this socket.
async fn handle(
    services: &Services,
    party: &Party,
    start: &StartInfo,
    text: &str,
) -> Vec<ServerEvent> {
    let msg: ClientMsg = match serde_json::from_str(text) {
        Ok(m) => m,
        Err(e) => {
            return vec![error_event(
                "bad_frame",
                &format!("unreadable frame: {e}"),
                None,
            )]
        }
    };
    let chat = &services;
    match msg {
        ClientMsg::Send {
            conversation_id,
            client_id,
            body,
        } => {
            let stored = match party {
                Party::Visitor(v) => {
                    chat.conversations
                        .visitor_send(*v, conversation_id, &client_id, &body, start)
                        .await
                }
                Party::Agent(a) => match conversation_id {
                    Some(c) => chat.conversations.agent_send(a, c, &client_id, &body).await,
                    None => Err(domain::Error::field("conversation_id", "required")),
                },
            };
            match stored {
                Ok(message) => vec![ServerEvent::Ack { client_id, message }],
                Err(e) => vec![domain_error(e, Some(client_id))],
            }
        }
        ClientMsg::Resume {
            conversation_id,
            after_seq,
        } => match chat
            .conversations
            .history(party, conversation_id, after_seq)
            .await
        {
            Ok(messages) => messages
                .into_iter()
                .map(|message| ServerEvent::Message { message })
                .collect(),
            Err(e) => vec![domain_error(e, None)],
        },
        ClientMsg::Typing {
            conversation_id,
            typing,
        } => match chat
            .conversations
            .typing(party, conversation_id, typing)
            .await
        {
            Ok(()) => vec![],
            Err(e) => vec![domain_error(e, None)],
        },
        ClientMsg::Read {
            conversation_id,
            seq,
        } => match chat
            .conversations
            .mark_read(party, conversation_id, seq)
            .await
        {
            Ok(()) => vec![],
            Err(e) => vec![domain_error(e, None)],
        },
        ClientMsg::Ping => vec![ServerEvent::Pong],
    }
}
