//! One socket's life: greet, then answer client frames and forward hub
//! events until it closes, goes silent or falls behind. Generic over the
//! transport's `Sink`/`Stream`, so tests drive it without a network.
//! Every message is stored before its `ack`; a client that reconnects
//! sends `resume` with the last seq it saw.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message as WsMessage};
use domain::chat::{Party, StartInfo};
use domain::hub::Topic;
use domain::Services;
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use model::chat::{ClientMsg, Sender, ServerEvent};
use model::{AppError, Permission};
use tokio::sync::broadcast::error::RecvError;

use super::lanes::Lanes;

/// Largest frame the protocol accepts; bigger ones get a `too_large` error
/// and the socket stays open.
pub const MAX_FRAME: usize = 64 * 1024;
/// Beyond this the transport does not read the frame (it would have to hold
/// it in memory): the socket is closed with code 1009 (message too big).
pub const MAX_TRANSPORT_FRAME: usize = 1024 * 1024;
/// WebSocket close code 1009: a message too big to process.
pub const CLOSE_TOO_BIG: u16 = 1009;

/// Whether a transport read error is a frame over `MAX_TRANSPORT_FRAME`.
pub(super) trait ReadError {
    fn too_large(&self) -> bool;
}

impl ReadError for axum::Error {
    fn too_large(&self) -> bool {
        use std::error::Error as _;
        matches!(
            self.source()
                .and_then(|e| e.downcast_ref::<tungstenite::Error>()),
            Some(tungstenite::Error::Capacity(_))
        )
    }
}
const HEARTBEAT: Duration = Duration::from_secs(25);
/// A socket silent for this long is considered dead.
const IDLE_TIMEOUT: Duration = Duration::from_secs(75);

