//! The WeChat channel (C4) end to end over HTTP, with wechatpy playing
//! WeChat: it signs and encrypts the callbacks our server must accept and
//! decrypts the passive replies it sends back; a local stand-in plays
//! WeChat's API (tokens, customer-service messages, media).

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;
use domain::chat::Party;
use model::channels::{
    ChannelAccountInput, ChannelKind, DeliveryState, KeywordReplyInput, WechatMode,
};
use reqwest::StatusCode;
use serde_json::{json, Value};

const APP_ID: &str = "wx0123456789abcdef";
const SECRET: &str = "app-secret-1";
const TOKEN: &str = "callbackToken1";
const AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const OPENID: &str = "oFollower0000000000000000001";

/// Ask wechatpy (scripts/wechatpy_helper.py in target/py) for something.
fn wechatpy(request: Value) -> Value {
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

struct World {
    server: TestServer,
    standin: standin::Standin,
    key: String,
    account_id: i32,
}

async fn world(mode: WechatMode) -> World {
    let standin = standin::Standin::new(&[(APP_ID, SECRET)], &[]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let standin_base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(standin.clone().serve(listener));
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

fn now() -> String {
    chrono::Utc::now().timestamp().to_string()
}

fn text_xml(msg_id: u64, content: &str) -> String {
    format!(
        "<xml><ToUserName><![CDATA[gh_shop]]></ToUserName><FromUserName><![CDATA[{OPENID}]]></FromUserName>\
         <CreateTime>{}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content>\
         <MsgId>{msg_id}</MsgId></xml>",
        now()
    )
}

/// A callback as WeChat sends it in safe mode: (query, body).
fn encrypted(xml: &str, app_id: &str) -> (String, String, String, String) {
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
fn signed_query() -> String {
    let (ts, nonce) = (now(), "n0nce");
    let s = wechatpy(json!({"op": "sign", "token": TOKEN, "timestamp": ts, "nonce": nonce}));
    format!(
        "signature={}&timestamp={ts}&nonce={nonce}&openid={OPENID}",
        s["signature"].as_str().unwrap()
    )
}

async fn post(w: &World, query: &str, body: String) -> (StatusCode, String) {
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

async fn followers(w: &World) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    domain::entities::channel_follower::Entity::find()
        .count(&w.server.services.db)
        .await
        .unwrap()
}

/// The follower's open conversation, once routing has placed it.
async fn follower_conversation(w: &World) -> model::chat::Conversation {
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

async fn wait_sent(w: &World, content: &str) -> Value {
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

async fn delivery_of(
    w: &World,
    actor: &domain::Actor,
    conv: i64,
    seq: i64,
) -> model::channels::Delivery {
    for _ in 0..100 {
        let history = w
            .server
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

#[tokio::test]
async fn a_safe_mode_follower_gets_a_keyword_reply_then_an_agent_whose_reply_goes_out() {
    let w = world(WechatMode::Safe).await;
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
        "wx-agent@example.com",
        role,
        None,
    )
    .await
    .unwrap();

    // A keyword: answered at once in the response, encrypted, nothing routed.
    let (query, body, _, _) = encrypted(&text_xml(1001, "营业时间"), APP_ID);
    let (status, reply) = post(&w, &query, body).await;
    assert_eq!(status, StatusCode::OK);
    let envelope = wechatpy(json!({"op": "parse", "xml": reply}));
    let f = &envelope["fields"];
    let opened = wechatpy(json!({"op": "decrypt", "token": TOKEN, "aes_key": AES_KEY,
        "app_id": APP_ID, "xml": reply, "msg_signature": f["MsgSignature"],
        "timestamp": f["TimeStamp"], "nonce": f["Nonce"]}));
    assert_eq!(opened["fields"]["Content"], "每天 9:00–18:00");
    assert_eq!(opened["fields"]["ToUserName"], OPENID);
    assert_eq!(opened["fields"]["MsgType"], "text");

    // Anything else goes to the agent, once however often WeChat retries.
    let xml = text_xml(1002, "我要退货");
    for _ in 0..3 {
        let (query, body, _, _) = encrypted(&xml, APP_ID);
        let (status, reply) = post(&w, &query, body).await;
        assert_eq!((status, reply.as_str()), (StatusCode::OK, "success"));
    }
    let conv = follower_conversation(&w).await;
    assert_eq!(conv.channel, "wechat");
    assert_eq!(conv.channel_name.as_deref(), Some("Shop service"));
    assert_eq!(conv.agent_id, Some(agent.agent_id));
    let history = w
        .server
        .services
        .conversations
        .history(&Party::Agent(agent.clone()), conv.id, 0)
        .await
        .unwrap();
    let theirs: Vec<_> = history
        .iter()
        .filter(|m| m.sender == model::chat::Sender::Visitor)
        .collect();
    assert_eq!(
        theirs.len(),
        1,
        "a retried callback stored again: {history:?}"
    );
    assert_eq!(theirs[0].body, "我要退货");
    assert_eq!(followers(&w).await, 1);

    // The agent's reply reaches WeChat's customer-service API with the
    // follower's openid and a token issued to this AppID.
    let sent = w
        .server
        .services
        .conversations
        .agent_send(&agent, conv.id, "reply-1", "好的，请提供订单号")
        .await
        .unwrap();
    let out = wait_sent(&w, "好的，请提供订单号").await;
    assert_eq!(out["message"]["touser"], OPENID);
    assert_eq!(out["message"]["msgtype"], "text");
    assert_eq!(out["appid"], APP_ID);
    let delivery = delivery_of(&w, &agent, conv.id, sent.seq).await;
    assert_eq!(delivery.state, DeliveryState::Sent);

    // The follower stopped writing 48 hours ago: the agent is told.
    w.standin.fail_next(&[45015]);
    let late = w
        .server
        .services
        .conversations
        .agent_send(&agent, conv.id, "reply-2", "还在吗？")
        .await
        .unwrap();
    let delivery = delivery_of(&w, &agent, conv.id, late.seq).await;
    assert_eq!(delivery.state, DeliveryState::Failed);
    assert_eq!(delivery.error.as_deref(), Some("window_closed"));

    // An expired token is fetched again once, and the message still goes.
    let before = w.standin.token_requests();
    w.standin.expire_tokens();
    let again = w
        .server
        .services
        .conversations
        .agent_send(&agent, conv.id, "reply-3", "订单已处理")
        .await
        .unwrap();
    wait_sent(&w, "订单已处理").await;
    assert_eq!(
        delivery_of(&w, &agent, conv.id, again.seq).await.state,
        DeliveryState::Sent
    );
    assert_eq!(w.standin.token_requests(), before + 1);
}

#[tokio::test]
async fn plaintext_and_compatible_modes_and_url_verification() {
    let w = world(WechatMode::Plaintext).await;
    // WeChat checks the URL with a signed GET and wants its echostr back.
    let r = client()
        .get(format!(
            "{}/channels/wechat/{}?{}&echostr=echo-42",
            w.server.base,
            w.key,
            signed_query()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await.unwrap(), "echo-42");

    let (status, reply) = post(&w, &signed_query(), text_xml(2001, "营业时间")).await;
    assert_eq!(status, StatusCode::OK);
    let f = wechatpy(json!({"op": "parse", "xml": reply}));
    assert_eq!(f["fields"]["Content"], "每天 9:00–18:00");
    // A plaintext account takes no encrypted bodies.
    let (query, body, _, _) = encrypted(&text_xml(2002, "hi"), APP_ID);
    assert_eq!(post(&w, &query, body).await.0, StatusCode::FORBIDDEN);

    // Compatible mode reads either.
    let w = world(WechatMode::Compatible).await;
    let (status, _) = post(&w, &signed_query(), text_xml(3001, "plain hello")).await;
    assert_eq!(status, StatusCode::OK);
    let (query, body, _, _) = encrypted(&text_xml(3002, "encrypted hello"), APP_ID);
    assert_eq!(
        post(&w, &query, body).await,
        (StatusCode::OK, "success".into())
    );
    let conv = follower_conversation(&w).await;
    let admin = admin_actor(&w.server).await;
    let bodies: Vec<String> = w
        .server
        .services
        .conversations
        .history(&Party::Agent(admin), conv.id, 0)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.sender == model::chat::Sender::Visitor)
        .map(|m| m.body)
        .collect();
    assert_eq!(bodies, ["plain hello", "encrypted hello"]);
}

#[tokio::test]
async fn forged_stale_foreign_and_malformed_callbacks_are_refused_and_store_nothing() {
    let w = world(WechatMode::Safe).await;
    let xml = text_xml(4001, "hello");

    // A signature that is not over our token.
    let (query, body, _, _) = encrypted(&xml, APP_ID);
    let forged = query.replace("msg_signature=", "msg_signature=0");
    assert_eq!(
        post(&w, &forged, body.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    // A plain body to a safe-mode account.
    assert_eq!(
        post(&w, &signed_query(), xml.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    // Someone else's AppID inside the ciphertext.
    let (query, body, _, _) = encrypted(&xml, "wxffffffffffffffff");
    assert_eq!(post(&w, &query, body).await.0, StatusCode::FORBIDDEN);
    // Ten minutes old.
    let (ts, nonce) = ((chrono::Utc::now().timestamp() - 600).to_string(), "n");
    let s = wechatpy(json!({"op": "sign", "token": TOKEN, "timestamp": ts, "nonce": nonce}));
    let stale = format!(
        "signature={}&timestamp={ts}&nonce={nonce}",
        s["signature"].as_str().unwrap()
    );
    assert_eq!(post(&w, &stale, xml.clone()).await.0, StatusCode::FORBIDDEN);
    // Not XML, and an entity bomb, properly signed.
    let (query, _, _, _) = encrypted(&xml, APP_ID);
    assert_eq!(
        post(&w, &query, "not xml at all".into()).await.0,
        StatusCode::BAD_REQUEST
    );
    let bomb = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><xml><Encrypt>&b;</Encrypt></xml>";
    assert_eq!(
        post(&w, &query, bomb.into()).await.0,
        StatusCode::BAD_REQUEST
    );
    // Ten megabytes.
    let big = "x".repeat(10 * 1024 * 1024);
    assert_eq!(post(&w, &query, big).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    // An account nobody connected.
    let r = client()
        .post(format!(
            "{}/channels/wechat/nope?{}",
            w.server.base,
            signed_query()
        ))
        .body(xml.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    assert_eq!(followers(&w).await, 0, "a refused callback made a follower");
    // The account still works afterwards.
    let (query, body, _, _) = encrypted(&xml, APP_ID);
    assert_eq!(
        post(&w, &query, body).await,
        (StatusCode::OK, "success".into())
    );
    assert_eq!(followers(&w).await, 1);
}

#[tokio::test]
async fn subscribe_welcomes_and_images_arrive_through_the_media_api() {
    let w = world(WechatMode::Plaintext).await;
    let subscribe = format!(
        "<xml><ToUserName>gh_shop</ToUserName><FromUserName>{OPENID}</FromUserName>\
         <CreateTime>{}</CreateTime><MsgType>event</MsgType><Event>subscribe</Event></xml>",
        now()
    );
    let (status, reply) = post(&w, &signed_query(), subscribe).await;
    assert_eq!(status, StatusCode::OK);
    let f = wechatpy(json!({"op": "parse", "xml": reply}));
    assert_eq!(f["fields"]["Content"], "Welcome to the shop");

    let image = format!(
        "<xml><ToUserName>gh_shop</ToUserName><FromUserName>{OPENID}</FromUserName>\
         <CreateTime>{}</CreateTime><MsgType>image</MsgType><PicUrl>http://mmbiz/x</PicUrl>\
         <MediaId>img-1</MediaId><MsgId>5001</MsgId></xml>",
        now()
    );
    assert_eq!(
        post(&w, &signed_query(), image).await,
        (StatusCode::OK, "success".into())
    );
    let conv = follower_conversation(&w).await;
    let admin = admin_actor(&w.server).await;
    let history = w
        .server
        .services
        .conversations
        .history(&Party::Agent(admin.clone()), conv.id, 0)
        .await
        .unwrap();
    let attachment = history
        .iter()
        .find_map(|m| m.attachment.clone())
        .expect("the image is stored");
    assert_eq!(attachment.content_type, "image/png");
    assert_eq!(attachment.size as usize, standin::PNG.len());
    let _ = w.account_id;
}

#[tokio::test]
async fn the_custom_menu_is_published_and_read_back_through_the_menu_api() {
    use model::wechat_menu::{MenuButton, MenuButtonKind, WechatMenu};
    let w = world(WechatMode::Plaintext).await;
    let admin = admin_actor(&w.server).await;
    let menus = &w.server.services.wechat_menu;
    // Nothing published yet: WeChat has no menu.
    assert_eq!(
        menus.read_back(&admin, w.account_id).await.unwrap(),
        WechatMenu::default()
    );
    let menu = WechatMenu {
        buttons: vec![
            MenuButton {
                name: "营业时间".into(),
                kind: MenuButtonKind::Click,
                key: "营业时间".into(),
                ..Default::default()
            },
            MenuButton {
                name: "服务".into(),
                kind: MenuButtonKind::Group,
                buttons: vec![MenuButton {
                    name: "官网".into(),
                    kind: MenuButtonKind::View,
                    url: "https://example.com/".into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
        ],
    };
    assert_eq!(
        menus
            .publish(&admin, w.account_id, menu.clone())
            .await
            .unwrap(),
        menu
    );
    assert_eq!(menus.read_back(&admin, w.account_id).await.unwrap(), menu);
    assert_eq!(menus.menu(&admin, w.account_id).await.unwrap(), menu);

    // WeChat's limits are field errors before anything is sent.
    let mut four = menu.clone();
    four.buttons = vec![menu.buttons[0].clone(); 4];
    match menus.publish(&admin, w.account_id, four).await {
        Err(domain::Error::Invalid(f)) => assert_eq!(f[0].field, "buttons"),
        other => panic!("expected a field error, got {other:?}"),
    }
    assert_eq!(menus.read_back(&admin, w.account_id).await.unwrap(), menu);

    // A menu button's click is answered like its keyword.
    let click = format!(
        "<xml><ToUserName>gh_shop</ToUserName><FromUserName>{OPENID}</FromUserName>\
         <CreateTime>{}</CreateTime><MsgType>event</MsgType><Event>CLICK</Event>\
         <EventKey>营业时间</EventKey></xml>",
        now()
    );
    let (status, reply) = post(&w, &signed_query(), click).await;
    assert_eq!(status, StatusCode::OK);
    let f = wechatpy(json!({"op": "parse", "xml": reply}));
    assert_eq!(f["fields"]["Content"], "每天 9:00–18:00");
}

#[tokio::test]
async fn concurrent_callers_fetch_one_new_token_after_wechat_refused_the_old_one() {
    let w = world(WechatMode::Plaintext).await;
    let admin = admin_actor(&w.server).await;
    let menus = &w.server.services.wechat_menu;
    menus.read_back(&admin, w.account_id).await.unwrap();
    assert_eq!(w.standin.token_requests(), 1);
    // WeChat forgets the token (40001 from now on): five callers at once
    // fetch one new token between them.
    w.standin.expire_tokens();
    let calls = (0..5).map(|_| menus.read_back(&admin, w.account_id));
    for r in futures_util::future::join_all(calls).await {
        r.unwrap();
    }
    assert_eq!(w.standin.token_requests(), 2);
}

#[tokio::test]
async fn a_keyword_can_answer_with_a_news_card() {
    let w = world(WechatMode::Plaintext).await;
    let admin = admin_actor(&w.server).await;
    let content = &w.server.services.wechat_content;
    let news = content
        .save_news(
            &admin,
            w.account_id,
            None,
            model::channels::NewsMessageInput {
                title: "新品上市".into(),
                description: "本周新品".into(),
                cover_url: "https://example.com/cover.png".into(),
                url: "https://example.com/new".into(),
            },
        )
        .await
        .unwrap();
    content
        .save_keyword_reply(
            &admin,
            w.account_id,
            None,
            KeywordReplyInput {
                keyword: "新品".into(),
                matching: model::channels::KeywordMatch::Contains,
                news_id: Some(news.id),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let (status, reply) = post(&w, &signed_query(), text_xml(9001, "有什么新品吗")).await;
    assert_eq!(status, StatusCode::OK);
    let f = wechatpy(json!({"op": "parse", "xml": reply}));
    assert_eq!(f["fields"]["MsgType"], "news");
    assert_eq!(f["fields"]["ArticleCount"], "1");
    assert_eq!(f["fields"]["Articles"]["item"]["Title"], "新品上市");
    assert_eq!(
        f["fields"]["Articles"]["item"]["Url"],
        "https://example.com/new"
    );
}

#[tokio::test]
async fn the_navigation_menu_is_numbered_text_and_the_choice_routes_the_chat() {
    use model::routing::{MenuItemInput, MenuTarget, NavMenuInput};
    let w = world(WechatMode::Plaintext).await;
    let s = &w.server.services;
    let admin = admin_actor(&w.server).await;
    let role = domain::test_support::builtin_role(s, &admin, model::access::BuiltinRole::Agent)
        .await
        .unwrap();
    let tv = domain::test_support::online_agent_in(s, &admin, "tv@example.com", role, None)
        .await
        .unwrap();
    let group = s
        .groups
        .create(
            &admin,
            model::people::GroupInput {
                name: "电视组".into(),
                member_ids: vec![tv.agent_id],
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    let link = s
        .links
        .list_links(&admin)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.slug == "default")
        .unwrap();
    let item = |key: &str, parent: Option<&str>, zh: &str, target| MenuItemInput {
        key: key.into(),
        parent: parent.map(str::to_owned),
        label_zh: zh.into(),
        label_en: String::new(),
        target,
    };
    s.nav_menus
        .save(
            &admin,
            link.id,
            NavMenuInput {
                enabled: true,
                prompt_zh: "请选择：".into(),
                prompt_en: String::new(),
                items: vec![
                    item("sales", None, "售前", None),
                    item("tvs", Some("sales"), "电视", Some(MenuTarget::Group(group))),
                    item("support", None, "售后", Some(MenuTarget::Group(group))),
                ],
            },
        )
        .await
        .unwrap();
    let say = |id: u64, text: &str| text_xml(id, text);
    let content = |reply: String| {
        wechatpy(json!({"op": "parse", "xml": reply}))["fields"]["Content"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let (_, r) = post(&w, &signed_query(), say(8001, "电视坏了")).await;
    assert_eq!(content(r), "请选择：\n1. 售前\n2. 售后");
    let (_, r) = post(&w, &signed_query(), say(8002, "1")).await;
    assert_eq!(content(r), "请选择：\n1. 电视\n0. 返回");
    // WeChat retries that step: the same answer, nothing moves.
    let (_, r) = post(&w, &signed_query(), say(8002, "1")).await;
    assert_eq!(content(r), "请选择：\n1. 电视\n0. 返回");
    let (status, r) = post(&w, &signed_query(), say(8003, "1")).await;
    assert_eq!((status, r.as_str()), (StatusCode::OK, "success"));
    // The choice routed the chat to the group, with the first words.
    let conv = follower_conversation(&w).await;
    assert_eq!(conv.agent_id, Some(tv.agent_id));
    assert_eq!(conv.group_id, Some(group));
    let history = s
        .conversations
        .history(&Party::Agent(tv.clone()), conv.id, 0)
        .await
        .unwrap();
    let theirs: Vec<&str> = history
        .iter()
        .filter(|m| m.sender == model::chat::Sender::Visitor)
        .map(|m| m.body.as_str())
        .collect();
    assert_eq!(theirs, ["电视坏了"]);
    let routing = s.conversations.routing(&tv, conv.id).await.unwrap();
    assert_eq!(routing.decision.menu_path, ["售前", "电视"]);
}
