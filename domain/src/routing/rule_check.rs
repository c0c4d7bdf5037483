//! Checking a routing rule before it is stored (P2), pure: every problem is
//! a field error naming its place (`conditions.2.value`, `targets.0`), so
//! the console shows it beside the right row.

use std::collections::HashSet;

use model::routing::{
    Condition, Place, RouteTarget, RoutingRuleInput, TextMatch, CONDITIONS_MAX,
    CONDITION_VALUE_MAX, PLACES_MAX, RULE_NAME_MAX, TARGETS_MAX,
};

use super::hours::parse_time;
use super::rules::compile_pattern;
use crate::error::Result;
use crate::validate::Check;

/// The channels a conversation can have.
pub const CHANNELS: [&str; 4] = ["web", "app", "wechat", "weibo"];

/// What exists, for checking the ids a rule names.
#[derive(Debug, Default, Clone)]
pub struct Known {
    pub groups: HashSet<i32>,
    /// Enabled agents.
    pub agents: HashSet<i32>,
    pub region_sets: HashSet<i32>,
    pub tags: HashSet<i32>,
}

/// The rule with trimmed text, or every problem with it.
pub fn check_rule(input: &RoutingRuleInput, known: &Known) -> Result<RoutingRuleInput> {
    let mut check = Check::new();
    let name = check.required_text("name", &input.name, RULE_NAME_MAX);
    if input.conditions.len() > CONDITIONS_MAX {
        check.fail("conditions", "too_many");
    }
    let mut conditions = Vec::with_capacity(input.conditions.len());
    for (i, c) in input.conditions.iter().enumerate() {
        conditions.push(check_condition(
            &mut check,
            &format!("conditions.{i}"),
            c,
            known,
        ));
    }
    if input.targets.is_empty() {
        check.fail("targets", "required");
    } else if input.targets.len() > TARGETS_MAX {
        check.fail("targets", "too_many");
    }
    let mut seen = HashSet::new();
    for (i, t) in input.targets.iter().enumerate() {
        let field = format!("targets.{i}");
        let exists = match t {
            RouteTarget::Group(g) => known.groups.contains(g),
            RouteTarget::Agent(a) => known.agents.contains(a),
        };
        if !exists {
            check.fail(&field, "not_found");
        } else if !seen.insert(*t) {
            check.fail(&field, "duplicate");
        }
    }
    check.finish()?;
    Ok(RoutingRuleInput {
        name,
        enabled: input.enabled,
        conditions,
        targets: input.targets.clone(),
    })
}

fn check_condition(check: &mut Check, at: &str, c: &Condition, known: &Known) -> Condition {
    let field = |name: &str| format!("{at}.{name}");
    let value_field = field("value");
    match c {
        Condition::SearchKeyword { op, value } => Condition::SearchKeyword {
            op: *op,
            value: check_text(check, &value_field, *op, value),
        },
        Condition::ReferrerDomain { op, value } => Condition::ReferrerDomain {
            op: *op,
            value: check_text(check, &value_field, *op, value),
        },
        Condition::LandingPage { op, value } => Condition::LandingPage {
            op: *op,
            value: check_text(check, &value_field, *op, value),
        },
        Condition::Channel { channels } => {
            if channels.is_empty() {
                check.fail(&field("channels"), "required");
            } else if channels.iter().any(|ch| !CHANNELS.contains(&ch.as_str())) {
                check.fail(&field("channels"), "invalid");
            }
            c.clone()
        }
        Condition::Region {
            places,
            region_sets,
        } => {
            if places.is_empty() && region_sets.is_empty() {
                check.fail(&field("places"), "required");
            }
            check_places(check, &field("places"), places);
            if region_sets.iter().any(|s| !known.region_sets.contains(s)) {
                check.fail(&field("region_sets"), "not_found");
            }
            Condition::Region {
                places: clean_places(places),
                region_sets: region_sets.clone(),
            }
        }
        Condition::SearchEngine { .. } => c.clone(),
        Condition::CustomerTag { tag_ids } => {
            if tag_ids.is_empty() {
                check.fail(&field("tag_ids"), "required");
            } else if tag_ids.iter().any(|t| !known.tags.contains(t)) {
                check.fail(&field("tag_ids"), "not_found");
            }
            c.clone()
        }
        Condition::Hours { hours, .. } => {
            if parse_time(&hours.start).is_none() {
                check.fail(&field("start"), "invalid_time");
            }
            if parse_time(&hours.end).is_none() {
                check.fail(&field("end"), "invalid_time");
            }
            if hours.days.is_empty() || hours.days.iter().any(|d| !(1..=7).contains(d)) {
                check.fail(&field("days"), "required");
            }
            if !(-720..=840).contains(&hours.utc_offset_mins) {
                check.fail(&field("utc_offset_mins"), "too_large");
            }
            c.clone()
        }
    }
}