/// Serve one socket until it closes, goes silent or falls behind.
pub(super) async fn run<S, R, E>(
    mut sink: S,
    mut stream: R,
    services: Services,
    (party, watch): (Party, bool),
    start: StartInfo,
) where
    S: Sink<WsMessage> + Unpin,
    R: Stream<Item = Result<WsMessage, E>> + Unpin,
    E: ReadError,
{
    let topic = match &party {
        Party::Agent(a) if watch => {
            if let Err(e) = a.require(Permission::ViewAllTranscripts) {
                refuse(&mut sink, e.into()).await;
                return;
            }
            Topic::Supervisors
        }
        Party::Visitor(_) if watch => {
            refuse(&mut sink, AppError::Forbidden).await;
            return;
        }
        Party::Visitor(v) => Topic::Visitor(*v),
        Party::Agent(a) => Topic::Agent(a.agent_id),
    };
    let mut events = services.hub.subscribe(topic);
    // Agents also hear what concerns all of them (the queue length).
    let mut shared = match &party {
        Party::Agent(_) => Some(services.hub.subscribe(Topic::Agents)),
        Party::Visitor(_) => None,
    };
    // Other processes' events arrive before the client reads what is stored.
    services.hub.settled().await;
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
    let own_sender = match &party {
        Party::Visitor(_) => Sender::Visitor,
        Party::Agent(_) => Sender::Agent,
    };
    let party_seen = party.clone();
    let (mut lanes, mut replies) = Lanes::new(services.clone(), party, start);
    let mut acked = Acked::default();
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    let mut last_heard = tokio::time::Instant::now();
    loop {
        tokio::select! {
            frame = stream.next() => {
                let frame = match frame {
                    Some(Ok(frame)) => frame,
                    Some(Err(e)) if e.too_large() => {
                        // Say why, rather than dropping the connection (1006).
                        let close = CloseFrame {
                            code: CLOSE_TOO_BIG,
                            reason: "frame over 1 MiB".into(),
                        };
                        let _ = sink.send(WsMessage::Close(Some(close))).await;
                        return;
                    }
                    _ => break,
                };
                last_heard = tokio::time::Instant::now();
                let reply = match frame {
                    WsMessage::Text(text) if text.len() > MAX_FRAME => Some(protocol_error("too_large")),
                    WsMessage::Text(text) => match serde_json::from_str::<ClientMsg>(text.as_str()) {
                        Err(e) => {
                            tracing::debug!(error = %e, "unreadable frame");
                            Some(protocol_error("bad_frame"))
                        }
                        // Control frames are answered here, never behind the database.
                        Ok(ClientMsg::Ping) => Some(ServerEvent::Pong),
                        Ok(ClientMsg::Auth { .. }) => Some(protocol_error("already_authenticated")),
                        Ok(msg) => {
                            let client_id = match &msg {
                                ClientMsg::Send { client_id, .. } => Some(client_id.clone()),
                                _ => None,
                            };
                            match lanes.dispatch(msg) {
                                Ok(()) => {
                                    acked.in_flight(client_id);
                                    None
                                }
                                Err(_) => Some(busy(client_id)),
                            }
                        }
                    },
                    WsMessage::Binary(_) => Some(protocol_error("bad_frame")),
                    WsMessage::Close(_) => break,
                    WsMessage::Ping(_) | WsMessage::Pong(_) => None,
                };
                if let Some(reply) = reply {
                    if send(&mut sink, &reply).await.is_err() {
                        return;
                    }
                }
            }
            Some(reply) = replies.recv() => {
                acked.answered(&reply);
                if send(&mut sink, &reply).await.is_err() {
                    return;
                }
            }
            event = events.recv() => match event {
                Ok(event) => {
                    if matches!(&*event, ServerEvent::Message { message } if acked.covers(message, own_sender)) {
                        continue;
                    }
                    if send(&mut sink, &event).await.is_err() {
                        return;
                    }
                }
                // Too slow to keep up, or the hub closed every feed because
                // events may have been lost between processes: make the
                // client reconnect and resume.
                Err(RecvError::Lagged(_) | RecvError::Closed) => {
                    let _ = send(&mut sink, &protocol_error("resync")).await;
                    break;
                }
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
                // A supervisor whose role lost the permission (or who was
                // disabled) stops hearing every conversation.
                if let (true, Party::Agent(a)) = (watch, &party_seen) {
                    if let Err(error) = may_still_watch(&services, a.agent_id).await {
                        refuse(&mut sink, error).await;
                        return;
                    }
                }
                if sink.send(WsMessage::Ping(Default::default())).await.is_err() {
                    return;
                }
            }
        }
    }
    let _ = sink.close().await;
}

/// Whether this agent may still watch every conversation.
async fn may_still_watch(services: &Services, agent_id: i32) -> Result<(), AppError> {
    let (actor, _) = services.auth.actor(agent_id).await?;
    actor.require(Permission::ViewAllTranscripts)?;
    Ok(())
}

/// Say why the socket cannot serve what it asked for, and close it.
async fn refuse<S: Sink<WsMessage> + Unpin>(sink: &mut S, error: AppError) {
    let _ = send(sink, &error_event(error, None)).await;
    let close = CloseFrame {
        code: super::CLOSE_UNAUTHENTICATED,
        reason: "forbidden".into(),
    };
    let _ = sink.send(WsMessage::Close(Some(close))).await;
}

/// A frame its lane had no room for: the client keeps it and tries later.
fn busy(client_id: Option<String>) -> ServerEvent {
    error_event(
        AppError::Retry {
            retry_after_secs: 1,
        },
        client_id,
    )
}

/// An `error` event carrying what the REST API would answer, for the send
/// with `client_id` (if it was one).
pub(super) fn error_event(error: AppError, client_id: Option<String>) -> ServerEvent {
    ServerEvent::Error {
        code: error.code().to_owned(),
        error: Some(error),
        client_id,
    }
}

/// Messages this socket sent. The stored message also comes back through
/// the sender's topic (for their other tabs), possibly before this
/// socket's `ack` (a lane stores it while the loop runs on); this socket
/// gets it in the `ack`, so that copy is not sent again.
#[derive(Default)]
struct Acked {
    /// `client_id`s dispatched and not yet answered.
    pending: std::collections::HashSet<String>,
    /// Recently acknowledged (conversation, seq).
    recent: std::collections::VecDeque<(i64, i64)>,
}

