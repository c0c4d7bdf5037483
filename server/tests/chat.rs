//! The visitor side of live chat over real HTTP and WebSocket: the REST API,
//! bad frames, someone else's conversation, and file uploads.

use crate::common;
use std::time::Duration;

use crate::common::{client, hello, next_event, send_text, socket, start, Socket, TestServer};
use futures_util::{SinkExt, StreamExt};
use model::chat::{Message, ServerEvent};
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message as Frame;

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R',
];

async fn connect(s: &TestServer, token: &str) -> Socket {
    let mut ws = socket(s, token).await;
    match next_event(&mut ws).await {
        ServerEvent::Ready { visitor_id, .. } => assert!(visitor_id.is_some()),
        other => panic!("expected ready, got {other:?}"),
    }
    ws
}

fn error_code(event: ServerEvent) -> String {
    match event {
        ServerEvent::Error { code, .. } => code,
        other => panic!("expected an error, got {other:?}"),
    }
}

#[tokio::test]
async fn bad_frames_get_errors_and_the_socket_keeps_working() {
    let s = start().await;
    let me = hello(&s).await;
    let other = hello(&s).await;
    let theirs = send_text(&s, &other.token, "theirs-1", "private").await;
    let mut ws = connect(&s, &me.token).await;

    ws.send(Frame::text("not json")).await.unwrap();
    assert_eq!(error_code(next_event(&mut ws).await), "bad_frame");
    ws.send(Frame::text(r#"{"type":"launch_rockets"}"#))
        .await
        .unwrap();
    assert_eq!(error_code(next_event(&mut ws).await), "bad_frame");
    ws.send(Frame::binary(vec![1u8, 2, 3])).await.unwrap();
    assert_eq!(error_code(next_event(&mut ws).await), "bad_frame");
    ws.send(Frame::text("x".repeat(100 * 1024))).await.unwrap();
    assert_eq!(error_code(next_event(&mut ws).await), "too_large");

    // Someone else's conversation looks like no conversation at all.
    let peek =
        json!({ "type": "resume", "conversation_id": theirs.conversation_id, "after_seq": 0 });
    ws.send(Frame::text(peek.to_string())).await.unwrap();
    assert_eq!(error_code(next_event(&mut ws).await), "not_found");
    let post = json!({ "type": "send", "conversation_id": theirs.conversation_id, "client_id": "sneak-1", "body": "hi" });
    ws.send(Frame::text(post.to_string())).await.unwrap();
    assert_eq!(error_code(next_event(&mut ws).await), "not_found");
    let empty = json!({ "type": "send", "client_id": "empty-1", "body": "   " });
    ws.send(Frame::text(empty.to_string())).await.unwrap();
    // Field errors arrive as data, in the REST API's shape, with the client id.
    match next_event(&mut ws).await {
        ServerEvent::Error {
            code,
            error: Some(model::AppError::Invalid { fields }),
            client_id,
        } => {
            assert_eq!(code, "invalid");
            assert_eq!(client_id.as_deref(), Some("empty-1"));
            assert_eq!(fields[0].field, "body");
            assert_eq!(fields[0].code, "required");
        }
        other => panic!("expected a field error, got {other:?}"),
    }

    // After all that, the same socket still sends, acks and resumes.
    let ok = json!({ "type": "send", "client_id": "mine-1", "body": "hello" });
    ws.send(Frame::text(ok.to_string())).await.unwrap();
    let stored = loop {
        match next_event(&mut ws).await {
            ServerEvent::Ack { client_id, message } => {
                assert_eq!(client_id, "mine-1");
                break message;
            }
            // The welcome message, the conversation and its queue place
            // are broadcast too.
            e @ ServerEvent::Error { .. } => panic!("unexpected {e:?}"),
            _ => continue,
        }
    };
    assert_eq!(stored.body, "hello");
    // A retry of the same client id is the same message, not a second one.
    ws.send(Frame::text(ok.to_string())).await.unwrap();
    let again = loop {
        if let ServerEvent::Ack { message, .. } = next_event(&mut ws).await {
            break message;
        }
    };
    assert_eq!(again.seq, stored.seq);

    // And the other visitor's conversation was not touched.
    let history: Vec<Message> = client()
        .get(format!(
            "{}/api/v1/visitor/messages?conversation_id={}",
            s.base, theirs.conversation_id
        ))
        .bearer_auth(&other.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(history.iter().all(|m| m.body != "hi"));
}

/// A visitor with two tabs: the sending tab gets the ack and not a second
/// copy of its own message; the other tab gets the message.
#[tokio::test]
async fn the_sending_tab_gets_an_ack_and_the_other_tab_the_message() {
    let s = start().await;
    let me = hello(&s).await;
    let first = send_text(&s, &me.token, "tab-0", "hello").await;
    let mut sender = connect(&s, &me.token).await;
    let mut other = connect(&s, &me.token).await;
    let frame = json!({ "type": "send", "conversation_id": first.conversation_id, "client_id": "tab-1", "body": "from tab one" });
    sender.send(Frame::text(frame.to_string())).await.unwrap();
    match next_event(&mut sender).await {
        ServerEvent::Ack { client_id, .. } => assert_eq!(client_id, "tab-1"),
        other => panic!("expected the ack, got {other:?}"),
    }
    match next_event(&mut other).await {
        ServerEvent::Message { message } => assert_eq!(message.body, "from tab one"),
        other => panic!("expected the message, got {other:?}"),
    }
    // The next thing the sending tab hears is its ping answer, not a copy.
    sender
        .send(Frame::text(json!({ "type": "ping" }).to_string()))
        .await
        .unwrap();
    assert_eq!(next_event(&mut sender).await, ServerEvent::Pong);
}

#[tokio::test]
async fn visitor_api_refuses_unknown_tokens_and_foreign_conversations() {
    let s = start().await;
    let me = hello(&s).await;
    let other = hello(&s).await;
    let theirs = send_text(&s, &other.token, "t-1", "secret").await;

    let res = client()
        .get(format!(
            "{}/api/v1/visitor/messages?conversation_id={}",
            s.base, theirs.conversation_id
        ))
        .bearer_auth(&me.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = client()
        .get(format!(
            "{}/api/v1/visitor/messages?conversation_id=1",
            s.base
        ))
        .bearer_auth("made-up")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = client()
        .post(format!("{}/api/v1/visitor/messages", s.base))
        .bearer_auth(&me.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A made-up token in the first frame: told why, then closed with 1008.
    let mut ws = socket(&s, "made-up").await;
    assert_eq!(error_code(next_event(&mut ws).await), "unauthenticated");
    match ws.next().await {
        Some(Ok(Frame::Close(Some(close)))) => assert_eq!(u16::from(close.code), 1008),
        other => panic!("expected a close frame, got {other:?}"),
    }
}

/// Tokens never travel in URLs, where proxies and browser history keep
/// them: the socket takes them in its first frame, files take a short-lived
/// ticket instead of the visitor token.
#[tokio::test]
async fn tokens_in_urls_are_refused() {
    let s = start().await;
    let me = hello(&s).await;
    let ws = |q: String| format!("{}/ws?{q}", s.base.replace("http://", "ws://"));
    for query in [
        format!("token={}", me.token),
        "agent_token=sbat_x".to_owned(),
    ] {
        assert_eq!(
            common::refused_upgrade(ws(query)).await,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    // Without a cookie, `/ws` alone is for nobody.
    assert_eq!(
        common::refused_upgrade(ws(String::new())).await,
        StatusCode::UNAUTHORIZED
    );
}

async fn upload(
    s: &TestServer,
    token: &str,
    client_id: &str,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let form = Form::new()
        .text("client_id", client_id.to_owned())
        .part("file", Part::bytes(bytes).file_name(name.to_owned()));
    client()
        .post(format!("{}/api/v1/uploads", s.base))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn field_code(res: reqwest::Response) -> (StatusCode, String) {
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    let code = body["error"]["fields"][0]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (status, code)
}

#[tokio::test]
async fn uploads_are_checked_stored_and_readable_only_by_their_conversation() {
    let s = start().await;
    let me = hello(&s).await;
    let other = hello(&s).await;

    let res = upload(&s, &me.token, "img-1", "../../photo.png", PNG.to_vec()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let msg: Message = res.json().await.unwrap();
    let att = msg.attachment.expect("an attachment");
    assert_eq!(
        (att.name.as_str(), att.content_type.as_str()),
        ("photo.png", "image/png")
    );
    assert!(std::fs::read_dir(s.dir.join("files")).unwrap().count() == 1);

    // A retry with the same client id stores nothing new.
    let again: Message = upload(&s, &me.token, "img-1", "photo.png", PNG.to_vec())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again.seq, msg.seq);
    assert!(std::fs::read_dir(s.dir.join("files")).unwrap().count() == 1);

    let file_url = format!("{}{}", s.base, att.url());
    let mine = client()
        .get(format!("{file_url}?ticket={}", me.file_ticket.ticket))
        .send()
        .await
        .unwrap();
    assert_eq!(mine.status(), StatusCode::OK);
    assert_eq!(mine.headers()["content-type"], "image/png");
    assert_eq!(mine.headers()["x-content-type-options"], "nosniff");
    assert_eq!(mine.bytes().await.unwrap().as_ref(), PNG);
    let theirs = client()
        .get(format!("{file_url}?ticket={}", other.file_ticket.ticket))
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
    // The visitor's own bearer token reads it; in the URL it does nothing.
    let bearer = client()
        .get(&file_url)
        .bearer_auth(&me.token)
        .send()
        .await
        .unwrap();
    assert_eq!(bearer.status(), StatusCode::OK);
    let in_url = client()
        .get(format!("{file_url}?token={}", me.token))
        .send()
        .await
        .unwrap();
    assert_eq!(in_url.status(), StatusCode::UNAUTHORIZED);
    // A ticket altered to name another visitor, or made up, reads nothing.
    let (_, rest) = me.file_ticket.ticket.split_once('.').unwrap();
    let forged = format!("{}.{rest}", other.visitor_id);
    for ticket in [forged.as_str(), "1.9999999999.00"] {
        let res = client()
            .get(format!("{file_url}?ticket={ticket}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{ticket}");
    }
    // A renewed ticket (POST /visitor/file-ticket) reads it too.
    let renewed: model::chat::FileTicket = client()
        .post(format!("{}/api/v1/visitor/file-ticket", s.base))
        .bearer_auth(&me.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let res = client()
        .get(format!("{file_url}?ticket={}", renewed.ticket))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let anonymous = client().get(&file_url).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    // The test server accepts up to 64 KiB.
    let big = upload(
        &s,
        &me.token,
        "big-1",
        "big.png",
        [PNG, &vec![0u8; 70 * 1024]].concat(),
    )
    .await;
    assert_eq!(
        field_code(big).await,
        (StatusCode::UNPROCESSABLE_ENTITY, "file_too_large".into())
    );
    let huge = upload(&s, &me.token, "huge-1", "huge.png", vec![0u8; 300 * 1024]).await;
    assert_eq!(field_code(huge).await.1, "file_too_large");
    let exe = upload(
        &s,
        &me.token,
        "exe-1",
        "setup.exe",
        b"MZ\x90\x00\x03\x00\x00\x00".to_vec(),
    )
    .await;
    assert_eq!(
        field_code(exe).await,
        (StatusCode::UNPROCESSABLE_ENTITY, "file_type".into())
    );
    let svg = upload(
        &s,
        &me.token,
        "svg-1",
        "x.svg",
        b"<svg onload=alert(1)></svg>".to_vec(),
    )
    .await;
    assert_eq!(field_code(svg).await.1, "file_type");
    let nothing = client()
        .post(format!("{}/api/v1/uploads", s.base))
        .bearer_auth(&me.token)
        .body("plain")
        .send()
        .await
        .unwrap();
    assert_eq!(field_code(nothing).await.1, "not_multipart");

    // Refused uploads left nothing behind, and the conversation goes on.
    assert!(std::fs::read_dir(s.dir.join("files")).unwrap().count() == 1);
    let text = send_text(&s, &me.token, "after-1", "still here").await;
    assert_eq!(text.conversation_id, msg.conversation_id);
    assert_eq!(text.seq, msg.seq + 1);
}

#[tokio::test]
async fn the_loader_can_read_the_widget_config_and_its_errors_from_any_site() {
    let s = start().await;
    let ok = client()
        .get(format!("{}/api/v1/widget/default", s.base))
        .header("origin", "http://shop.example")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(ok.headers()["access-control-allow-origin"], "*");
    let body: Value = ok.json().await.unwrap();
    assert!(body["theme_color"].as_str().unwrap().starts_with('#'));
    let missing = client()
        .get(format!("{}/api/v1/widget/no-such-link", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(missing.headers()["access-control-allow-origin"], "*");
}

/// A frame over the transport's 1 MiB is not read: the socket closes with
/// 1009 (message too big), saying why, instead of dropping (1005/1006).
#[tokio::test]
async fn a_frame_over_the_transport_limit_closes_with_1009() {
    let s = start().await;
    let me = hello(&s).await;
    let mut ws = connect(&s, &me.token).await;
    ws.send(Frame::text("x".repeat(2 * 1024 * 1024)))
        .await
        .unwrap();
    let close = loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("a frame within 10 s")
            .expect("a close frame before the end");
        match frame {
            Ok(Frame::Close(close)) => break close,
            Ok(_) => continue,
            Err(e) => panic!("the socket broke instead of closing: {e}"),
        }
    };
    let close = close.expect("a close code");
    assert_eq!(u16::from(close.code), 1009);
    assert_eq!(close.reason.as_str(), "frame over 1 MiB");
}