/// A condition's text: required, bounded, and a pattern that compiles.
pub(crate) fn check_text(check: &mut Check, field: &str, op: TextMatch, value: &str) -> String {
    let value = value.trim();
    if value.is_empty() {
        check.fail(field, "required");
    } else if value.chars().count() > CONDITION_VALUE_MAX {
        check.fail(field, "too_long");
    } else if op == TextMatch::Regex && compile_pattern(value).is_err() {
        check.fail(field, "invalid_regex");
    }
    value.to_owned()
}

/// Places: at most [`PLACES_MAX`], each with a country, parts short.
pub fn check_places(check: &mut Check, field: &str, places: &[Place]) {
    if places.len() > PLACES_MAX {
        check.fail(field, "too_many");
    }
    for p in places {
        if p.country.trim().is_empty() {
            check.fail(field, "country_required");
        }
        if [&p.country, &p.province, &p.city]
            .iter()
            .any(|s| s.chars().count() > 40)
        {
            check.fail(field, "too_long");
        }
    }
}

pub fn clean_places(places: &[Place]) -> Vec<Place> {
    places
        .iter()
        .map(|p| Place {
            country: p.country.trim().to_owned(),
            province: p.province.trim().to_owned(),
            city: p.city.trim().to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use model::automation::WorkingHours;

    use super::*;
    use crate::Error;

    fn known() -> Known {
        Known {
            groups: HashSet::from([1, 2]),
            agents: HashSet::from([5]),
            region_sets: HashSet::from([3]),
            tags: HashSet::from([8]),
        }
    }

    fn codes(input: &RoutingRuleInput) -> Vec<(String, String)> {
        match check_rule(input, &known()) {
            Err(Error::Invalid(f)) => f.into_iter().map(|e| (e.field, e.code)).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    fn rule(conditions: Vec<Condition>, targets: Vec<RouteTarget>) -> RoutingRuleInput {
        RoutingRuleInput {
            name: "Enterprise pages".into(),
            enabled: true,
            conditions,
            targets,
        }
    }

    #[test]
    fn a_good_rule_is_kept_trimmed() {
        let input = rule(
            vec![Condition::LandingPage {
                op: TextMatch::Regex,
                value: "  /pricing/(team|enterprise)  ".into(),
            }],
            vec![RouteTarget::Group(1), RouteTarget::Agent(5)],
        );
        let clean = check_rule(&input, &known()).unwrap();
        assert_eq!(
            clean.conditions[0],
            Condition::LandingPage {
                op: TextMatch::Regex,
                value: "/pricing/(team|enterprise)".into()
            }
        );
    }

    #[test]
    fn each_problem_names_its_row() {
        let input = RoutingRuleInput {
            name: " ".into(),
            enabled: true,
            conditions: vec![
                Condition::LandingPage {
                    op: TextMatch::Regex,
                    value: "(unclosed".into(),
                },
                Condition::Channel {
                    channels: vec!["fax".into()],
                },
                Condition::Region {
                    places: vec![],
                    region_sets: vec![9],
                },
                Condition::CustomerTag { tag_ids: vec![] },
                Condition::Hours {
                    hours: WorkingHours {
                        start: "25:00".into(),
                        ..Default::default()
                    },
                    inside: true,
                },
                Condition::SearchKeyword {
                    op: TextMatch::Contains,
                    value: "x".repeat(501),
                },
            ],
            targets: vec![
                RouteTarget::Group(1),
                RouteTarget::Group(7),
                RouteTarget::Group(1),
            ],
        };
        let got = codes(&input);
        for want in [
            ("name", "required"),
            ("conditions.0.value", "invalid_regex"),
            ("conditions.1.channels", "invalid"),
            ("conditions.2.region_sets", "not_found"),
            ("conditions.3.tag_ids", "required"),
            ("conditions.4.start", "invalid_time"),
            ("conditions.5.value", "too_long"),
            ("targets.1", "not_found"),
            ("targets.2", "duplicate"),
        ] {
            assert!(
                got.contains(&(want.0.into(), want.1.into())),
                "{want:?} in {got:?}"
            );
        }
        assert_eq!(
            codes(&rule(vec![], vec![])),
            vec![("targets".into(), "required".into())]
        );
    }
}
