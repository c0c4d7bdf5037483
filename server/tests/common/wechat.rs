//! WeChat's side for the channel tests (C4): wechatpy (an independent
//! implementation, in target/py) signs and encrypts callbacks and decrypts
//! our passive replies; `standin` plays WeChat's API. A `World` is a real
//! server whose WeChat API is a fresh stand-in, with one connected account
//! that has a keyword reply.

use std::process::{Command, Stdio};
use std::time::Duration;

use domain::chat::Party;
use model::channels::{
    ChannelAccountInput, ChannelKind, DeliveryState, KeywordReplyInput, WechatMode,
};
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{admin_actor, client, start_with, TestServer};

pub const APP_ID: &str = "wx0123456789abcdef";
pub const SECRET: &str = "app-secret-1";
pub const TOKEN: &str = "callbackToken1";
pub const AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
pub const OPENID: &str = "oFollower0000000000000000001";

/// Ask wechatpy (scripts/wechatpy_helper.py in target/py) for something.
pub fn wechatpy(request: Value) -> Value {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let mut child = Command::new(format!("{root}/target/py/bin/python"))
        .arg(format!("{root}/scripts/wechatpy_helper.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("wechatpy is installed by scripts/setup.sh (target/py)");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(request.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "wechatpy helper failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

pub struct World {
    pub server: TestServer,
    pub standin: standin::Standin,
    pub key: String,
    pub account_id: i32,
}

/// A stand-in for the platforms' APIs on port 0 knowing these WeChat
/// apps and Weibo tokens, and its address.
pub async fn start_standin(
    apps: &[(&str, &str)],
    weibo_tokens: &[&str],
) -> (standin::Standin, String) {
    let standin = standin::Standin::new(apps, weibo_tokens);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(standin.clone().serve(listener));
    (standin, base)
}

pub async fn world(mode: WechatMode) -> World {
    let (standin, standin_base) = start_standin(&[(APP_ID, SECRET)], &[]).await;
    let server = start_with(|c| c.wechat_api_base = standin_base).await;
    server::start_delivery(&server.services);
    let admin = admin_actor(&server).await;
    let account = server
        .services
        .channel_accounts
        .save(
            &admin,
            None,
            ChannelAccountInput {
                kind: Some(ChannelKind::Wechat),
                name: "Shop service".into(),
                enabled: true,
                app_id: APP_ID.into(),
                secret: SECRET.into(),
                token: TOKEN.into(),
                aes_key: AES_KEY.into(),
                mode,
                welcome_text: "Welcome to the shop".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    server
        .services
        .wechat_content
        .save_keyword_reply(
            &admin,
            account.id,
            None,
            KeywordReplyInput {
                keyword: "营业时间".into(),
                reply_text: "每天 9:00–18:00".into(),
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
        account_id: account.id,
    }
}

pub fn now() -> String {
    chrono::Utc::now().timestamp().to_string()
}

pub fn text_xml(msg_id: u64, content: &str) -> String {
    format!(
        "<xml><ToUserName><![CDATA[gh_shop]]></ToUserName><FromUserName><![CDATA[{OPENID}]]></FromUserName>\
         <CreateTime>{}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content>\
         <MsgId>{msg_id}</MsgId></xml>",
        now()
    )
}

/// A callback as WeChat sends it in safe mode: (query, body).
pub fn encrypted(xml: &str, app_id: &str) -> (String, String, String, String) {
    let (ts, nonce) = (now(), "nonce123".to_owned());
    let e = wechatpy(json!({"op": "encrypt", "token": TOKEN, "aes_key": AES_KEY,
        "app_id": app_id, "xml": xml, "timestamp": ts, "nonce": nonce}));
    let plain_sig =
        wechatpy(json!({"op": "sign", "token": TOKEN, "timestamp": ts, "nonce": nonce}));
    let query = format!(
        "signature={}&timestamp={ts}&nonce={nonce}&openid={OPENID}&encrypt_type=aes&msg_signature={}",
        plain_sig["signature"].as_str().unwrap(),
        e["msg_signature"].as_str().unwrap()
    );
    (query, e["body"].as_str().unwrap().to_owned(), ts, nonce)
}

/// A plaintext-mode callback's query.
pub fn signed_query() -> String {
    let (ts, nonce) = (now(), "n0nce");
    let s = wechatpy(json!({"op": "sign", "token": TOKEN, "timestamp": ts, "nonce": nonce}));
    format!(
        "signature={}&timestamp={ts}&nonce={nonce}&openid={OPENID}",
        s["signature"].as_str().unwrap()
    )
}

pub async fn post(w: &World, query: &str, body: String) -> (StatusCode, String) {
    let r = client()
        .post(format!(
            "{}/channels/wechat/{}?{query}",
            w.server.base, w.key
        ))
        .header("content-type", "text/xml")
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

pub async fn followers(w: &World) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    domain::entities::channel_follower::Entity::find()
        .count(&w.server.services.db)
        .await
        .unwrap()
}

/// The follower's open conversation, once routing has placed it.
pub async fn follower_conversation(w: &World) -> model::chat::Conversation {
    let admin = admin_actor(&w.server).await;
    for _ in 0..50 {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let conv = domain::entities::conversation::Entity::find()
            .filter(domain::entities::conversation::Column::Channel.eq("wechat"))
            .one(&w.server.services.db)
            .await
            .unwrap();
        if let Some(c) = conv {
            return w
                .server
                .services
                .conversations
                .get(&Party::Agent(admin), c.id)
                .await
                .unwrap();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no WeChat conversation");
}

pub async fn wait_sent(w: &World, content: &str) -> Value {
    for _ in 0..100 {
        let found = w
            .standin
            .sent()
            .into_iter()
            .find(|s| s["message"]["text"]["content"].as_str() == Some(content));
        if let Some(s) = found {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "{content:?} never reached the stand-in: {:?}",
        w.standin.sent()
    );
}

/// A message's delivery once it is sent or failed.
pub async fn delivery_of(
    server: &TestServer,
    actor: &domain::Actor,
    conv: i64,
    seq: i64,
) -> model::channels::Delivery {
    for _ in 0..100 {
        let history = server
            .services
            .conversations
            .history(&Party::Agent(actor.clone()), conv, 0)
            .await
            .unwrap();
        let d = history
            .into_iter()
            .find(|m| m.seq == seq)
            .and_then(|m| m.delivery);
        if let Some(d) = d.filter(|d| d.state != DeliveryState::Pending) {
            return d;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("delivery of seq {seq} never settled");
}
