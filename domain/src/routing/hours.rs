//! Working hours (R6): whether the team answers at a given instant. A pure
//! function, so every edge (midnight, night shifts, time zones) is tested
//! without a clock.

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc};
use model::automation::WorkingHours;

/// `HH:MM` → time of day, or `None`.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
}

/// Is the team at work at `now`? Disabled hours mean always.
pub fn is_open(hours: &WorkingHours, now: DateTime<Utc>) -> bool {
    if !hours.enabled {
        return true;
    }
    let (Some(start), Some(end)) = (parse_time(&hours.start), parse_time(&hours.end)) else {
        return true;
    };
    let local = now.naive_utc() + Duration::minutes(hours.utc_offset_mins.into());
    let day = |d: chrono::NaiveDate| {
        hours
            .days
            .contains(&(d.weekday().number_from_monday() as u8))
    };
    let t = local.time();
    if start <= end {
        day(local.date()) && t >= start && t < end
    } else {
        // A night shift: after the start on a working day, or before the
        // end on the morning after one.
        (t >= start && day(local.date())) || (t < end && local.date().pred_opt().is_some_and(day))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn hours(start: &str, end: &str, offset: i32) -> WorkingHours {
        WorkingHours {
            enabled: true,
            days: vec![1, 2, 3, 4, 5],
            start: start.into(),
            end: end.into(),
            utc_offset_mins: offset,
        }
    }

    #[test]
    fn disabled_means_always_open() {
        let h = WorkingHours::default();
        assert!(is_open(&h, at(2026, 11, 29, 3, 0)));
    }

    #[test]
    fn weekdays_nine_to_six() {
        let h = hours("09:00", "18:00", 0);
        // 2026-11-25 is a Wednesday.
        assert!(!is_open(&h, at(2026, 11, 25, 8, 59)));
        assert!(is_open(&h, at(2026, 11, 25, 9, 0)));
        assert!(is_open(&h, at(2026, 11, 25, 17, 59)));
        assert!(!is_open(&h, at(2026, 11, 25, 18, 0)));
        // Saturday.
        assert!(!is_open(&h, at(2026, 11, 28, 12, 0)));
    }

    #[test]
    fn the_team_time_zone_decides_the_day_and_hour() {
        let h = hours("09:00", "18:00", 480); // UTC+8
                                              // Wednesday 01:00 UTC is 09:00 in Beijing.
        assert!(is_open(&h, at(2026, 11, 25, 1, 0)));
        assert!(!is_open(&h, at(2026, 11, 25, 10, 0)));
        // Friday 23:00 UTC is already Saturday in Beijing.
        assert!(!is_open(&h, at(2026, 11, 27, 23, 0)));
    }

    #[test]
    fn night_shifts_span_midnight() {
        let h = hours("22:00", "06:00", 0);
        assert!(is_open(&h, at(2026, 11, 25, 23, 0)), "Wednesday night");
        assert!(is_open(&h, at(2026, 11, 26, 5, 59)), "Thursday morning");
        assert!(!is_open(&h, at(2026, 11, 26, 6, 0)));
        assert!(!is_open(&h, at(2026, 11, 25, 12, 0)));
        // Friday night runs into Saturday morning; Saturday night does not.
        assert!(is_open(&h, at(2026, 11, 28, 3, 0)));
        assert!(!is_open(&h, at(2026, 11, 28, 23, 0)));
        assert!(!is_open(&h, at(2026, 11, 29, 3, 0)));
    }
}
