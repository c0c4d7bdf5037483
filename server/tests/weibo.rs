//! The Weibo private-message channel (C5) end to end over HTTP: signed
//! pushes in, stored once however often Weibo repeats them, the agent's
//! reply out through the stand-in's `messages/reply.json`.

use crate::common;
use std::time::Duration;

use crate::common::*;
use domain::chat::Party;
use model::channels::{ChannelAccountInput, ChannelKind, DeliveryState};
use reqwest::StatusCode;
use serde_json::{json, Value};

const SECRET: &str = "xyz123xyz";
const ACCESS_TOKEN: &str = "weibo-account-token";
const FOLLOWER: &str = "2489518277";

struct World {
    server: TestServer,
    standin: standin::Standin,
    key: String,
}

async fn world() -> World {
    let (standin, base) = common::wechat::start_standin(&[], &[ACCESS_TOKEN]).await;
    let server = start_with(|c| c.weibo_api_base = base).await;
    server::start_delivery(&server.services);
    let admin = admin_actor(&server).await;
    let account = server
        .services
        .channel_accounts
        .save(
            &admin,
            None,
            ChannelAccountInput {
                kind: Some(ChannelKind::Weibo),
                name: "Shop Weibo".into(),
                enabled: true,
                app_id: "1902538057".into(),
                secret: SECRET.into(),
                access_token: ACCESS_TOKEN.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let key = account.callback_path.rsplit('/').next().unwrap().to_owned();
    World {
        server,
        standin,
        key,
    }
}

/// SHA-1 over the sorted secret, timestamp and nonce, computed by Python's
/// hashlib (not our code).
fn sign(timestamp: &str, nonce: &str) -> String {
    let out = std::process::Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/py/bin/python"))
        .arg("-c")
        .arg("import hashlib,sys; print(hashlib.sha1(''.join(sorted(sys.argv[1:])).encode()).hexdigest())")
        .args([SECRET, timestamp, nonce])
        .output()
        .expect("python in target/py");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn query() -> String {
    let ts = (chrono::Utc::now().timestamp_millis()).to_string();
    format!(
        "signature={}&timestamp={ts}&nonce=57155157",
        sign(&ts, "57155157")
    )
}

fn push(kind: &str, created_at: &str, extra: Value) -> String {
    let mut p = json!({"type": kind, "receiver_id": 1902538057i64, "sender_id": FOLLOWER.parse::<i64>().unwrap(),
        "created_at": created_at, "text": "", "data": {}});
    if let (Some(p), Some(e)) = (p.as_object_mut(), extra.as_object()) {
        p.extend(e.clone());
    }
    p.to_string()
}

async fn post(w: &World, query: &str, body: String) -> StatusCode {
    client()
        .post(format!(
            "{}/channels/weibo/{}?{query}",
            w.server.base, w.key
        ))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
}

async fn conversation(w: &World) -> i64 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    for _ in 0..50 {
        let conv = domain::entities::conversation::Entity::find()
            .filter(domain::entities::conversation::Column::Channel.eq("weibo"))
            .one(&w.server.services.db)
            .await
            .unwrap();
        if let Some(c) = conv {
            return c.id;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no Weibo conversation");
}

#[tokio::test]
async fn a_follower_message_reaches_the_agent_once_and_the_reply_goes_out() {
    let w = world().await;
    let admin = admin_actor(&w.server).await;
    let role = domain::test_support::builtin_role(
        &w.server.services,
        &admin,
        model::access::BuiltinRole::Agent,
    )
    .await
    .unwrap();
    let agent = domain::test_support::online_agent_in(
        &w.server.services,
        &admin,
        "wb-agent@example.com",
        role,
        None,
    )
    .await
    .unwrap();

    // Weibo checks the URL with a signed GET.
    let r = client()
        .get(format!(
            "{}/channels/weibo/{}?{}&echostr=weibo-echo",
            w.server.base,
            w.key,
            query()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await.unwrap(), "weibo-echo");

    let at = chrono::Utc::now()
        .format("%a %b %d %H:%M:%S +0000 %Y")
        .to_string();
    let message = push("text", &at, json!({"text": "你好，我想咨询"}));
    for _ in 0..3 {
        assert_eq!(post(&w, &query(), message.clone()).await, StatusCode::OK);
    }
    let conv = conversation(&w).await;
    let shown = w
        .server
        .services
        .conversations
        .get(&Party::Agent(agent.clone()), conv)
        .await
        .unwrap();
    assert_eq!(shown.channel_name.as_deref(), Some("Shop Weibo"));
    assert_eq!(shown.agent_id, Some(agent.agent_id));
    let history = w
        .server
        .services
        .conversations
        .history(&Party::Agent(agent.clone()), conv, 0)
        .await
        .unwrap();
    let theirs: Vec<_> = history
        .iter()
        .filter(|m| m.sender == model::chat::Sender::Visitor)
        .collect();
    assert_eq!(theirs.len(), 1, "a repeated push was stored again");
    assert_eq!(theirs[0].body, "你好，我想咨询");

    let sent = w
        .server
        .services
        .conversations
        .agent_send(&agent, conv, "wb-1", "您好，请问有什么可以帮您？")
        .await
        .unwrap();
    let mut out = None;
    for _ in 0..100 {
        out = w
            .standin
            .sent()
            .into_iter()
            .find(|s| s["api"] == "weibo" && s["data"]["text"] == "您好，请问有什么可以帮您？");
        if out.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let out = out.expect("the reply reached the reply API");
    assert_eq!(out["receiver_id"], FOLLOWER);
    assert_eq!(out["access_token"], ACCESS_TOKEN);
    assert_eq!(out["type"], "text");
    assert_eq!(out["data"]["text"], "您好，请问有什么可以帮您？");
    let delivered = common::wechat::delivery_of(&w.server, &agent, conv, sent.seq).await;
    assert_eq!(delivered.state, DeliveryState::Sent);

    // Over Weibo's 300 characters: the agent is told, nothing is sent.
    let long = w
        .server
        .services
        .conversations
        .agent_send(&agent, conv, "wb-2", &"长".repeat(301))
        .await
        .unwrap();
    let refused = common::wechat::delivery_of(&w.server, &agent, conv, long.seq).await;
    assert_eq!(refused.state, DeliveryState::Failed);
    assert_eq!(refused.error.as_deref(), Some("too_long"));
}

#[tokio::test]
async fn bad_pushes_are_refused_and_unknown_types_ignored() {
    let w = world().await;
    let at = chrono::Utc::now()
        .format("%a %b %d %H:%M:%S +0000 %Y")
        .to_string();
    let message = push("text", &at, json!({"text": "hi"}));
    let forged = query().replace("signature=", "signature=0");
    assert_eq!(
        post(&w, &forged, message.clone()).await,
        StatusCode::FORBIDDEN
    );
    let old = "1397022061823";
    let stale = format!(
        "signature={}&timestamp={old}&nonce=57155157",
        sign(old, "57155157")
    );
    assert_eq!(
        post(&w, &stale, message.clone()).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(&w, &query(), "{not json".into()).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post(&w, &query(), "x".repeat(10 * 1024 * 1024)).await,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    // A type we do not know is taken and ignored.
    assert_eq!(
        post(&w, &query(), push("mention", &at, json!({}))).await,
        StatusCode::OK
    );
    use sea_orm::{EntityTrait, PaginatorTrait};
    let followers = domain::entities::channel_follower::Entity::find()
        .count(&w.server.services.db)
        .await
        .unwrap();
    assert_eq!(followers, 0);
    // A follow makes the follower, once.
    let follow = push("event", &at, json!({"data": {"subtype": "follow"}}));
    assert_eq!(post(&w, &query(), follow.clone()).await, StatusCode::OK);
    assert_eq!(post(&w, &query(), follow).await, StatusCode::OK);
    let followers = domain::entities::channel_follower::Entity::find()
        .count(&w.server.services.db)
        .await
        .unwrap();
    assert_eq!(followers, 1);
}
