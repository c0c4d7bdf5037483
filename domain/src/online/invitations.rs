//! Proactive invitations (C2), the pure part: which automatic rule invites
//! a visitor on their current page, and the checks on the console's
//! settings. The loader counts the seconds on the page; the server only
//! says after how many.

use std::collections::HashMap;

use model::online::{InvitationRule, InvitationSettings, INVITATION_RULES_MAX, INVITE_TEXT_MAX};
use model::routing::{Condition, Place};

use crate::routing::region::Region;
use crate::routing::rule_check::{check_places, check_text, clean_places};
use crate::routing::rules::{condition_holds, VisitorFacts};
use crate::validate::Check;

/// Longest wait a rule may ask for (an hour).
pub const AFTER_SECONDS_MAX: u32 = 3600;

/// What a rule looks at.
#[derive(Debug, Clone, Default)]
pub struct SiteFacts {
    pub page_url: String,
    /// Pages opened this visit, the current one included.
    pub pages: u32,
    pub returning: bool,
    pub region: Region,
}

fn holds(rule: &InvitationRule, facts: &SiteFacts, sets: &HashMap<i32, Vec<Place>>) -> bool {
    // The routing matcher already compares text and places; reuse it.
    let routing = VisitorFacts {
        region: facts.region.clone(),
        landing_url: Some(facts.page_url.clone()),
        ..Default::default()
    };
    let page = rule.page_value.trim().is_empty()
        || condition_holds(
            &Condition::LandingPage {
                op: rule.page_op,
                value: rule.page_value.clone(),
            },
            &routing,
            sets,
        );
    let anywhere = rule.places.is_empty() && rule.region_sets.is_empty();
    let region = anywhere
        || condition_holds(
            &Condition::Region {
                places: rule.places.clone(),
                region_sets: rule.region_sets.clone(),
            },
            &routing,
            sets,
        );
    page && region && facts.pages >= rule.min_pages && (!rule.returning_only || facts.returning)
}

/// After how many seconds on this page the first matching rule invites;
/// none when invitations are off or no rule holds.
pub fn auto_invitation(
    settings: &InvitationSettings,
    facts: &SiteFacts,
    sets: &HashMap<i32, Vec<Place>>,
) -> Option<u32> {
    if !settings.enabled {
        return None;
    }
    settings
        .rules
        .iter()
        .find(|r| holds(r, facts, sets))
        .map(|r| r.after_seconds.min(AFTER_SECONDS_MAX))
}

/// The invitation text in the visitor's language (the other one if that
/// is empty).
pub fn invitation_text<'a>(settings: &'a InvitationSettings, lang: &str) -> &'a str {
    let (first, second) = if lang.starts_with("zh") {
        (&settings.text_zh, &settings.text_en)
    } else {
        (&settings.text_en, &settings.text_zh)
    };
    if first.trim().is_empty() {
        second
    } else {
        first
    }
}

