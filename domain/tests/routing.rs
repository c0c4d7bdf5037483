//! Routing before the chat against a real database (P1, P2): rules kept
//! and checked, region sets, the decision with live availability and
//! overflow, the console's tester, and navigation menus.

use crate::common;
use crate::common::{agent_with, online_agent, TestEnv};
use domain::routing::region::{xdb, RegionLookup, Xdb};
use domain::Error;
use model::people::{AgentStatus, GroupInput};
use model::routing::{
    Condition, MenuItemInput, MenuTarget, NavMenuInput, OverflowReason, Place, RegionSetInput,
    RouteTarget, RoutingProbe, RoutingRuleInput, TextMatch,
};
use model::Permission;

fn codes(err: Error) -> Vec<(String, String)> {
    match err {
        Error::Invalid(f) => f.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// A database that knows one Shanghai range and one Nanjing range.
async fn env() -> TestEnv {
    let bytes = xdb::write(&[
        (
            "58.32.0.0".parse().unwrap(),
            "58.32.255.255".parse().unwrap(),
            "中国|0|上海|上海市|电信",
        ),
        (
            "180.101.0.0".parse().unwrap(),
            "180.101.255.255".parse().unwrap(),
            "中国|0|江苏省|南京市|电信",
        ),
    ]);
    TestEnv::with_regions(RegionLookup::new(Some(Xdb::from_bytes(bytes).unwrap()))).await
}

async fn group_of(env: &TestEnv, name: &str, members: &[i32]) -> i32 {
    env.services
        .groups
        .create(
            &env.admin,
            GroupInput {
                name: name.into(),
                member_ids: members.to_vec(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id
}

fn landing_rule(name: &str, contains: &str, targets: Vec<RouteTarget>) -> RoutingRuleInput {
    RoutingRuleInput {
        name: name.into(),
        enabled: true,
        conditions: vec![Condition::LandingPage {
            op: TextMatch::Contains,
            value: contains.into(),
        }],
        targets,
    }
}

fn probe(landing: &str) -> RoutingProbe {
    RoutingProbe {
        landing_url: landing.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn rules_take_managing_routing_and_are_checked() {
    let env = env().await;
    let rules = &env.services.routing_rules;
    let plain = online_agent(&env, "plain@example.com", None).await;
    let g = group_of(&env, "Sales", &[]).await;
    let input = landing_rule("Pricing", "/pricing", vec![RouteTarget::Group(g)]);
    assert!(matches!(
        rules.save(&plain, None, input.clone()).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(rules.list(&plain).await, Err(Error::Forbidden)));
    let router = agent_with(&env, "router@example.com", &[Permission::ManageRouting]).await;
    let mut bad = input.clone();
    bad.conditions = vec![Condition::LandingPage {
        op: TextMatch::Regex,
        value: "([a-z".into(),
    }];
    bad.targets = vec![RouteTarget::Group(9999)];
    let got = codes(rules.save(&router, None, bad).await.unwrap_err());
    assert!(
        got.contains(&("conditions.0.value".into(), "invalid_regex".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("targets.0".into(), "not_found".into())),
        "{got:?}"
    );
    assert!(
        rules.list(&router).await.unwrap().is_empty(),
        "nothing stored"
    );

    // Saved rules are tried in order; reordering changes it.
    let first = rules.save(&router, None, input.clone()).await.unwrap();
    let second = rules
        .save(
            &router,
            None,
            landing_rule("Docs", "/docs", vec![RouteTarget::Group(g)]),
        )
        .await
        .unwrap();
    let order =
        |list: Vec<model::routing::RoutingRule>| list.iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(
        order(rules.list(&router).await.unwrap()),
        vec![first.id, second.id]
    );
    let reordered = rules
        .reorder(&router, &[second.id, first.id])
        .await
        .unwrap();
    assert_eq!(order(reordered), vec![second.id, first.id]);
    assert!(
        rules.reorder(&router, &[second.id]).await.is_err(),
        "every rule, once"
    );
    rules.delete(&router, first.id).await.unwrap();
    assert_eq!(order(rules.list(&router).await.unwrap()), vec![second.id]);
}

#[tokio::test]
async fn a_full_or_offline_target_overflows_to_the_next_then_to_the_default() {
    let env = env().await;
    let s = &env.services;
    let away = online_agent(&env, "away@example.com", Some(1)).await;
    s.agents
        .set_status(&away, AgentStatus::Offline)
        .await
        .unwrap();
    let here = online_agent(&env, "here@example.com", Some(1)).await;
    let first = group_of(&env, "First line", &[away.agent_id]).await;
    let second = group_of(&env, "Second line", &[here.agent_id]).await;
    let rule = s
        .routing_rules
        .save(
            &env.admin,
            None,
            landing_rule(
                "Enterprise",
                "/enterprise",
                vec![RouteTarget::Group(first), RouteTarget::Group(second)],
            ),
        )
        .await
        .unwrap();

    let result = s
        .routing_rules
        .probe(&env.admin, probe("https://shop.example/enterprise"))
        .await
        .unwrap();
    let d = result.decision;
    assert_eq!(d.rule_id, Some(rule.id));
    assert_eq!(d.target, Some(RouteTarget::Group(second)));
    assert_eq!(d.target_name.as_deref(), Some("Second line"));
    assert_eq!(d.overflow.len(), 1);
    assert_eq!(
        (d.overflow[0].name.as_str(), d.overflow[0].reason),
        ("First line", OverflowReason::NobodyOnline)
    );

    // The second line's only agent is now full: nobody can take it.
    common::start(&env, "hello").await;
    let d = s
        .routing_rules
        .probe(&env.admin, probe("https://shop.example/enterprise"))
        .await
        .unwrap()
        .decision;
    assert_eq!(d.target, None);
    let reasons: Vec<_> = d.overflow.iter().map(|o| o.reason).collect();
    assert_eq!(
        reasons,
        vec![OverflowReason::NobodyOnline, OverflowReason::AllFull]
    );
    // Another page matches no rule: the link's own target applies.
    let d = s
        .routing_rules
        .probe(&env.admin, probe("https://shop.example/blog"))
        .await
        .unwrap()
        .decision;
    assert_eq!(d, Default::default());
}

#[tokio::test]
async fn the_tester_reads_region_and_referrer() {
    let env = env().await;
    let s = &env.services;
    let agent = online_agent(&env, "east@example.com", None).await;
    let east = s
        .region_sets
        .save(
            &env.admin,
            None,
            RegionSetInput {
                name: "East China".into(),
                places: ["上海", "江苏", "浙江"]
                    .iter()
                    .map(|p| Place {
                        country: "中国".into(),
                        province: (*p).into(),
                        city: String::new(),
                    })
                    .collect(),
            },
        )
        .await
        .unwrap();
    let rule = s
        .routing_rules
        .save(
            &env.admin,
            None,
            RoutingRuleInput {
                name: "East China from Baidu".into(),
                enabled: true,
                conditions: vec![
                    Condition::Region {
                        places: vec![],
                        region_sets: vec![east.id],
                    },
                    Condition::SearchEngine {
                        engines: vec![model::routing::SearchEngine::Baidu],
                    },
                ],
                targets: vec![RouteTarget::Agent(agent.agent_id)],
            },
        )
        .await
        .unwrap();
    let baidu = "https://www.baidu.com/s?wd=%E9%80%80%E6%AC%BE";
    let result = s
        .routing_rules
        .probe(
            &env.admin,
            RoutingProbe {
                ip: "180.101.50.188".into(),
                referrer: baidu.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(result.region, "中国 江苏省 南京市");
    assert_eq!(result.keyword.as_deref(), Some("退款"));
    assert_eq!(result.decision.rule_id, Some(rule.id));
    assert_eq!(
        result.decision.target,
        Some(RouteTarget::Agent(agent.agent_id))
    );
    // An address the database does not know, or a referrer that is no URL,
    // routes by the next rule (here: none), never an error.
    for (ip, referrer) in [
        ("8.8.8.8", baidu),
        ("180.101.50.188", "not a url"),
        ("::1", baidu),
    ] {
        let r = s
            .routing_rules
            .probe(
                &env.admin,
                RoutingProbe {
                    ip: ip.into(),
                    referrer: referrer.into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(r.decision.rule_id, None, "{ip} {referrer}");
    }
    let bad_ip = s.routing_rules.probe(
        &env.admin,
        RoutingProbe {
            ip: "999.1.1.1".into(),
            ..Default::default()
        },
    );
    assert_eq!(
        codes(bad_ip.await.unwrap_err()),
        vec![("ip".into(), "invalid_ip".into())]
    );
    // A set a rule names cannot go.
    let in_use = s.region_sets.delete(&env.admin, east.id).await.unwrap_err();
    assert_eq!(codes(in_use), vec![("id".into(), "in_use".into())]);
}

#[tokio::test]
async fn a_links_menu_is_checked_and_shown_to_visitors() {
    let env = env().await;
    let s = &env.services;
    let sales = group_of(&env, "Enterprise sales", &[]).await;
    let slug = s.links.ensure_default_link().await.unwrap();
    let link = s
        .links
        .list_links(&env.admin)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.slug == slug)
        .unwrap();
    let item = |key: &str, parent: Option<&str>, zh: &str, en: &str, target| MenuItemInput {
        key: key.into(),
        parent: parent.map(str::to_owned),
        label_zh: zh.into(),
        label_en: en.into(),
        target,
    };
    let mut menu = NavMenuInput {
        enabled: true,
        prompt_zh: "请选择".into(),
        prompt_en: "How can we help?".into(),
        items: vec![
            item("sales", None, "销售", "Sales", None),
            item(
                "ent",
                Some("sales"),
                "企业版",
                "Enterprise",
                Some(MenuTarget::Group(sales)),
            ),
            item("bye", None, "其他", "Other", Some(MenuTarget::Rule(424242))),
        ],
    };
    let got = codes(
        s.nav_menus
            .save(&env.admin, link.id, menu.clone())
            .await
            .unwrap_err(),
    );
    assert_eq!(got, vec![("items.2.target".into(), "not_found".into())]);
    assert_eq!(
        s.nav_menus.for_visitor(None).await.unwrap(),
        None,
        "nothing stored"
    );
    menu.items.pop();
    s.nav_menus.save(&env.admin, link.id, menu).await.unwrap();
    let shown = s
        .nav_menus
        .for_visitor(None)
        .await
        .unwrap()
        .expect("a menu");
    assert_eq!(shown.items[0].label("en"), "Sales");
    assert_eq!(
        shown.items[0].children[0].target,
        Some(MenuTarget::Group(sales))
    );
    let plain = online_agent(&env, "plain@example.com", None).await;
    assert!(matches!(
        s.nav_menus.get(&plain, link.id).await,
        Err(Error::Forbidden)
    ));
}

/// A visitor's first message with these start facts: (visitor, conversation).
async fn start_with(env: &TestEnv, start: domain::chat::StartInfo) -> (i64, i64) {
    let (v, _) = common::visitor(env).await;
    let m = env
        .services
        .conversations
        .visitor_send(v, None, "first", "hello", &start)
        .await
        .expect("first message");
    (v, m.conversation_id)
}

#[tokio::test]
async fn a_new_conversation_is_routed_and_the_agent_sees_how() {
    let env = env().await;
    let s = &env.services;
    let offline = online_agent(&env, "night@example.com", None).await;
    s.agents
        .set_status(&offline, AgentStatus::Offline)
        .await
        .unwrap();
    let here = online_agent(&env, "day@example.com", None).await;
    let first = group_of(&env, "Enterprise desk", &[offline.agent_id]).await;
    let overflow = group_of(&env, "Overflow desk", &[here.agent_id]).await;
    let rule = s
        .routing_rules
        .save(
            &env.admin,
            None,
            landing_rule(
                "Enterprise pages",
                "/enterprise",
                vec![RouteTarget::Group(first), RouteTarget::Group(overflow)],
            ),
        )
        .await
        .unwrap();
    let link = s.links.ensure_default_link().await.unwrap();
    let (_, id) = start_with(
        &env,
        domain::chat::StartInfo {
            link: Some(link),
            source_url: Some("https://shop.example/enterprise/quote".into()),
            referrer: Some("https://www.baidu.com/s?wd=%E4%BC%81%E4%B8%9A%E7%89%88".into()),
            ip: Some("58.32.9.9".parse().unwrap()),
            ..Default::default()
        },
    )
    .await;
    let seen = s.conversations.routing(&here, id).await.unwrap();
    assert_eq!(seen.region.as_deref(), Some("中国 上海 上海市"));
    assert_eq!(seen.keyword.as_deref(), Some("企业版"));
    assert_eq!(seen.engine, Some(model::routing::SearchEngine::Baidu));
    assert_eq!(seen.decision.rule_id, Some(rule.id));
    assert_eq!(seen.decision.target, Some(RouteTarget::Group(overflow)));
    assert_eq!(seen.decision.overflow[0].name, "Enterprise desk");
    assert_eq!(
        seen.decision.overflow[0].reason,
        OverflowReason::NobodyOnline
    );
    // It went to the overflow group's agent.
    let mine = s
        .conversations
        .get(&domain::chat::Party::Agent(here.clone()), id)
        .await
        .unwrap();
    assert_eq!(mine.agent_id, Some(here.agent_id));
    assert_eq!(mine.group_id, Some(overflow));
    // Another agent, who may not see the chat, learns nothing of it.
    let other = online_agent(&env, "other@example.com", None).await;
    assert!(matches!(
        s.conversations.routing(&other, id).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn a_menu_choice_sends_the_chat_to_its_group() {
    let env = env().await;
    let s = &env.services;
    let seller = online_agent(&env, "seller@example.com", None).await;
    let _idle = online_agent(&env, "idle@example.com", None).await;
    let sales = group_of(&env, "Enterprise sales", &[seller.agent_id]).await;
    let slug = s.links.ensure_default_link().await.unwrap();
    let link = s
        .links
        .list_links(&env.admin)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.slug == slug)
        .unwrap();
    let item = |key: &str, parent: Option<&str>, zh: &str, en: &str, target| MenuItemInput {
        key: key.into(),
        parent: parent.map(str::to_owned),
        label_zh: zh.into(),
        label_en: en.into(),
        target,
    };
    s.nav_menus
        .save(
            &env.admin,
            link.id,
            NavMenuInput {
                enabled: true,
                prompt_zh: "请选择".into(),
                prompt_en: "How can we help?".into(),
                items: vec![
                    item("sales", None, "销售", "Sales", None),
                    item(
                        "ent",
                        Some("sales"),
                        "企业版",
                        "Enterprise",
                        Some(MenuTarget::Group(sales)),
                    ),
                ],
            },
        )
        .await
        .unwrap();
    // The widget gets the menu with its options, and a choice starts the
    // chat before any message.
    let options = s.availability.visitor_options(Some(&slug)).await.unwrap();
    assert_eq!(options.menu.expect("the menu").items[0].key, "sales");
    let (v, _) = common::visitor(&env).await;
    let choice = domain::chat::StartInfo {
        link: Some(slug.clone()),
        menu_item: Some("ent".into()),
        lang: Some("en".into()),
        ..Default::default()
    };
    let id = s.conversations.visitor_open(v, &choice).await.unwrap().id;
    assert_eq!(
        s.conversations.visitor_open(v, &choice).await.unwrap().id,
        id,
        "the open one again"
    );
    let routing = s.conversations.routing(&seller, id).await.unwrap();
    assert_eq!(routing.decision.menu_path, vec!["Sales", "Enterprise"]);
    assert_eq!(routing.decision.target, Some(RouteTarget::Group(sales)));
    let conv = s
        .conversations
        .get(&domain::chat::Party::Agent(seller.clone()), id)
        .await
        .unwrap();
    assert_eq!(conv.agent_id, Some(seller.agent_id));
    // A key the menu does not have is no error: the link's own target applies.
    let (_, other) = start_with(
        &env,
        domain::chat::StartInfo {
            link: Some(slug),
            menu_item: Some("gone".into()),
            ..Default::default()
        },
    )
    .await;
    let routing = s.conversations.routing(&env.admin, other).await.unwrap();
    assert_eq!(routing.decision, Default::default());
}
