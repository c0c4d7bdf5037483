use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn a_day_in_shanghai_starts_at_sixteen_hundred_utc_the_day_before() {
    let tz = zone("Asia/Shanghai");
    let (start, end) = range(tz, d(2026, 3, 1), d(2026, 3, 7));
    assert_eq!(start, utc("2026-02-28T16:00:00Z"));
    assert_eq!(end, utc("2026-03-07T16:00:00Z"));
    // 23:30 UTC on 1 March is already 2 March there.
    let late = utc("2026-03-01T23:30:00Z");
    assert_eq!(
        bucket_key(Grouping::Day, bucket(tz, Grouping::Day, late)),
        "2026-03-02"
    );
}

#[test]
fn an_unknown_zone_is_utc() {
    assert_eq!(zone("Mars/Olympus"), Tz::UTC);
    assert_eq!(
        day_start(zone(""), d(2026, 3, 1)),
        utc("2026-03-01T00:00:00Z")
    );
}

#[test]
fn the_day_clocks_spring_forward_has_23_hours_and_the_one_they_fall_back_25() {
    let tz = zone("America/New_York");
    let (start, end) = range(tz, d(2026, 3, 8), d(2026, 3, 8));
    assert_eq!((end - start).num_hours(), 23);
    let (start, end) = range(tz, d(2026, 11, 1), d(2026, 11, 1));
    assert_eq!((end - start).num_hours(), 25);
    // Hour rows: 02:00 is skipped in March, 01:00 is one row in November.
    let march = buckets(tz, Grouping::Hour, d(2026, 3, 8), d(2026, 3, 8));
    assert_eq!(march.len(), 23);
    assert!(!march.iter().any(|h| h.format("%H").to_string() == "02"));
    let november = buckets(tz, Grouping::Hour, d(2026, 11, 1), d(2026, 11, 1));
    assert_eq!(november.len(), 24);
    let first = utc("2026-11-01T05:30:00Z"); // 01:30 EDT
    let second = utc("2026-11-01T06:30:00Z"); // 01:30 EST
    assert_eq!(
        bucket(tz, Grouping::Hour, first),
        bucket(tz, Grouping::Hour, second)
    );
    // Day rows across the change: one per day.
    assert_eq!(
        buckets(tz, Grouping::Day, d(2026, 10, 31), d(2026, 11, 2)).len(),
        3
    );
}

#[test]
fn a_day_whose_midnight_does_not_exist_starts_when_the_clocks_land() {
    // Chile moved its clocks from 00:00 to 01:00 on 8 September 2019.
    let tz = zone("America/Santiago");
    assert_eq!(day_start(tz, d(2019, 9, 8)), utc("2019-09-08T04:00:00Z"));
    let (start, end) = range(tz, d(2019, 9, 8), d(2019, 9, 8));
    assert_eq!((end - start).num_hours(), 23);
}

#[test]
fn weeks_start_on_monday_and_months_on_the_first() {
    let tz = zone("UTC");
    // Sunday 8 March 2026 is in the week of Monday 2 March (ISO week 10).
    let sunday = utc("2026-03-08T12:00:00Z");
    let week = bucket(tz, Grouping::Week, sunday);
    assert_eq!(week.date(), d(2026, 3, 2));
    assert_eq!(bucket_key(Grouping::Week, week), "2026-W10");
    let month = bucket(tz, Grouping::Month, sunday);
    assert_eq!(bucket_key(Grouping::Month, month), "2026-03");
    assert_eq!(
        bucket_key(Grouping::Hour, bucket(tz, Grouping::Hour, sunday)),
        "2026-03-08 12:00"
    );
    assert_eq!(
        buckets(tz, Grouping::Week, d(2026, 3, 1), d(2026, 3, 31)).len(),
        6
    );
    assert_eq!(
        buckets(tz, Grouping::Month, d(2026, 1, 15), d(2026, 3, 1)).len(),
        3
    );
}

#[test]
fn the_previous_period_has_as_many_days_just_before() {
    assert_eq!(
        previous(d(2026, 3, 1), d(2026, 3, 7)),
        (d(2026, 2, 22), d(2026, 2, 28))
    );
    assert_eq!(
        previous(d(2026, 3, 1), d(2026, 3, 1)),
        (d(2026, 2, 28), d(2026, 2, 28))
    );
    assert_eq!(
        previous(d(2026, 3, 1), d(2026, 3, 31)),
        (d(2026, 1, 29), d(2026, 2, 28))
    );
}

#[test]
fn presets_count_back_from_today() {
    let today = d(2026, 3, 10);
    assert_eq!(preset("today", today), Some((today, today)));
    assert_eq!(
        preset("yesterday", today),
        Some((d(2026, 3, 9), d(2026, 3, 9)))
    );
    assert_eq!(preset("last7", today), Some((d(2026, 3, 4), today)));
    assert_eq!(preset("last30", today), Some((d(2026, 2, 9), today)));
    assert_eq!(preset("this_month", today), Some((d(2026, 3, 1), today)));
    assert_eq!(
        preset("last_month", today),
        Some((d(2026, 2, 1), d(2026, 2, 28)))
    );
    assert_eq!(
        preset("last_month", d(2026, 1, 5)),
        Some((d(2025, 12, 1), d(2025, 12, 31)))
    );
    assert_eq!(preset("fortnight", today), None);
}
