//! A real server on port 0 with a fresh SQLite file, for the HTTP, WebSocket
//! and upload tests.
#![allow(dead_code)]

pub mod wechat;

use std::path::PathBuf;

use model::chat::{Message, VisitorSession};
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use serde_json::json;
use server::Config;
use server_fn::ServerFn;

pub const ADMIN: (&str, &str) = ("admin@http.test", "http-admin-password");

pub struct TestServer {
    pub base: String,
    pub dir: PathBuf,
    pub services: domain::Services,
}

pub async fn start() -> TestServer {
    start_with(|_| {}).await
}

/// A test server whose configuration `change` adjusts first.
pub async fn start_with(change: impl FnOnce(&mut Config)) -> TestServer {
    let dir = std::env::temp_dir().join(format!("sb-http-{}", rand_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = Config {
        database_url: format!("sqlite://{}/test.db", dir.display()),
        data_dir: dir.clone(),
        site_addr: "127.0.0.1:0".parse().unwrap(),
        site_root: dir.join("site"),
        admin_email: ADMIN.0.into(),
        admin_password: Some(ADMIN.1.into()),
        visitor_rate: 1000.0,
        upload_max_bytes: 64 * 1024,
        ..Config::default()
    };
    let mut config = config;
    change(&mut config);
    let services = server::services(&config).await.unwrap();
    services
        .auth
        .ensure_first_admin(&config.admin_email, config.admin_password.as_deref())
        .await
        .unwrap();
    services.links.ensure_default_link().await.unwrap();
    let app = server::router(&config, services.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(server::serve_on(listener, app));
    TestServer {
        base,
        dir,
        services,
    }
}

pub fn rand_suffix() -> String {
    use rand::Rng;
    format!("{:x}", rand::thread_rng().gen::<u64>())
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

pub async fn login(
    c: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    c.post(format!("{base}{}", app::api::auth::Login::PATH))
        .header("origin", base)
        // As a browser's plain form POST (no JavaScript) would send it.
        .header("accept", "text/html")
        .form(&[("email", email), ("password", password), ("next", "/admin")])
        .send()
        .await
        .unwrap()
}

/// A new visitor through the open API.
/// The first admin as the domain sees them.
pub async fn admin_actor(s: &TestServer) -> domain::Actor {
    domain::test_support::sign_in(&s.services, ADMIN.0, ADMIN.1)
        .await
        .unwrap()
}

pub async fn hello(s: &TestServer) -> VisitorSession {
    client()
        .post(format!("{}/api/v1/visitor/hello", s.base))
        .json(&json!({ "link": "default" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub async fn send_text(s: &TestServer, token: &str, client_id: &str, body: &str) -> Message {
    let res = client()
        .post(format!("{}/api/v1/visitor/messages", s.base))
        .bearer_auth(token)
        .json(&json!({ "client_id": client_id, "body": body }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A socket authenticated the way visitors and apps do it: `/ws?auth=frame`
/// and the token in the first frame (never in the URL). The `ready` event
/// is left for the caller to read.
pub async fn socket(s: &TestServer, token: &str) -> Socket {
    socket_with(s, token, "").await
}

/// As `socket`, with more of the query string (`&watch=supervisors`).
pub async fn socket_with(s: &TestServer, token: &str, query: &str) -> Socket {
    use futures_util::SinkExt;
    let url = format!(
        "{}/ws?auth=frame{query}",
        s.base.replace("http://", "ws://")
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let auth = json!({ "type": "auth", "token": token }).to_string();
    ws.send(tokio_tungstenite::tungstenite::Message::Text(auth.into()))
        .await
        .unwrap();
    ws
}

/// The next protocol event, skipping transport pings.
pub async fn next_event(ws: &mut Socket) -> model::chat::ServerEvent {
    loop {
        let frame = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            futures_util::StreamExt::next(ws),
        )
        .await
        .expect("a frame within 10 s")
        .expect("socket open")
        .expect("frame");
        if let tokio_tungstenite::tungstenite::Message::Text(text) = frame {
            return serde_json::from_str(text.as_str()).expect("a ServerEvent");
        }
    }
}

/// The HTTP status a refused WebSocket upgrade answers (panics if it is let in).
pub async fn refused_upgrade(url: String) -> StatusCode {
    match tokio_tungstenite::connect_async(url).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => res.status(),
        other => panic!("expected the upgrade to be refused, got {other:?}"),
    }
}
