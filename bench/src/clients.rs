//! Visitors and agents as the real clients are: REST hello, then one
//! WebSocket each, with server pings answered by reading the socket.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use model::chat::{ServerEvent, VisitorSession};
use serde_json::json;
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::Message as Frame;
use tokio_tungstenite::WebSocketStream;

pub type Ws = WebSocketStream<TcpStream>;
pub type Sink = SplitSink<Ws, Frame>;
pub type Stream = SplitStream<Ws>;

pub async fn hello(http: &reqwest::Client, base: &str) -> Result<VisitorSession, String> {
    let res = http
        .post(format!("{base}/api/v1/visitor/hello"))
        .json(&json!({ "link": "default" }))
        .timeout(std::time::Duration::from_secs(20))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !res.status().is_success() {
        return Err(format!("hello: {}", res.status()));
    }
    res.json().await.map_err(|e| e.to_string())
}

/// Open `/ws?auth=frame` from local address 127.0.0.`source` and send
/// `token` (a visitor token or an agent API token) in the first frame.
pub async fn connect(base: &str, token: &str, source: u8) -> Result<Ws, String> {
    let server: SocketAddr = base
        .trim_start_matches("http://")
        .parse()
        .map_err(|e| format!("base must be http://ip:port: {e}"))?;
    let socket = TcpSocket::new_v4().map_err(|e| e.to_string())?;
    let local = SocketAddr::new(IpAddr::V4(Ipv4Addr::new(127, 0, 0, source.max(1))), 0);
    socket
        .bind(local)
        .map_err(|e| format!("bind {local}: {e}"))?;
    let url = format!("ws://{server}/ws?auth=frame");
    let open = async {
        let stream = socket
            .connect(server)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        let (mut ws, _) = tokio_tungstenite::client_async(url, stream)
            .await
            .map_err(|e| format!("upgrade: {e}"))?;
        // The token goes in the first frame, never in the URL.
        let auth = serde_json::json!({ "type": "auth", "token": token }).to_string();
        ws.send(Frame::Text(auth.into()))
            .await
            .map_err(|e| format!("auth: {e}"))?;
        Ok(ws)
    };
    tokio::time::timeout(std::time::Duration::from_secs(20), open)
        .await
        .map_err(|_| "connect: timed out".to_string())?
}

/// Wait for the server's `ready` frame.
pub async fn ready(stream: &mut Stream) -> Result<(), String> {
    tokio::time::timeout(std::time::Duration::from_secs(20), ready_inner(stream))
        .await
        .map_err(|_| "ready: timed out".to_string())?
}

async fn ready_inner(stream: &mut Stream) -> Result<(), String> {
    while let Some(frame) = stream.next().await {
        if let Frame::Text(t) = frame.map_err(|e| e.to_string())? {
            return match serde_json::from_str::<ServerEvent>(t.as_str()) {
                Ok(ServerEvent::Ready { .. }) => Ok(()),
                other => Err(format!("expected ready, got {other:?}")),
            };
        }
    }
    Err("closed before ready".into())
}

/// The next protocol event; `None` when the socket closed.
pub async fn next_event(stream: &mut Stream) -> Option<ServerEvent> {
    while let Some(frame) = stream.next().await {
        match frame {
            Ok(Frame::Text(t)) => {
                if let Ok(event) = serde_json::from_str(t.as_str()) {
                    return Some(event);
                }
            }
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

pub fn send_frame(conversation_id: Option<i64>, client_id: &str, body: &str) -> Frame {
    Frame::text(
        json!({ "type": "send", "conversation_id": conversation_id, "client_id": client_id, "body": body })
            .to_string(),
    )
}
