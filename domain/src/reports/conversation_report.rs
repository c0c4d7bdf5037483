//! The conversation report (M3) assembled from facts: the rows of the
//! chosen breakdown (every period of the range, even empty ones, or each
//! agent, group or channel that has conversations), the total, the
//! previous period's total and the first-response bands. Pure.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use chrono_tz::Tz;
use model::reports::{Breakdown, Report, ReportQuery, ReportRow};

use super::period::{bucket, bucket_key, buckets, previous};
use super::summary::{response_bands, summarize};
use crate::entities::conversation_fact::Model as Fact;

/// Names for the agent and group rows.
#[derive(Default)]
pub struct Names {
    pub agents: HashMap<i32, String>,
    pub groups: HashMap<i32, String>,
}

/// The key of the row for conversations without an agent or group.
pub const NONE_KEY: &str = "none";

pub fn build(
    query: &ReportQuery,
    tz: Tz,
    current: &[Fact],
    before: &[Fact],
    names: &Names,
) -> Report {
    let rows = match query.breakdown {
        Breakdown::Time => {
            let mut by: BTreeMap<chrono::NaiveDateTime, Vec<&Fact>> =
                buckets(tz, query.grouping, query.from, query.to)
                    .into_iter()
                    .map(|b| (b, vec![]))
                    .collect();
            for f in current {
                by.entry(bucket(tz, query.grouping, f.started_at))
                    .or_default()
                    .push(f);
            }
            by.into_iter()
                .map(|(start, facts)| {
                    let key = bucket_key(query.grouping, start);
                    ReportRow {
                        label: key.clone(),
                        key,
                        summary: summarize(facts),
                    }
                })
                .collect()
        }
        Breakdown::Agent => by_id(current, |f| f.agent_id, &names.agents),
        Breakdown::Group => by_id(current, |f| f.group_id, &names.groups),
        Breakdown::Channel => {
            let mut by: BTreeMap<&str, Vec<&Fact>> = BTreeMap::new();
            for f in current {
                by.entry(f.channel.as_str()).or_default().push(f);
            }
            by.into_iter()
                .map(|(channel, facts)| ReportRow {
                    key: channel.to_owned(),
                    label: channel.to_owned(),
                    summary: summarize(facts),
                })
                .collect()
        }
    };
    let (previous_from, previous_to) = previous(query.from, query.to);
    Report {
        query: query.clone(),
        time_zone: tz.name().to_owned(),
        total: summarize(current),
        previous_from,
        previous_to,
        previous: summarize(before),
        rows,
        response_bands: response_bands(current),
        rating_levels: vec![],
    }
}

/// One row per agent (or group), busiest first, then by name; the row
/// without one last.
fn by_id(
    facts: &[Fact],
    id: impl Fn(&Fact) -> Option<i32>,
    names: &HashMap<i32, String>,
) -> Vec<ReportRow> {
    let mut by: HashMap<Option<i32>, Vec<&Fact>> = HashMap::new();
    for f in facts {
        by.entry(id(f)).or_default().push(f);
    }
    let mut rows: Vec<(Option<i32>, ReportRow)> = by
        .into_iter()
        .map(|(id, facts)| {
            let row = ReportRow {
                key: id.map_or_else(|| NONE_KEY.to_owned(), |i| i.to_string()),
                label: id
                    .map(|i| names.get(&i).cloned().unwrap_or_else(|| format!("#{i}")))
                    .unwrap_or_default(),
                summary: summarize(facts),
            };
            (id, row)
        })
        .collect();
    rows.sort_by(|(a, x), (b, y)| {
        a.is_none()
            .cmp(&b.is_none())
            .then(y.summary.started.cmp(&x.summary.started))
            .then(x.label.cmp(&y.label))
    });
    rows.into_iter().map(|(_, r)| r).collect()
}

/// The longest range a report covers, and the longest by hour.
pub const MAX_DAYS: i64 = 366;
pub const MAX_HOUR_DAYS: i64 = 31;

