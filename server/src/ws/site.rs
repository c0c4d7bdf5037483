//! `/ws/site?link=…&vid=…&lang=…`: the loader's socket on the host site
//! (W2, C2). It reports the page (`view`), answers invitations and hears
//! them; no token, because it reads nothing of the visitor's and can only
//! say where a browser is. Frames are `SiteClientMsg` / `SiteServerMsg`.
//! An idle one costs what an idle widget socket costs: small buffers and a
//! ping every 25 seconds.

use std::time::Duration;

use axum::extract::ws::{Message as WsMessage, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use domain::online::SiteHello;
use domain::Services;
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use model::online::{SiteClientMsg, SiteServerMsg};
use model::AppError;
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use crate::error::ApiError;
use crate::rate_limit::ClientIp;
use crate::state::AppState;

/// Site frames are a URL and a title.
const MAX_SITE_FRAME: usize = 8 * 1024;
const HEARTBEAT: Duration = Duration::from_secs(25);
const IDLE_TIMEOUT: Duration = Duration::from_secs(75);
const UA_MAX: usize = 512;

#[derive(Debug, Deserialize, Default)]
pub struct SiteParams {
    link: Option<String>,
    vid: Option<String>,
    lang: Option<String>,
}

pub async fn site_handler(
    ws: WebSocketUpgrade,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Query(params): Query<SiteParams>,
) -> Response {
    if let Err(refused) = state.visitor_limit.check(ip) {
        return refused.into_response();
    }
    let user_agent: String = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .chars()
        .take(UA_MAX)
        .collect();
    let hello = SiteHello {
        id: params.vid.unwrap_or_default(),
        link: params.link.unwrap_or_else(|| "default".into()),
        ip: Some(ip),
        user_agent,
        lang: params.lang.unwrap_or_default().chars().take(16).collect(),
    };
    let services = state.services;
    // Refuse a malformed id before upgrading, with the API's error body.
    let conn = match services.online.connect(hello).await {
        Ok(conn) => conn,
        Err(e) => return ApiError(AppError::from(e)).into_response(),
    };
    ws.max_message_size(MAX_SITE_FRAME)
        .read_buffer_size(1024)
        .write_buffer_size(0)
        .on_upgrade(move |socket| async move {
            let (sink, stream) = socket.split();
            run(sink, stream, services, conn).await;
        })
}

async fn run<S, R, E>(
    mut sink: S,
    mut stream: R,
    services: Services,
    mut conn: domain::online::SiteConnection,
) where
    S: Sink<WsMessage> + Unpin,
    R: Stream<Item = Result<WsMessage, E>> + Unpin,
{
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    let mut last_heard = tokio::time::Instant::now();
    loop {
        tokio::select! {
            frame = stream.next() => {
                let Some(Ok(frame)) = frame else { break };
                last_heard = tokio::time::Instant::now();
                let text = match frame {
                    WsMessage::Text(text) => text,
                    WsMessage::Close(_) => break,
                    _ => continue,
                };
                // Anything unreadable is ignored: the loader only reports.
                let reply = match serde_json::from_str::<SiteClientMsg>(text.as_str()) {
                    Ok(SiteClientMsg::View { url, title, referrer }) => services
                        .online
                        .page_view(&mut conn, &url, &title, referrer.as_deref())
                        .await
                        .unwrap_or_else(|e| {
                            tracing::debug!(error = %e, "page view refused");
                            None
                        }),
                    Ok(SiteClientMsg::Accept { id }) => {
                        services.online.answer(&conn, &id, true);
                        None
                    }
                    Ok(SiteClientMsg::Decline { id }) => {
                        services.online.answer(&conn, &id, false);
                        None
                    }
                    Ok(SiteClientMsg::Ping) => Some(SiteServerMsg::Pong),
                    Err(_) => None,
                };
                if let Some(reply) = reply {
                    if send(&mut sink, &reply).await.is_err() {
                        return;
                    }
                }
            }
            msg = conn.rx.recv() => match msg {
                Ok(msg) => {
                    if send(&mut sink, &msg).await.is_err() {
                        return;
                    }
                }
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
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

async fn send<S: Sink<WsMessage> + Unpin>(sink: &mut S, msg: &SiteServerMsg) -> Result<(), ()> {
    let text = serde_json::to_string(msg).map_err(|_| ())?;
    sink.send(WsMessage::Text(text.into()))
        .await
        .map_err(|_| ())
}
