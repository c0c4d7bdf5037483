//! The live monitor's socket (M1): a supervisor's `watch=supervisors`
//! socket hears every conversation and every agent change; nobody else
//! may open one.

use std::time::Duration;

use crate::common::{admin_actor, hello, refused_upgrade, send_text, socket_with, start};
use futures_util::StreamExt;
use model::access::BuiltinRole;
use model::chat::ServerEvent;
use model::people::AgentStatus;
use tokio_tungstenite::tungstenite::Message as Frame;

/// The next event the socket sends, within a few seconds.
async fn next(ws: &mut crate::common::Socket) -> Option<ServerEvent> {
    loop {
        match tokio::time::timeout(Duration::from_secs(5), ws.next()).await {
            Ok(Some(Ok(Frame::Text(t)))) => return serde_json::from_str(t.as_str()).ok(),
            Ok(Some(Ok(Frame::Ping(_) | Frame::Pong(_)))) => continue,
            Ok(Some(Ok(Frame::Close(c)))) => {
                return Some(ServerEvent::Error {
                    code: format!("closed:{}", c.map(|c| u16::from(c.code)).unwrap_or(0)),
                    error: None,
                    client_id: None,
                })
            }
            _ => return None,
        }
    }
}

/// An online agent in the built-in Agent role (no *View all transcripts*).
async fn agent(s: &crate::common::TestServer, email: &str) -> domain::Actor {
    let admin = admin_actor(s).await;
    let role = domain::test_support::builtin_role(&s.services, &admin, BuiltinRole::Agent)
        .await
        .unwrap();
    domain::test_support::online_agent_in(&s.services, &admin, email, role, Some(3))
        .await
        .unwrap()
}

#[tokio::test]
async fn a_supervisor_hears_other_agents_chats_and_status() {
    let s = start().await;
    let admin = admin_actor(&s).await;
    let alice = agent(&s, "alice@monitor.test").await;
    let token = s.services.api_tokens.create(&admin, "wall").await.unwrap();
    let mut wall = socket_with(&s, &token.secret, "&watch=supervisors").await;
    assert!(matches!(
        next(&mut wall).await,
        Some(ServerEvent::Ready { .. })
    ));

    let visitor = hello(&s).await;
    let first = send_text(&s, &visitor.token, "v-1", "Is anyone there?").await;
    let mut heard_message = false;
    let mut heard_conversation = false;
    while !(heard_message && heard_conversation) {
        match next(&mut wall).await {
            Some(ServerEvent::Message { message }) => {
                assert_eq!(message.conversation_id, first.conversation_id);
                heard_message |= message.body == "Is anyone there?";
            }
            Some(ServerEvent::Conversation { conversation }) => {
                assert_eq!(conversation.agent_id, Some(alice.agent_id), "Alice's chat");
                heard_conversation = true;
            }
            Some(_) => {}
            None => panic!("the supervisor's socket went quiet"),
        }
    }

    s.services
        .agents
        .set_status(&alice, AgentStatus::Away)
        .await
        .unwrap();
    loop {
        match next(&mut wall).await {
            Some(ServerEvent::AgentChanged { agent_id }) => {
                assert_eq!(agent_id, alice.agent_id);
                break;
            }
            Some(_) => {}
            None => panic!("no word of Alice's status"),
        }
    }
}

#[tokio::test]
async fn an_agent_without_view_all_transcripts_is_refused() {
    let s = start().await;
    let bob = agent(&s, "bob@monitor.test").await;
    let token = s.services.api_tokens.create(&bob, "peek").await.unwrap();
    let mut ws = socket_with(&s, &token.secret, "&watch=supervisors").await;
    match next(&mut ws).await {
        Some(ServerEvent::Error { code, .. }) => assert_eq!(code, "forbidden"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    match next(&mut ws).await {
        Some(ServerEvent::Error { code, .. }) => assert_eq!(code, "closed:1008"),
        other => panic!("expected the socket closed, got {other:?}"),
    }
    // A visitor may not watch either, and nothing else is a topic.
    let visitor = hello(&s).await;
    let mut ws = socket_with(&s, &visitor.token, "&watch=supervisors").await;
    assert!(
        matches!(next(&mut ws).await, Some(ServerEvent::Error { code, .. }) if code == "forbidden")
    );
    let bogus = format!(
        "{}/ws?auth=frame&watch=everyone",
        s.base.replace("http://", "ws://")
    );
    assert!(refused_upgrade(bogus).await.is_client_error());
}
