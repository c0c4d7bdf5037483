//! Periods in the company's time zone (M3): the instants a range of days
//! covers, the previous period of the same length, and the row a moment
//! falls in when grouped by hour, day, week or month. Pure functions of a
//! `chrono_tz::Tz`, so daylight-saving edges are tested with plain dates.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use model::reports::Grouping;

/// The company's zone by IANA name; an unknown name is UTC.
pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// The first instant of `day` in `tz`. A day that starts inside a
/// daylight-saving gap (clocks jump over midnight) starts when the clocks
/// land.
pub fn day_start(tz: Tz, day: NaiveDate) -> DateTime<Utc> {
    let mut local = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    // Gaps are at most a few hours; step until the local time exists.
    for _ in 0..24 {
        if let Some(t) = tz.from_local_datetime(&local).earliest() {
            return t.with_timezone(&Utc);
        }
        local += Duration::minutes(30);
    }
    local.and_utc()
}

/// `[from 00:00, the day after to 00:00)` in `tz`, as instants.
pub fn range(tz: Tz, from: NaiveDate, to: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let after = to.succ_opt().unwrap_or(to);
    (day_start(tz, from), day_start(tz, after))
}

/// The days just before `from..=to`, as many as it has.
pub fn previous(from: NaiveDate, to: NaiveDate) -> (NaiveDate, NaiveDate) {
    let days = (to - from).num_days().max(0) + 1;
    let prev_to = from.pred_opt().unwrap_or(from);
    (prev_to - Duration::days(days - 1), prev_to)
}

/// A preset's days, ending `today`.
pub fn preset(key: &str, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let first_of_month = today.with_day(1)?;
    Some(match key {
        "today" => (today, today),
        "yesterday" => (today - Duration::days(1), today - Duration::days(1)),
        "last7" => (today - Duration::days(6), today),
        "last30" => (today - Duration::days(29), today),
        "this_month" => (first_of_month, today),
        "last_month" => {
            let end = first_of_month - Duration::days(1);
            (end.with_day(1)?, end)
        }
        _ => return None,
    })
}

/// The local start of the row `at` falls in. Hours are local clock hours:
/// the hour repeated when clocks go back is one row.
pub fn bucket(tz: Tz, grouping: Grouping, at: DateTime<Utc>) -> NaiveDateTime {
    let local = at.with_timezone(&tz).naive_local();
    let date = local.date();
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight exists");
    match grouping {
        Grouping::Hour => midnight(date) + Duration::hours(local.hour().into()),
        Grouping::Day => midnight(date),
        Grouping::Week => {
            midnight(date - Duration::days(date.weekday().num_days_from_monday().into()))
        }
        Grouping::Month => midnight(date.with_day(1).expect("the first exists")),
    }
}

/// The row's key as the table and the CSV show it.
pub fn bucket_key(grouping: Grouping, start: NaiveDateTime) -> String {
    match grouping {
        Grouping::Hour => start.format("%Y-%m-%d %H:00").to_string(),
        Grouping::Day => start.format("%Y-%m-%d").to_string(),
        Grouping::Week => {
            let w = start.date().iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }
        Grouping::Month => start.format("%Y-%m").to_string(),
    }
}

/// Every row from `from` to `to`, so a period without conversations still
/// shows (as zero) and the chart's axis has no holes.
pub fn buckets(tz: Tz, grouping: Grouping, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDateTime> {
    let (start, end) = range(tz, from, to);
    let mut out: Vec<NaiveDateTime> = vec![];
    let mut at = start;
    while at < end {
        let b = bucket(tz, grouping, at);
        if out.last() != Some(&b) {
            out.push(b);
        }
        // Step by the smallest row; a repeated local hour folds into one.
        at += match grouping {
            Grouping::Hour => Duration::hours(1),
            _ => Duration::hours(12),
        };
    }
    out
}

#[cfg(test)]
#[path = "period_tests.rs"]
mod tests;
