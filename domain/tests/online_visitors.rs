//! Online visitors (W2) and invitations (C2) through the service, as the
//! loader's socket and the workbench use it.

use chrono::Duration;
use domain::online::{SiteConnection, SiteHello};
use domain::test_support::{env, online_agent, start, TestEnv};
use model::online::{InvitationRule, InvitationSettings, InvitationStatus, SiteServerMsg};
use model::routing::TextMatch;

const VID: &str = "browser-0000000001";

async fn arrive(env: &TestEnv, id: &str) -> SiteConnection {
    env.services
        .online
        .connect(SiteHello {
            id: id.into(),
            link: "default".into(),
            user_agent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36".into(),
            lang: "en".into(),
            ..Default::default()
        })
        .await
        .expect("connect")
}

#[tokio::test]
async fn an_agent_sees_the_pages_a_visitor_browses_and_where_they_came_from() {
    let env = env().await;
    let agent = online_agent(&env, "online@example.com", None).await;
    let online = &env.services.online;
    let mut conn = arrive(&env, VID).await;
    let google = "https://www.google.com/search?q=%E5%AE%A2%E6%9C%8D%E7%B3%BB%E7%BB%9F";
    online
        .page_view(&mut conn, "https://shop.example/", "Home", Some(google))
        .await
        .unwrap();
    env.clock.advance(Duration::seconds(40));
    online
        .page_view(
            &mut conn,
            "https://shop.example/pricing",
            "Pricing",
            Some("https://shop.example/"),
        )
        .await
        .unwrap();
    let list = online.list(&agent, "", 0).await.unwrap();
    assert_eq!(list.total, 1);
    let v = &list.visitors[0];
    assert_eq!(
        (v.page.title.as_str(), v.pages, v.visits),
        ("Pricing", 2, 1)
    );
    // The visit's referrer is the first page's, not the site's own.
    assert_eq!(v.keyword.as_deref(), Some("客服系统"));
    assert_eq!(v.browser, "Chrome 120");
    let detail = online.detail(&agent, VID).await.unwrap();
    let titles: Vec<_> = detail.pages.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["Pricing", "Home"]);
    // Search finds by page; nothing else matches.
    assert_eq!(online.list(&agent, "pricing", 0).await.unwrap().total, 1);
    assert_eq!(online.list(&agent, "checkout", 0).await.unwrap().total, 0);
    // Bad reports are refused and change nothing.
    assert!(online
        .page_view(&mut conn, "javascript:alert(1)", "", None)
        .await
        .is_err());
    assert_eq!(online.detail(&agent, VID).await.unwrap().pages.len(), 2);
}

#[tokio::test]
async fn a_visitor_who_comes_back_after_half_an_hour_is_returning() {
    let env = env().await;
    let agent = online_agent(&env, "returning@example.com", None).await;
    let online = &env.services.online;
    let mut conn = arrive(&env, VID).await;
    online
        .page_view(&mut conn, "https://shop.example/", "Home", None)
        .await
        .unwrap();
    drop(conn);
    env.clock.advance(Duration::minutes(31));
    // Gone from the list after the grace period …
    online.list(&agent, "", 0).await.unwrap();
    let _ = online.detail(&agent, VID).await;
    let mut conn = arrive(&env, "browser-0000000002").await;
    online
        .page_view(&mut conn, "https://shop.example/", "Home", None)
        .await
        .unwrap();
    let mut back = {
        // … the registry sweeps once a second; a new socket of the first
        // browser after the gap starts visit 2.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        arrive(&env, VID).await
    };
    online
        .page_view(&mut back, "https://shop.example/blog", "Blog", None)
        .await
        .unwrap();
    let d = online.detail(&agent, VID).await.unwrap();
    assert_eq!((d.visitor.visits, d.visitor.pages), (2, 1));
}