/// The problem of a range of days (`from..=to`), if any: a field and a
/// code. Every period question (reports, QA) is checked by it.
pub fn check_days(from: NaiveDate, to: NaiveDate) -> Option<(&'static str, &'static str)> {
    let days = (to - from).num_days() + 1;
    let year = |d: NaiveDate| chrono::Datelike::year(&d);
    if !(2000..=2100).contains(&year(from)) || !(2000..=2100).contains(&year(to)) {
        return Some(("from", "invalid"));
    }
    if days < 1 {
        return Some(("to", "before_from"));
    }
    if days > MAX_DAYS {
        return Some(("to", "too_long"));
    }
    None
}

/// The report's range problem, if any: a field and a code.
pub fn check_range(q: &ReportQuery) -> Option<(&'static str, &'static str)> {
    if let Some(problem) = check_days(q.from, q.to) {
        return Some(problem);
    }
    let days = (q.to - q.from).num_days() + 1;
    if q.grouping == model::reports::Grouping::Hour && days > MAX_HOUR_DAYS {
        return Some(("grouping", "too_fine"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::period::zone;
    use chrono::{TimeZone, Utc};
    use model::reports::Grouping;

    fn fact(id: i64, day: u32, hour: u32, agent: Option<i32>) -> Fact {
        let at = Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap();
        Fact {
            started_at: at,
            agent_id: agent,
            answered: agent.is_some(),
            missed: agent.is_none(),
            ..crate::reports::summary::tests::fact(id)
        }
    }

    fn query(breakdown: Breakdown) -> ReportQuery {
        ReportQuery {
            from: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 3, 8).unwrap(),
            grouping: Grouping::Day,
            breakdown,
            ..Default::default()
        }
    }

    #[test]
    fn every_day_of_the_range_is_a_row_and_rows_add_up_to_the_total() {
        let tz = zone("Asia/Shanghai");
        // 17:00 UTC on the 2nd is 01:00 on the 3rd in Shanghai.
        let facts = [
            fact(1, 2, 3, Some(7)),
            fact(2, 2, 17, Some(7)),
            fact(3, 3, 4, None),
        ];
        let r = build(&query(Breakdown::Time), tz, &facts, &[], &Names::default());
        assert_eq!(r.rows.len(), 7);
        assert_eq!(r.rows[0].key, "2026-03-02");
        let started: Vec<i64> = r.rows.iter().map(|r| r.summary.started).collect();
        assert_eq!(started, vec![1, 2, 0, 0, 0, 0, 0]);
        assert_eq!(r.total.started, 3);
        assert_eq!(r.time_zone, "Asia/Shanghai");
        assert_eq!(
            (r.previous_from, r.previous_to),
            (
                NaiveDate::from_ymd_opt(2026, 2, 23).unwrap(),
                NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
            )
        );
    }

    #[test]
    fn agent_rows_are_named_busiest_first_and_the_unassigned_last() {
        let names = Names {
            agents: HashMap::from([(7, "Li Lei".to_owned()), (8, "Han Meimei".to_owned())]),
            ..Names::default()
        };
        let facts = [
            fact(1, 3, 3, Some(8)),
            fact(2, 3, 4, None),
            fact(3, 3, 5, Some(7)),
            fact(4, 3, 6, Some(7)),
        ];
        let r = build(
            &query(Breakdown::Agent),
            zone("UTC"),
            &facts,
            &facts[..1],
            &names,
        );
        let rows: Vec<(&str, &str, i64)> = r
            .rows
            .iter()
            .map(|r| (r.key.as_str(), r.label.as_str(), r.summary.started))
            .collect();
        assert_eq!(
            rows,
            vec![("7", "Li Lei", 2), ("8", "Han Meimei", 1), ("none", "", 1)]
        );
        assert_eq!((r.total.started, r.previous.started), (4, 1));
    }

    #[test]
    fn a_range_is_checked() {
        let mut q = query(Breakdown::Time);
        assert_eq!(check_range(&q), None);
        q.to = q.from - chrono::Duration::days(1);
        assert_eq!(check_range(&q), Some(("to", "before_from")));
        q.to = q.from + chrono::Duration::days(MAX_DAYS);
        assert_eq!(check_range(&q), Some(("to", "too_long")));
        q.to = q.from + chrono::Duration::days(40);
        q.grouping = Grouping::Hour;
        assert_eq!(check_range(&q), Some(("grouping", "too_fine")));
        q.from = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        assert_eq!(check_range(&q), Some(("from", "invalid")));
    }
}