impl Acked {
    const KEEP: usize = 16;

    fn in_flight(&mut self, client_id: Option<String>) {
        if let Some(id) = client_id {
            self.pending.insert(id);
        }
    }

    /// A lane's answer is going out: an `ack` or a refusal ends the wait.
    fn answered(&mut self, reply: &ServerEvent) {
        match reply {
            ServerEvent::Ack { client_id, message } => {
                self.pending.remove(client_id);
                if self.recent.len() == Self::KEEP {
                    self.recent.pop_front();
                }
                self.recent
                    .push_back((message.conversation_id, message.seq));
            }
            ServerEvent::Error {
                client_id: Some(id),
                ..
            } => {
                self.pending.remove(id);
            }
            _ => {}
        }
    }

    /// Whether `m` reaches this socket in an `ack` instead.
    fn covers(&mut self, m: &model::chat::Message, own: Sender) -> bool {
        if m.sender == own && self.pending.contains(&m.client_id) {
            return true;
        }
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
    S: Sink<WsMessage> + Unpin,
{
    let text = serde_json::to_string(event).map_err(|_| ())?;
    sink.send(WsMessage::Text(text.into()))
        .await
        .map_err(|_| ())
}

/// One of the protocol's own refusals (`bad_frame`, `too_large`, `resync`).
fn protocol_error(code: &str) -> ServerEvent {
    ServerEvent::Error {
        code: code.to_owned(),
        error: None,
        client_id: None,
    }
}

/// What the application refused, as the REST API would answer it.
fn domain_error(err: domain::Error, client_id: Option<String>) -> ServerEvent {
    error_event(err.into(), client_id)
}

/// One client frame that needs the database → its answers.
pub(super) async fn handle(
    services: &Services,
    party: &Party,
    start: &StartInfo,
    msg: ClientMsg,
) -> Vec<ServerEvent> {
    match msg {
        ClientMsg::Send {
            conversation_id,
            client_id,
            body,
        } => {
            let stored = match party {
                Party::Visitor(v) => {
                    services
                        .conversations
                        .visitor_send(*v, conversation_id, &client_id, &body, start)
                        .await
                }
                Party::Agent(a) => match conversation_id {
                    Some(c) => {
                        services
                            .conversations
                            .agent_send(a, c, &client_id, &body)
                            .await
                    }
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
        } => match services
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
        } => match services
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
        } => match services
            .conversations
            .mark_read(party, conversation_id, seq)
            .await
        {
            Ok(()) => vec![],
            Err(e) => vec![domain_error(e, None)],
        },
        // Answered by the socket's loop.
        ClientMsg::Ping | ClientMsg::Auth { .. } => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_channel::mpsc;

    /// A socket served by `run` over in-memory channels: what the client
    /// sends goes in `to_server`, what the server says comes out of `from_server`.
    impl ReadError for std::convert::Infallible {
        fn too_large(&self) -> bool {
            match *self {}
        }
    }

    async fn socket(
        party: Party,
    ) -> (
        mpsc::UnboundedSender<Result<WsMessage, std::convert::Infallible>>,
        mpsc::UnboundedReceiver<WsMessage>,
    ) {
        let db = domain::db::connect("sqlite::memory:").await.unwrap();
        let dir = std::env::temp_dir().join("sb-ws-unit");
        let files = domain::files::FileStore::new(dir, 1024);
        let services = Services::new(db, std::sync::Arc::new(domain::SystemClock), files);
        let (to_server, stream) = mpsc::unbounded();
        let (sink, from_server) = mpsc::unbounded();
        tokio::spawn(run(
            sink,
            stream,
            services,
            (party, false),
            StartInfo::default(),
        ));
        (to_server, from_server)
    }

    /// The next event, past the heartbeat pings.
    async fn next_event(rx: &mut mpsc::UnboundedReceiver<WsMessage>) -> ServerEvent {
        loop {
            match rx.next().await {
                Some(WsMessage::Ping(_)) => continue,
                Some(WsMessage::Text(t)) => return serde_json::from_str(t.as_str()).unwrap(),
                other => panic!("expected a text frame, got {other:?}"),
            }
        }
    }

    fn text(s: &str) -> Result<WsMessage, std::convert::Infallible> {
        Ok(WsMessage::Text(s.to_owned().into()))
    }

    #[tokio::test]
    async fn greets_answers_pings_and_survives_bad_frames() {
        let (tx, mut rx) = socket(Party::Visitor(7)).await;
        assert!(matches!(
            next_event(&mut rx).await,
            ServerEvent::Ready {
                visitor_id: Some(7),
                ..
            }
        ));
        tx.unbounded_send(text("not json")).unwrap();
        assert!(
            matches!(next_event(&mut rx).await, ServerEvent::Error { code, .. } if code == "bad_frame")
        );
        tx.unbounded_send(Ok(WsMessage::Binary(vec![1, 2].into())))
            .unwrap();
        assert!(
            matches!(next_event(&mut rx).await, ServerEvent::Error { code, .. } if code == "bad_frame")
        );
        tx.unbounded_send(text(&"x".repeat(MAX_FRAME + 1))).unwrap();
        assert!(
            matches!(next_event(&mut rx).await, ServerEvent::Error { code, .. } if code == "too_large")
        );
        // The same socket still answers.
        tx.unbounded_send(text(r#"{"type":"ping"}"#)).unwrap();
        assert_eq!(next_event(&mut rx).await, ServerEvent::Pong);
    }

    /// A database call that waits (here: another connection holds SQLite's
    /// write lock) does not hold up the socket's control frames: the ping
    /// sent after a message is answered first, and the message is stored
    /// once the lock goes.
    #[tokio::test]
    async fn a_blocked_database_does_not_delay_pings() {
        use sea_orm::{ConnectionTrait, TransactionTrait};
        let path = std::env::temp_dir().join(format!("sb-ws-lock-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let url = format!("sqlite://{}", path.display());
        let db = domain::db::connect(&url).await.unwrap();
        let files = domain::files::FileStore::new(std::env::temp_dir().join("sb-ws-unit"), 1024);
        let services = Services::new(db, std::sync::Arc::new(domain::SystemClock), files);
        let visitor = services
            .visitors
            .hello(model::chat::VisitorHello::default())
            .await
            .unwrap();
        let (tx, stream) = mpsc::unbounded();
        let (sink, mut rx) = mpsc::unbounded();
        let party = Party::Visitor(visitor.visitor_id);
        tokio::spawn(run(
            sink,
            stream,
            services,
            (party, false),
            StartInfo::default(),
        ));
        next_event(&mut rx).await;

        let other = domain::db::connect(&url).await.unwrap();
        let lock = other.begin().await.unwrap();
        lock.execute_unprepared("INSERT INTO settings (key, value) VALUES ('lock', '1')")
            .await
            .unwrap();
        let send = r#"{"type":"send","conversation_id":null,"client_id":"c-1","body":"hi"}"#;
        tx.unbounded_send(text(send)).unwrap();
        tx.unbounded_send(text(r#"{"type":"ping"}"#)).unwrap();
        assert_eq!(next_event(&mut rx).await, ServerEvent::Pong);
        lock.rollback().await.unwrap();
        loop {
            match next_event(&mut rx).await {
                ServerEvent::Ack { client_id, .. } => {
                    assert_eq!(client_id, "c-1");
                    break;
                }
                e @ ServerEvent::Error { .. } => panic!("expected the ack, got {e:?}"),
                _ => continue,
            }
        }
    }

    #[tokio::test]
    async fn a_close_frame_ends_the_socket() {
        let (tx, mut rx) = socket(Party::Visitor(1)).await;
        next_event(&mut rx).await;
        tx.unbounded_send(Ok(WsMessage::Close(None))).unwrap();
        // Past any heartbeat ping (and the close echo), the server hangs up.
        while let Some(frame) = rx.next().await {
            assert!(
                matches!(frame, WsMessage::Ping(_) | WsMessage::Close(_)),
                "{frame:?}"
            );
        }
    }
}