#[tokio::test]
async fn an_agents_invitation_reaches_the_loader_and_its_answer_reaches_the_agent() {
    let env = env().await;
    let agent = online_agent(&env, "inviter@example.com", None).await;
    let online = &env.services.online;
    let mut conn = arrive(&env, VID).await;
    online
        .page_view(&mut conn, "https://shop.example/", "Home", None)
        .await
        .unwrap();
    let sent = online.invite(&agent, VID, "Can I help?").await.unwrap();
    match conn.rx.recv().await.unwrap() {
        SiteServerMsg::Invite {
            id,
            text,
            agent,
            after_secs,
        } => {
            assert_eq!(
                (id.as_str(), text.as_str(), after_secs),
                (sent.id.as_str(), "Can I help?", 0)
            );
            assert!(agent.is_some());
        }
        other => panic!("{other:?}"),
    }
    online.answer(&conn, &sent.id, true);
    let d = online.detail(&agent, VID).await.unwrap();
    assert_eq!(
        d.visitor.invitation.unwrap().status,
        InvitationStatus::Accepted
    );
    // An empty text, or a visitor who has left, is a field error.
    assert!(online.invite(&agent, VID, "  ").await.is_err());
    assert!(online
        .invite(&agent, "browser-nobody-here", "Hi")
        .await
        .is_err());
}

#[tokio::test]
async fn rules_invite_by_themselves_until_the_visitor_declines() {
    let env = env().await;
    let online = &env.services.online;
    online
        .save_invitation_settings(
            &env.admin,
            InvitationSettings {
                enabled: true,
                text_en: "Questions about pricing?".into(),
                rules: vec![InvitationRule {
                    after_seconds: 5,
                    page_op: TextMatch::Contains,
                    page_value: "/pricing".into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let mut conn = arrive(&env, VID).await;
    let home = online
        .page_view(&mut conn, "https://shop.example/", "Home", None)
        .await
        .unwrap();
    assert!(home.is_none());
    let pricing = online
        .page_view(&mut conn, "https://shop.example/pricing", "Pricing", None)
        .await
        .unwrap();
    let Some(SiteServerMsg::Invite {
        id,
        text,
        after_secs,
        agent,
    }) = pricing
    else {
        panic!("no invitation: {pricing:?}");
    };
    assert_eq!(
        (text.as_str(), after_secs, agent),
        ("Questions about pricing?", 5, None)
    );
    online.answer(&conn, &id, false);
    let again = online
        .page_view(
            &mut conn,
            "https://shop.example/pricing?plan=pro",
            "Pro",
            None,
        )
        .await
        .unwrap();
    assert!(again.is_none(), "declined is remembered for the visit");
    // Settings that cannot work are refused with their fields.
    let bad = online
        .save_invitation_settings(
            &env.admin,
            InvitationSettings {
                enabled: true,
                rules: vec![InvitationRule {
                    page_op: TextMatch::Regex,
                    page_value: "(".into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    let text = format!("{bad:?}");
    assert!(
        text.contains("rules.0.page_value") && text.contains("text_en"),
        "{text}"
    );
}

#[tokio::test]
async fn the_list_says_who_is_chatting_once_their_widget_connects() {
    let env = env().await;
    let agent = online_agent(&env, "chatting@example.com", None).await;
    let online = &env.services.online;
    let mut conn = arrive(&env, VID).await;
    online
        .page_view(&mut conn, "https://shop.example/", "Home", None)
        .await
        .unwrap();
    assert!(!online.list(&agent, "", 0).await.unwrap().visitors[0].chatting);
    let (visitor, _) = start(&env, "hello").await;
    online.link_visitor(VID, visitor).await.unwrap();
    let listed = online.list(&agent, "", 0).await.unwrap();
    assert!(listed.visitors[0].chatting);
    assert!(online.detail(&agent, VID).await.unwrap().visitor.chatting);
    // A malformed id from a widget is ignored.
    online.link_visitor("x", visitor).await.unwrap();
}

#[tokio::test]
async fn page_reports_are_rate_limited_per_socket() {
    let env = env().await;
    let online = &env.services.online;
    let mut conn = arrive(&env, VID).await;
    let mut refused = 0;
    for i in 0..40 {
        let url = format!("https://shop.example/p{i}");
        if online.page_view(&mut conn, &url, "", None).await.is_err() {
            refused += 1;
        }
    }
    assert_eq!(refused, 10);
}
