//! When the scheduled masking run is due (R8). A pure function of the
//! schedule, the instant and the last scheduled run, so midnight and time
//! zones are tested with plain dates.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use model::masking::MaskSchedule;

use crate::routing::hours::parse_time;

/// A slot missed by more than this (the server was down) is skipped rather
/// than run late; the next day's runs as usual. It also keeps a schedule
/// saved at noon from starting a run at once for the 03:00 gone by.
pub const CATCH_UP: Duration = Duration::hours(2);

/// The latest scheduled instant at or before `now`.
pub fn latest_slot(schedule: &MaskSchedule, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let time: NaiveTime = parse_time(&schedule.time)?;
    let offset = Duration::minutes(schedule.utc_offset_mins.into());
    let local = now.naive_utc() + offset;
    let mut slot = local.date().and_time(time);
    if slot > local {
        slot -= Duration::days(1);
    }
    Some((slot - offset).and_utc())
}

/// The slot to run now, if one is due: the schedule is on, its latest slot
/// has passed by less than `CATCH_UP`, and no scheduled run took it yet.
pub fn due_slot(
    schedule: &MaskSchedule,
    now: DateTime<Utc>,
    last_slot: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    if !schedule.enabled {
        return None;
    }
    let slot = latest_slot(schedule, now)?;
    let fresh = now - slot < CATCH_UP;
    let taken = last_slot.is_some_and(|last| last >= slot);
    (fresh && !taken).then_some(slot)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn daily(time: &str, offset: i32) -> MaskSchedule {
        MaskSchedule {
            enabled: true,
            time: time.into(),
            utc_offset_mins: offset,
        }
    }

    #[test]
    fn three_in_the_morning_in_beijing_is_seven_in_the_evening_utc() {
        let s = daily("03:00", 480);
        // 2026-12-03 03:00 +08:00 = 2026-12-02 19:00 UTC.
        assert_eq!(
            latest_slot(&s, at(2026, 12, 2, 19, 0)),
            Some(at(2026, 12, 2, 19, 0))
        );
        assert_eq!(
            latest_slot(&s, at(2026, 12, 2, 18, 59)),
            Some(at(2026, 12, 1, 19, 0))
        );
        assert_eq!(
            due_slot(&s, at(2026, 12, 2, 18, 59), Some(at(2026, 12, 1, 19, 0))),
            None
        );
        assert_eq!(
            due_slot(&s, at(2026, 12, 2, 19, 0), Some(at(2026, 12, 1, 19, 0))),
            Some(at(2026, 12, 2, 19, 0))
        );
    }

    #[test]
    fn a_slot_runs_once() {
        let s = daily("03:00", 0);
        let slot = at(2026, 12, 3, 3, 0);
        assert_eq!(due_slot(&s, at(2026, 12, 3, 3, 1), None), Some(slot));
        assert_eq!(due_slot(&s, at(2026, 12, 3, 3, 30), Some(slot)), None);
        assert_eq!(
            due_slot(&s, at(2026, 12, 4, 3, 0), Some(slot)),
            Some(at(2026, 12, 4, 3, 0))
        );
    }

    #[test]
    fn across_midnight_and_west_of_greenwich() {
        // 23:30 in New York (UTC-5) is 04:30 UTC the next day.
        let s = daily("23:30", -300);
        assert_eq!(
            latest_slot(&s, at(2026, 12, 4, 4, 29)),
            Some(at(2026, 12, 3, 4, 30))
        );
        assert_eq!(
            latest_slot(&s, at(2026, 12, 4, 4, 30)),
            Some(at(2026, 12, 4, 4, 30))
        );
        // 00:15 in Beijing is 16:15 UTC the day before.
        let s = daily("00:15", 480);
        assert_eq!(
            latest_slot(&s, at(2026, 12, 31, 16, 20)),
            Some(at(2026, 12, 31, 16, 15))
        );
        // New Year's Eve: the day before the slot is in another year.
        assert_eq!(
            latest_slot(&s, at(2026, 12, 31, 16, 0)),
            Some(at(2026, 12, 30, 16, 15))
        );
    }

    #[test]
    fn a_missed_slot_is_skipped_after_the_catch_up_window() {
        let s = daily("03:00", 0);
        assert_eq!(
            due_slot(&s, at(2026, 12, 3, 4, 59), None),
            Some(at(2026, 12, 3, 3, 0))
        );
        assert_eq!(due_slot(&s, at(2026, 12, 3, 5, 0), None), None);
        assert_eq!(due_slot(&s, at(2026, 12, 3, 12, 0), None), None);
    }

    #[test]
    fn off_or_unreadable_means_never() {
        let mut s = daily("03:00", 0);
        s.enabled = false;
        assert_eq!(due_slot(&s, at(2026, 12, 3, 3, 0), None), None);
        let s = daily("3 am", 0);
        assert_eq!(due_slot(&s, at(2026, 12, 3, 3, 0), None), None);
    }
}
