//! A WeChat account's content (C4) over HTTP: keyword replies with news
//! cards, the custom menu through WeChat's menu API, the navigation menu
//! as numbered text, and the access token under concurrent use; wechatpy
//! reads the replies, the stand-in plays WeChat's API.

use crate::common::wechat::*;
use crate::common::*;
use domain::chat::Party;
use model::channels::{KeywordReplyInput, WechatMode};
use reqwest::StatusCode;
use serde_json::json;

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
