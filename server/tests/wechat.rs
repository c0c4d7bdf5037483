//! The WeChat channel (C4) end to end over HTTP, with wechatpy playing
//! WeChat: it signs and encrypts the callbacks our server must accept and
//! decrypts the passive replies it sends back; a local stand-in plays
//! WeChat's API (tokens, customer-service messages, media).

use crate::common::wechat::*;
use crate::common::*;
use domain::chat::Party;
use model::channels::{DeliveryState, WechatMode};
use reqwest::StatusCode;
use serde_json::json;

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
    let delivery = delivery_of(&w.server, &agent, conv.id, sent.seq).await;
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
    let delivery = delivery_of(&w.server, &agent, conv.id, late.seq).await;
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
        delivery_of(&w.server, &agent, conv.id, again.seq)
            .await
            .state,
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
