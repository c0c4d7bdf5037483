//! Table-driven tests of the rule matcher: each condition kind on its own,
//! rule order, and overflow down the target list to the default.

use std::collections::HashMap;

use chrono::TimeZone;
use model::automation::WorkingHours;
use model::routing::{
    Condition, OverflowReason, Place, RouteTarget, RoutingRule, SearchEngine, TextMatch,
};

use super::*;
use crate::routing::referrer;

fn place(country: &str, province: &str, city: &str) -> Place {
    Place {
        country: country.into(),
        province: province.into(),
        city: city.into(),
    }
}

fn facts() -> VisitorFacts {
    VisitorFacts {
        channel: "web".into(),
        region: Region::parse("中国|0|江苏省|南京市|电信"),
        referrer: referrer::parse(
            "https://www.baidu.com/s?wd=%E9%80%80%E6%AC%BE%20%E6%B5%81%E7%A8%8B",
        ),
        landing_url: Some("https://shop.example.com/pricing/enterprise?utm=ad".into()),
        tag_ids: vec![7],
        // Wednesday 2026-11-25 10:00 in Beijing.
        now: Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap(),
    }
}

fn sets() -> HashMap<i32, Vec<Place>> {
    // "East China": Shanghai, Jiangsu, Zhejiang.
    HashMap::from([(
        1,
        vec![
            place("中国", "上海", ""),
            place("中国", "江苏", ""),
            place("中国", "浙江", ""),
        ],
    )])
}

fn hours(start: &str, end: &str) -> WorkingHours {
    WorkingHours {
        enabled: true,
        days: vec![1, 2, 3, 4, 5],
        start: start.into(),
        end: end.into(),
        utc_offset_mins: 480,
    }
}

fn text(kind: &str, op: TextMatch, value: &str) -> Condition {
    let value = value.to_owned();
    match kind {
        "keyword" => Condition::SearchKeyword { op, value },
        "domain" => Condition::ReferrerDomain { op, value },
        _ => Condition::LandingPage { op, value },
    }
}

#[test]
fn each_condition_kind_holds_or_not() {
    use TextMatch::*;
    let f = facts();
    let cases: Vec<(&str, Condition, bool)> = vec![
        (
            "channel web",
            Condition::Channel {
                channels: vec!["web".into()],
            },
            true,
        ),
        (
            "channel app",
            Condition::Channel {
                channels: vec!["app".into(), "wechat".into()],
            },
            false,
        ),
        (
            "province without its suffix",
            Condition::Region {
                places: vec![place("中国", "江苏", "")],
                region_sets: vec![],
            },
            true,
        ),
        (
            "city with its suffix",
            Condition::Region {
                places: vec![place("中国", "江苏省", "南京市")],
                region_sets: vec![],
            },
            true,
        ),
        (
            "another city",
            Condition::Region {
                places: vec![place("中国", "江苏", "苏州")],
                region_sets: vec![],
            },
            false,
        ),
        (
            "the country",
            Condition::Region {
                places: vec![place("中国", "", "")],
                region_sets: vec![],
            },
            true,
        ),
        (
            "region set East China",
            Condition::Region {
                places: vec![],
                region_sets: vec![1],
            },
            true,
        ),
        (
            "unknown region set",
            Condition::Region {
                places: vec![],
                region_sets: vec![9],
            },
            false,
        ),
        (
            "any search engine",
            Condition::SearchEngine { engines: vec![] },
            true,
        ),
        (
            "Baidu",
            Condition::SearchEngine {
                engines: vec![SearchEngine::Baidu, SearchEngine::Sogou],
            },
            true,
        ),
        (
            "Google only",
            Condition::SearchEngine {
                engines: vec![SearchEngine::Google],
            },
            false,
        ),
        ("keyword contains", text("keyword", Contains, "退款"), true),
        ("keyword equals", text("keyword", Equals, "退款 流程"), true),
        ("keyword regex", text("keyword", Regex, "^退(款|货)"), true),
        (
            "keyword absent word",
            text("keyword", Contains, "发票"),
            false,
        ),
        (
            "referrer equals (www. dropped)",
            text("domain", Equals, "https://www.baidu.com/"),
            true,
        ),
        ("referrer contains", text("domain", Contains, "baidu"), true),
        (
            "referrer another",
            text("domain", Equals, "zhihu.com"),
            false,
        ),
        (
            "landing contains, any case",
            text("landing", Contains, "/PRICING/"),
            true,
        ),
        (
            "landing equals",
            text(
                "landing",
                Equals,
                "https://shop.example.com/pricing/enterprise?utm=ad",
            ),
            true,
        ),
        (
            "landing equals another",
            text("landing", Equals, "https://shop.example.com/"),
            false,
        ),
        (
            "landing regex",
            text("landing", Regex, r"/pricing/(team|enterprise)\b"),
            true,
        ),
        (
            "landing broken regex",
            text("landing", Regex, "(unclosed"),
            false,
        ),
        (
            "tag carried",
            Condition::CustomerTag {
                tag_ids: vec![3, 7],
            },
            true,
        ),
        (
            "tag not carried",
            Condition::CustomerTag { tag_ids: vec![3] },
            false,
        ),
        (
            "inside hours",
            Condition::Hours {
                hours: hours("09:00", "18:00"),
                inside: true,
            },
            true,
        ),
        (
            "outside hours",
            Condition::Hours {
                hours: hours("09:00", "18:00"),
                inside: false,
            },
            false,
        ),
        (
            "inside night hours",
            Condition::Hours {
                hours: hours("20:00", "08:00"),
                inside: true,
            },
            false,
        ),
    ];
    for (name, condition, expected) in cases {
        assert_eq!(condition_holds(&condition, &f, &sets()), expected, "{name}");
    }
}

