//! The routing rule matcher (P2), pure: the first enabled rule whose
//! conditions all hold for the visitor decides, and its targets are tried in
//! order until one can take the chat. Table-driven tests below; the service
//! (`routing::rule_store`) loads rules, facts and availability around it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use model::routing::{
    Condition, OverflowReason, OverflowStep, Place, RouteTarget, RoutingDecision, RoutingRule,
    TextMatch,
};
use regex::{Regex, RegexBuilder};

use super::hours::is_open;
use super::referrer::Referrer;
use super::region::Region;

/// Largest compiled pattern a landing-page or keyword regex may make.
const REGEX_SIZE_LIMIT: usize = 256 * 1024;

/// What is known of a visitor when their conversation starts.
#[derive(Debug, Clone, Default)]
pub struct VisitorFacts {
    pub channel: String,
    pub region: Region,
    pub referrer: Referrer,
    pub landing_url: Option<String>,
    pub tag_ids: Vec<i32>,
    pub now: DateTime<Utc>,
}

/// Whether a target can take a chat now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetState {
    Available,
    NobodyOnline,
    AllFull,
    Gone,
}

/// A target's state and its name, as the service found them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetInfo {
    pub state: TargetState,
    pub name: String,
}

/// A rule's text pattern, compiled: letter case never matters.
pub fn compile_pattern(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
}

fn text_matches(op: TextMatch, pattern: &str, text: Option<&str>) -> bool {
    let Some(text) = text else {
        return false;
    };
    match op {
        TextMatch::Contains => text.to_lowercase().contains(&pattern.trim().to_lowercase()),
        TextMatch::Equals => text.trim().eq_ignore_ascii_case(pattern.trim()),
        // A pattern that no longer compiles matches nothing (saving checks it).
        TextMatch::Regex => compile_pattern(pattern).is_ok_and(|re| re.is_match(text)),
    }
}

/// A place or region name as compared: no administrative suffix, no case.
/// "江苏省" and "江苏", "上海市" and "上海", "广西壮族自治区" and "广西" agree.
pub fn place_key(name: &str) -> String {
    const SUFFIXES: [&str; 8] = [
        "维吾尔自治区",
        "壮族自治区",
        "回族自治区",
        "特别行政区",
        "自治区",
        "自治州",
        "省",
        "市",
    ];
    let mut name = name.trim().to_lowercase();
    for s in SUFFIXES {
        if name.chars().count() > s.chars().count() + 1 && name.ends_with(s) {
            name.truncate(name.len() - s.len());
            break;
        }
    }
    name
}

/// Is `region` in `place`? An unknown region is in no place.
pub fn in_place(region: &Region, place: &Place) -> bool {
    let part =
        |want: &str, have: &str| want.trim().is_empty() || place_key(want) == place_key(have);
    region.is_known()
        && !place.country.trim().is_empty()
        && part(&place.country, &region.country)
        && part(&place.province, &region.province)
        && part(&place.city, &region.city)
}

/// The bare host of a domain as an admin may type it: no scheme, path or `www.`.
fn domain_key(value: &str) -> String {
    let v = value.trim().to_lowercase();
    let v = v.split("://").last().unwrap_or_default();
    let v = v.split(['/', '?', '#']).next().unwrap_or_default();
    v.strip_prefix("www.").unwrap_or(v).to_owned()
}

/// Does one condition hold for the visitor? `sets` holds the places of
/// every region set by id.
pub fn condition_holds(
    condition: &Condition,
    facts: &VisitorFacts,
    sets: &HashMap<i32, Vec<Place>>,
) -> bool {
    match condition {
        Condition::Channel { channels } => channels.contains(&facts.channel),
        Condition::Region {
            places,
            region_sets,
        } => {
            let in_sets = region_sets.iter().filter_map(|id| sets.get(id)).flatten();
            places
                .iter()
                .chain(in_sets)
                .any(|p| in_place(&facts.region, p))
        }
        Condition::SearchEngine { engines } => match facts.referrer.engine {
            Some(e) => engines.is_empty() || engines.contains(&e),
            None => false,
        },
        Condition::SearchKeyword { op, value } => {
            text_matches(*op, value, facts.referrer.keyword.as_deref())
        }
        Condition::ReferrerDomain { op, value } => match op {
            TextMatch::Equals => facts
                .referrer
                .domain
                .as_deref()
                .is_some_and(|d| d == domain_key(value)),
            _ => text_matches(*op, value, facts.referrer.domain.as_deref()),
        },
        Condition::LandingPage { op, value } => {
            text_matches(*op, value, facts.landing_url.as_deref())
        }
        Condition::CustomerTag { tag_ids } => tag_ids.iter().any(|t| facts.tag_ids.contains(t)),
        Condition::Hours { hours, inside } => {
            let mut hours = hours.clone();
            hours.enabled = true;
            is_open(&hours, facts.now) == *inside
        }
    }
}

/// The first enabled rule whose conditions all hold.
pub fn first_match<'a>(
    facts: &VisitorFacts,
    rules: &'a [RoutingRule],
    sets: &HashMap<i32, Vec<Place>>,
) -> Option<&'a RoutingRule> {
    rules
        .iter()
        .find(|r| r.enabled && r.conditions.iter().all(|c| condition_holds(c, facts, sets)))
}

/// The routing decision: the matched rule, the first of its targets that
/// can take the chat, and the ones passed over on the way. `team_open` is
/// false outside working hours, when no target can take a chat. Without a
/// matching rule, or when every target overflows, the decision has no
/// target and the link's own target and default apply.
pub fn decide(
    facts: &VisitorFacts,
    rules: &[RoutingRule],
    sets: &HashMap<i32, Vec<Place>>,
    team_open: bool,
    availability: &dyn Fn(RouteTarget) -> TargetInfo,
) -> RoutingDecision {
    let Some(rule) = first_match(facts, rules, sets) else {
        return RoutingDecision::default();
    };
    let mut decision = RoutingDecision {
        rule_id: Some(rule.id),
        rule_name: Some(rule.name.clone()),
        ..Default::default()
    };
    for target in &rule.targets {
        let info = availability(*target);
        let reason = match info.state {
            TargetState::Gone => OverflowReason::Gone,
            _ if !team_open => OverflowReason::OutsideHours,
            TargetState::Available => {
                decision.target = Some(*target);
                decision.target_name = Some(info.name);
                return decision;
            }
            TargetState::NobodyOnline => OverflowReason::NobodyOnline,
            TargetState::AllFull => OverflowReason::AllFull,
        };
        decision.overflow.push(OverflowStep {
            target: *target,
            name: info.name,
            reason,
        });
    }
    decision
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
