//! Two server processes (two servers in this test process, each with its
//! own services, pools and hub) on one database and one real Redis: what
//! happens on one reaches the sockets on the other.

use std::time::Duration;

use domain::hub::BrokerHealth;
use domain::test_support::RedisServer;
use futures_util::{SinkExt, StreamExt};
use model::chat::ServerEvent;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message as Frame;

use crate::common::{hello, next_event, send_text, socket, start_with, Socket, TestServer};

/// Node A, and node B on A's database and files, both on `redis`.
async fn two_nodes(redis: &RedisServer) -> (TestServer, TestServer) {
    let url = redis.url();
    let a = start_with(|c| c.redis_url = Some(url.clone())).await;
    let (db, dir) = (
        format!("sqlite://{}/test.db", a.dir.display()),
        a.dir.clone(),
    );
    let b = start_with(|c| {
        c.redis_url = Some(url);
        c.database_url = db;
        c.data_dir = dir;
    })
    .await;
    for node in [&a, &b] {
        for _ in 0..200 {
            if node.services.hub.broker_health() == BrokerHealth::Up {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(node.services.hub.broker_health(), BrokerHealth::Up);
    }
    (a, b)
}

async fn ready(s: &TestServer, token: &str) -> Socket {
    let mut ws = socket(s, token).await;
    assert!(matches!(
        next_event(&mut ws).await,
        ServerEvent::Ready { .. }
    ));
    ws
}

async fn next_message(ws: &mut Socket) -> String {
    loop {
        if let ServerEvent::Message { message } = next_event(ws).await {
            return message.body;
        }
    }
}

#[tokio::test]
async fn a_visitor_with_tabs_on_two_processes_hears_each_from_the_other() {
    let redis = RedisServer::start().await;
    let (a, b) = two_nodes(&redis).await;
    let me = hello(&a).await;
    let first = send_text(&a, &me.token, "tab-0", "hello").await;
    let mut on_a = ready(&a, &me.token).await;
    let mut on_b = ready(&b, &me.token).await;

    // Sent on A's socket: B's tab has it.
    let frame = json!({ "type": "send", "conversation_id": first.conversation_id, "client_id": "tab-1", "body": "from A" });
    on_a.send(Frame::text(frame.to_string())).await.unwrap();
    assert_eq!(next_message(&mut on_b).await, "from A");
    // Sent through B's REST API: A's socket has it.
    send_text(&b, &me.token, "tab-2", "from B").await;
    assert_eq!(next_message(&mut on_a).await, "from B");
    assert_eq!(next_message(&mut on_b).await, "from B");
}

#[tokio::test]
async fn a_redis_restart_tells_sockets_to_resync_and_they_hear_the_other_process_again() {
    let redis = RedisServer::start().await;
    let (a, b) = two_nodes(&redis).await;
    let me = hello(&a).await;
    send_text(&a, &me.token, "m-0", "hello").await;
    let mut on_b = ready(&b, &me.token).await;

    let port = redis.kill();
    let _redis = RedisServer::start_on(port).await;
    loop {
        if let ServerEvent::Error { code, .. } = next_event(&mut on_b).await {
            assert_eq!(code, "resync");
            break;
        }
    }
    // The client reconnects (to either process) and hears A again.
    for _ in 0..200 {
        let up = [&a, &b]
            .iter()
            .all(|n| n.services.hub.broker_health() == BrokerHealth::Up);
        if up {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // (The process that could not publish meanwhile has every socket
    // resync once more when it reconnects: a client may be told twice.)
    for attempt in 0..4 {
        let mut again = ready(&b, &me.token).await;
        let body = format!("after the restart {attempt}");
        send_text(&a, &me.token, &format!("m-{attempt}-after"), &body).await;
        if heard(&mut again, &body).await {
            return;
        }
    }
    panic!("never heard A after the restart");
}

/// Whether `body` arrives before the socket is told to resync or closes.
async fn heard(ws: &mut Socket, body: &str) -> bool {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("a frame within 10 s");
        let text = match frame {
            Some(Ok(Frame::Text(text))) => text,
            Some(Ok(_)) => continue,
            _ => return false,
        };
        match serde_json::from_str(text.as_str()).expect("a ServerEvent") {
            ServerEvent::Message { message } if message.body == body => return true,
            ServerEvent::Error { code, .. } if code == "resync" => return false,
            _ => {}
        }
    }
}
