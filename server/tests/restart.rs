//! Exactly-once delivery across a crash: several visitors send bursts while
//! the server process is killed (SIGKILL) and started again on the same
//! database. Each client behaves like the widget's outbox: it resends a
//! message with the same client id until it is acknowledged. Afterwards every
//! conversation holds each message exactly once, in the order sent.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use model::chat::{Message, Sender, VisitorSession};
use serde_json::json;

const VISITORS: usize = 6;
const MESSAGES: usize = 40;

struct Server {
    child: Child,
}

impl Server {
    fn spawn(dir: &std::path::Path, port: u16) -> Self {
        let child = Command::new(env!("CARGO_BIN_EXE_server"))
            .env("SWITCHBOARD_DATA_DIR", dir)
            .env(
                "SWITCHBOARD_DATABASE_URL",
                format!("sqlite://{}/restart.db", dir.display()),
            )
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", dir.join("site"))
            .env("SWITCHBOARD_ADMIN_PASSWORD", "restart-admin-password")
            .env("SWITCHBOARD_VISITOR_RATE", "10000")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the server binary");
        Server { child }
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn wait_ready(base: &str) {
    let c = reqwest::Client::new();
    for _ in 0..300 {
        if let Ok(res) = c.get(format!("{base}/healthz")).send().await {
            if res.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server did not come up");
}

/// Send one message, retrying with the same client id until it is stored.
async fn send_until_acked(
    c: &reqwest::Client,
    base: &str,
    token: &str,
    client_id: &str,
    body: &str,
) -> Message {
    loop {
        let res = c
            .post(format!("{base}/api/v1/visitor/messages"))
            .bearer_auth(token)
            .json(&json!({ "client_id": client_id, "body": body }))
            .timeout(Duration::from_secs(5))
            .send()
            .await;
        if let Ok(res) = res {
            if res.status().is_success() {
                if let Ok(msg) = res.json::<Message>().await {
                    return msg;
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_the_server_mid_burst_loses_and_duplicates_nothing() {
    let dir = std::env::temp_dir().join(format!("sb-restart-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = Server::spawn(&dir, port);
    wait_ready(&base).await;

    let c = reqwest::Client::new();
    let mut sessions = vec![];
    for _ in 0..VISITORS {
        let s: VisitorSession = c
            .post(format!("{base}/api/v1/visitor/hello"))
            .json(&json!({ "link": "default" }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        sessions.push(s);
    }

    let acked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let bursts: Vec<_> = sessions
        .iter()
        .enumerate()
        .map(|(v, s)| {
            let (c, base, token) = (c.clone(), base.clone(), s.token.clone());
            let acked = acked.clone();
            tokio::spawn(async move {
                for i in 0..MESSAGES {
                    send_until_acked(
                        &c,
                        &base,
                        &token,
                        &format!("v{v}-m{i}"),
                        &format!("visitor {v} message {i}"),
                    )
                    .await;
                    acked.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
            })
        })
        .collect();

    // Kill the server mid-burst, twice, and bring it back on the same data.
    for _ in 0..2 {
        // Wait until the burst is well under way, then kill.
        let before = acked.load(std::sync::atomic::Ordering::SeqCst);
        while acked.load(std::sync::atomic::Ordering::SeqCst) < before + VISITORS * 5 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        server.kill();
        let at_kill = acked.load(std::sync::atomic::Ordering::SeqCst);
        assert!(
            at_kill < VISITORS * MESSAGES,
            "the kill came mid-burst ({at_kill} acked)"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
        server = Server::spawn(&dir, port);
        wait_ready(&base).await;
    }
    for b in bursts {
        tokio::time::timeout(Duration::from_secs(120), b)
            .await
            .expect("bursts finish")
            .unwrap();
    }

    for (v, s) in sessions.iter().enumerate() {
        let open: VisitorSession = c
            .post(format!("{base}/api/v1/visitor/hello"))
            .json(&json!({ "token": s.token }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let conv = open.conversation.expect("the visitor's conversation");
        let history: Vec<Message> = c
            .get(format!(
                "{base}/api/v1/visitor/messages?conversation_id={}",
                conv.id
            ))
            .bearer_auth(&s.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let seqs: Vec<i64> = history.iter().map(|m| m.seq).collect();
        let expected_seqs: Vec<i64> = (1..=history.len() as i64).collect();
        assert_eq!(
            seqs, expected_seqs,
            "visitor {v}: seqs without gaps or repeats"
        );
        let sent: Vec<&str> = history
            .iter()
            .filter(|m| m.sender == Sender::Visitor)
            .map(|m| m.body.as_str())
            .collect();
        let expected: Vec<String> = (0..MESSAGES)
            .map(|i| format!("visitor {v} message {i}"))
            .collect();
        assert_eq!(sent, expected, "visitor {v}: every message once, in order");
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
