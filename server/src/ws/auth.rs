//! Socket authentication in the first frame (`/ws?auth=frame`), so that no
//! token travels in a URL, where proxies and browser history keep it.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message as WsMessage};
use domain::chat::Party;
use domain::Services;
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use model::chat::ClientMsg;
use model::AppError;

use crate::caller::{identify, Credentials};

/// How long a new socket may take to send its `auth` frame.
pub const AUTH_TIMEOUT: Duration = Duration::from_secs(10);
/// Close code 1008 (policy violation): no valid `auth` frame.
pub const CLOSE_UNAUTHENTICATED: u16 = 1008;
/// Close code 1013 (try again later): the credentials could not be checked.
pub const CLOSE_TRY_LATER: u16 = 1013;

/// Read the `auth` frame and check its token. On failure the client is told
/// why (an `error` event, then a close frame) and `None` is returned.
pub(super) async fn first_frame<S, R, E>(
    sink: &mut S,
    stream: &mut R,
    services: &Services,
) -> Option<Party>
where
    S: Sink<WsMessage> + Unpin,
    R: Stream<Item = Result<WsMessage, E>> + Unpin,
{
    let token = match tokio::time::timeout(AUTH_TIMEOUT, stream.next()).await {
        Ok(Some(Ok(WsMessage::Text(text)))) => match serde_json::from_str(text.as_str()) {
            Ok(ClientMsg::Auth { token }) => Some(token),
            _ => None,
        },
        _ => None,
    };
    let error = match token {
        Some(token) => {
            let creds = Credentials {
                bearer: Some(token.as_str()),
                ..Default::default()
            };
            match identify(services, creds).await {
                Ok(party) => return Some(party),
                Err(e) => e.0,
            }
        }
        None => AppError::Unauthenticated,
    };
    let close = CloseFrame {
        code: if error.retry_after().is_some() {
            CLOSE_TRY_LATER
        } else {
            CLOSE_UNAUTHENTICATED
        },
        reason: error.code().into(),
    };
    let event = super::session::error_event(error, None);
    if let Ok(text) = serde_json::to_string(&event) {
        let _ = sink.send(WsMessage::Text(text.into())).await;
    }
    let _ = sink.send(WsMessage::Close(Some(close))).await;
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_channel::mpsc;

    async fn services() -> Services {
        let db = domain::db::connect("sqlite::memory:").await.unwrap();
        let files = domain::files::FileStore::new(std::env::temp_dir().join("sb-ws-unit"), 1024);
        Services::new(db, std::sync::Arc::new(domain::SystemClock), files)
    }

    fn frame(json: &str) -> Result<WsMessage, std::convert::Infallible> {
        Ok(WsMessage::Text(json.to_owned().into()))
    }

    #[tokio::test]
    async fn the_first_frame_names_the_visitor() {
        let services = services().await;
        let hello = services
            .visitors
            .hello(model::chat::VisitorHello::default())
            .await
            .unwrap();
        let auth = serde_json::json!({ "type": "auth", "token": hello.token }).to_string();
        let mut stream = futures_util::stream::iter(vec![frame(&auth)]);
        let (mut sink, _rx) = mpsc::unbounded::<WsMessage>();
        let party = first_frame(&mut sink, &mut stream, &services).await;
        assert!(matches!(party, Some(Party::Visitor(v)) if v == hello.visitor_id));
    }

    #[tokio::test]
    async fn anything_else_first_is_refused_with_1008() {
        let services = services().await;
        for first in [
            r#"{"type":"auth","token":"made-up"}"#,
            r#"{"type":"ping"}"#,
            "junk",
        ] {
            let mut stream = futures_util::stream::iter(vec![frame(first)]);
            let (mut sink, mut rx) = mpsc::unbounded::<WsMessage>();
            assert!(first_frame(&mut sink, &mut stream, &services)
                .await
                .is_none());
            drop(sink);
            match rx.next().await {
                Some(WsMessage::Text(t)) => assert!(t.as_str().contains("unauthenticated"), "{t}"),
                other => panic!("expected an error event, got {other:?}"),
            }
            match rx.next().await {
                Some(WsMessage::Close(Some(c))) => assert_eq!(c.code, CLOSE_UNAUTHENTICATED),
                other => panic!("expected a close frame, got {other:?}"),
            }
        }
    }
}