#[test]
fn what_the_visitor_lacks_never_matches() {
    let none = VisitorFacts {
        channel: "web".into(),
        now: facts().now,
        ..Default::default()
    };
    let lacking = [
        Condition::Region {
            places: vec![place("中国", "", "")],
            region_sets: vec![1],
        },
        Condition::SearchEngine { engines: vec![] },
        text("keyword", TextMatch::Contains, ""),
        text("domain", TextMatch::Contains, ""),
        text("landing", TextMatch::Regex, ".*"),
        Condition::CustomerTag { tag_ids: vec![7] },
    ];
    for c in lacking {
        assert!(!condition_holds(&c, &none, &sets()), "{c:?}");
    }
}

fn rule(id: i32, conditions: Vec<Condition>, targets: Vec<RouteTarget>) -> RoutingRule {
    RoutingRule {
        id,
        name: format!("rule {id}"),
        enabled: true,
        conditions,
        targets,
    }
}

/// Groups 1 (offline), 2 (full), 3 (available); 4 is gone; agent 9 available.
fn availability(target: RouteTarget) -> TargetInfo {
    let state = match target {
        RouteTarget::Group(1) => TargetState::NobodyOnline,
        RouteTarget::Group(2) => TargetState::AllFull,
        RouteTarget::Group(3) | RouteTarget::Agent(9) => TargetState::Available,
        _ => TargetState::Gone,
    };
    TargetInfo {
        state,
        name: format!("{target:?}"),
    }
}

#[test]
fn the_first_matching_enabled_rule_decides() {
    use RouteTarget::*;
    let mut disabled = rule(1, vec![], vec![Agent(9)]);
    disabled.enabled = false;
    let rules = vec![
        disabled,
        rule(
            2,
            vec![Condition::Channel {
                channels: vec!["app".into()],
            }],
            vec![Group(3)],
        ),
        rule(
            3,
            vec![
                Condition::Region {
                    places: vec![],
                    region_sets: vec![1],
                },
                text("landing", TextMatch::Contains, "pricing"),
            ],
            vec![Group(3)],
        ),
        rule(4, vec![], vec![Agent(9)]),
    ];
    let d = decide(&facts(), &rules, &sets(), true, &availability);
    assert_eq!((d.rule_id, d.target), (Some(3), Some(Group(3))));
    assert!(d.overflow.is_empty());
    // With none matching, the link's own target applies.
    let d = decide(&facts(), &rules[..3], &HashMap::new(), true, &availability);
    assert_eq!(d, RoutingDecision::default());
}

#[test]
fn overflow_flows_down_the_targets_then_to_the_default() {
    use RouteTarget::*;
    let cases: Vec<(Vec<RouteTarget>, Option<RouteTarget>, Vec<OverflowReason>)> = vec![
        (vec![Group(3)], Some(Group(3)), vec![]),
        // The first is full: the second takes it.
        (
            vec![Group(2), Group(3)],
            Some(Group(3)),
            vec![OverflowReason::AllFull],
        ),
        (
            vec![Group(1), Group(4), Agent(9)],
            Some(Agent(9)),
            vec![OverflowReason::NobodyOnline, OverflowReason::Gone],
        ),
        // Nobody can: no target, every step kept, the default applies.
        (
            vec![Group(1), Group(2)],
            None,
            vec![OverflowReason::NobodyOnline, OverflowReason::AllFull],
        ),
    ];
    for (targets, expected, reasons) in cases {
        let d = decide(
            &facts(),
            &[rule(5, vec![], targets.clone())],
            &sets(),
            true,
            &availability,
        );
        assert_eq!(d.rule_id, Some(5));
        assert_eq!(d.target, expected, "{targets:?}");
        let got: Vec<OverflowReason> = d.overflow.iter().map(|s| s.reason).collect();
        assert_eq!(got, reasons, "{targets:?}");
        assert_eq!(d.target_name.is_some(), expected.is_some());
    }
}

#[test]
fn outside_working_hours_every_target_overflows() {
    use RouteTarget::*;
    let d = decide(
        &facts(),
        &[rule(6, vec![], vec![Group(3), Group(4)])],
        &sets(),
        false,
        &availability,
    );
    assert_eq!(d.target, None);
    let got: Vec<OverflowReason> = d.overflow.iter().map(|s| s.reason).collect();
    assert_eq!(
        got,
        vec![OverflowReason::OutsideHours, OverflowReason::Gone]
    );
    assert_eq!(d.overflow[0].name, "Group(3)");
}

#[test]
fn place_names_agree_without_suffixes() {
    assert_eq!(place_key("江苏省"), "江苏");
    assert_eq!(place_key("上海市"), "上海");
    assert_eq!(place_key("广西壮族自治区"), "广西");
    assert_eq!(place_key("新疆维吾尔自治区"), "新疆");
    assert_eq!(place_key("香港特别行政区"), "香港");
    // A name that is only a suffix and a letter keeps it.
    assert_eq!(place_key("沙市"), "沙市");
    assert_eq!(place_key(" Japan "), "japan");
}
