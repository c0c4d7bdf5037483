//! The queue's arithmetic (R4), as pure functions: each waiting visitor's
//! place in their line, the estimated wait, and the average handle time it
//! is based on.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

/// Without finished chats to learn from, assume this long per chat.
pub(crate) const DEFAULT_HANDLE_SECS: i64 = 180;

/// The place of each waiting conversation, given in id order as
/// `(id, group)`: one line per group (those without a group share one).
pub(crate) fn places(waiting: &[(i64, Option<i32>)]) -> Vec<i64> {
    let mut seen: HashMap<Option<i32>, i64> = HashMap::new();
    waiting
        .iter()
        .map(|(_, group)| {
            let n = seen.entry(*group).or_default();
            *n += 1;
            *n
        })
        .collect()
}

/// Seconds until `position` is served by `serving` agents who each take
/// `handle_secs` per chat (rounded up; at least one agent counts).
pub(crate) fn eta_secs(position: i64, handle_secs: i64, serving: i64) -> i64 {
    let serving = serving.max(1);
    (position * handle_secs + serving - 1) / serving
}

/// Average length of the given chats as (assigned, ended) times; a chat
/// counts at least one second, and without any the default applies.
pub(crate) fn average_handle_secs(spans: &[(DateTime<Utc>, DateTime<Utc>)]) -> i64 {
    if spans.is_empty() {
        return DEFAULT_HANDLE_SECS;
    }
    let total: i64 = spans
        .iter()
        .map(|(a, e)| (*e - *a).num_seconds().max(1))
        .sum();
    total / spans.len() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_group_waits_in_its_own_line() {
        let waiting = [
            (1, None),
            (2, Some(4)),
            (3, None),
            (4, Some(4)),
            (5, Some(9)),
        ];
        assert_eq!(places(&waiting), [1, 1, 2, 2, 1]);
        assert!(places(&[]).is_empty());
    }

    #[test]
    fn eta_rounds_up_and_counts_at_least_one_agent() {
        assert_eq!(eta_secs(1, 180, 1), 180);
        assert_eq!(eta_secs(3, 100, 2), 150);
        assert_eq!(eta_secs(1, 100, 3), 34);
        assert_eq!(eta_secs(2, 60, 0), 120);
    }

    #[test]
    fn handle_time_averages_recent_chats() {
        let t = chrono::Utc::now();
        let s = chrono::Duration::seconds;
        assert_eq!(average_handle_secs(&[]), DEFAULT_HANDLE_SECS);
        assert_eq!(average_handle_secs(&[(t, t + s(60)), (t, t + s(120))]), 90);
        // A chat ended the instant it started still counts one second.
        assert_eq!(average_handle_secs(&[(t, t)]), 1);
    }
}