/// The settings as stored: texts trimmed and bounded, rules checked. The
/// field names are the form's (`rules.0.page_value`, …).
pub fn check_settings(check: &mut Check, input: &InvitationSettings) -> InvitationSettings {
    let text_zh = check.optional_text("text_zh", Some(&input.text_zh), INVITE_TEXT_MAX);
    let text_en = check.optional_text("text_en", Some(&input.text_en), INVITE_TEXT_MAX);
    if input.enabled && text_zh.is_none() && text_en.is_none() {
        check.fail("text_en", "required");
    }
    if input.enabled && input.rules.is_empty() {
        check.fail("rules", "required");
    }
    if input.rules.len() > INVITATION_RULES_MAX {
        check.fail("rules", "too_many");
    }
    let rules = input
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let field = |f: &str| format!("rules.{i}.{f}");
            if r.after_seconds > AFTER_SECONDS_MAX {
                check.fail(&field("after_seconds"), "too_large");
            }
            let page_value = if r.page_value.trim().is_empty() {
                String::new()
            } else {
                check_text(check, &field("page_value"), r.page_op, &r.page_value)
            };
            check_places(check, &field("places"), &r.places);
            InvitationRule {
                page_value,
                places: clean_places(&r.places),
                ..r.clone()
            }
        })
        .collect();
    InvitationSettings {
        enabled: input.enabled,
        text_zh: text_zh.unwrap_or_default(),
        text_en: text_en.unwrap_or_default(),
        rules,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::routing::TextMatch;

    fn shanghai() -> Region {
        Region::parse("中国|0|上海|上海市|电信")
    }

    fn settings(rules: Vec<InvitationRule>) -> InvitationSettings {
        InvitationSettings {
            enabled: true,
            text_en: "Need a hand?".into(),
            rules,
            ..Default::default()
        }
    }

    fn facts(url: &str, pages: u32, returning: bool) -> SiteFacts {
        SiteFacts {
            page_url: url.into(),
            pages,
            returning,
            region: shanghai(),
        }
    }

    #[test]
    fn the_first_rule_that_holds_sets_the_wait() {
        let s = settings(vec![
            InvitationRule {
                after_seconds: 5,
                page_op: TextMatch::Contains,
                page_value: "/pricing".into(),
                ..Default::default()
            },
            InvitationRule {
                after_seconds: 30,
                ..Default::default()
            },
        ]);
        let none = HashMap::new();
        let cases = [
            ("https://shop.example/pricing?plan=pro", Some(5)),
            ("https://shop.example/about", Some(30)),
        ];
        for (url, want) in cases {
            assert_eq!(
                auto_invitation(&s, &facts(url, 1, false), &none),
                want,
                "{url}"
            );
        }
    }

    #[test]
    fn pages_returning_and_region_must_all_hold() {
        let rule = InvitationRule {
            after_seconds: 10,
            min_pages: 2,
            returning_only: true,
            places: vec![Place {
                country: "中国".into(),
                province: "上海".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let s = settings(vec![rule]);
        let none = HashMap::new();
        let url = "https://shop.example/";
        assert_eq!(auto_invitation(&s, &facts(url, 2, true), &none), Some(10));
        assert_eq!(auto_invitation(&s, &facts(url, 1, true), &none), None);
        assert_eq!(auto_invitation(&s, &facts(url, 2, false), &none), None);
        let elsewhere = SiteFacts {
            region: Region::default(),
            ..facts(url, 2, true)
        };
        assert_eq!(auto_invitation(&s, &elsewhere, &none), None);
    }

    #[test]
    fn region_sets_name_places_once() {
        let rule = InvitationRule {
            region_sets: vec![7],
            ..Default::default()
        };
        let s = settings(vec![rule]);
        let sets = HashMap::from([(
            7,
            vec![Place {
                country: "中国".into(),
                province: "上海市".into(),
                ..Default::default()
            }],
        )]);
        let f = facts("https://shop.example/", 1, false);
        assert_eq!(auto_invitation(&s, &f, &sets), Some(0));
        assert_eq!(auto_invitation(&s, &f, &HashMap::new()), None);
    }

    #[test]
    fn nothing_invites_while_invitations_are_off() {
        let mut s = settings(vec![InvitationRule::default()]);
        s.enabled = false;
        let f = facts("https://shop.example/", 1, false);
        assert_eq!(auto_invitation(&s, &f, &HashMap::new()), None);
    }

    #[test]
    fn the_text_falls_back_to_the_other_language() {
        let mut s = settings(vec![]);
        assert_eq!(invitation_text(&s, "zh-CN"), "Need a hand?");
        s.text_zh = "需要帮忙吗？".into();
        assert_eq!(invitation_text(&s, "zh-CN"), "需要帮忙吗？");
        assert_eq!(invitation_text(&s, "en"), "Need a hand?");
    }

    #[test]
    fn bad_settings_name_their_fields() {
        let input = InvitationSettings {
            enabled: true,
            rules: vec![InvitationRule {
                after_seconds: AFTER_SECONDS_MAX + 1,
                page_op: TextMatch::Regex,
                page_value: "([".into(),
                places: vec![Place::default()],
                ..Default::default()
            }],
            ..Default::default()
        };
        let mut check = Check::new();
        check_settings(&mut check, &input);
        for field in [
            "text_en",
            "rules.0.after_seconds",
            "rules.0.page_value",
            "rules.0.places",
        ] {
            assert!(check.has(field), "{field}");
        }
    }
}
