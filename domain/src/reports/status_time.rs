//! Time an agent spent in each status over a period (M5, the agent work
//! report), from the statuses they set: each holds from its moment until
//! the next. Pure, so period edges are tested without a clock.

use chrono::{DateTime, Utc};
use model::people::AgentStatus;

/// Seconds online, busy, away and offline from `from` to `to`. `before` is
/// the status in force at `from` (the last one set earlier; offline if
/// none); `changes` are the statuses set after it, in any order.
pub fn time_in_status(
    before: Option<AgentStatus>,
    changes: &[(AgentStatus, DateTime<Utc>)],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> StatusTime {
    let mut changes: Vec<_> = changes
        .iter()
        .copied()
        .filter(|&(_, at)| at >= from && at < to)
        .collect();
    changes.sort_by_key(|&(_, at)| at);
    let mut out = StatusTime::default();
    let mut status = before.unwrap_or(AgentStatus::Offline);
    let mut since = from;
    for (next, at) in changes {
        out.add(status, (at - since).num_seconds());
        status = next;
        since = at;
    }
    if to > since {
        out.add(status, (to - since).num_seconds());
    }
    out
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusTime {
    pub online: i64,
    pub busy: i64,
    pub away: i64,
    pub offline: i64,
}

impl StatusTime {
    fn add(&mut self, status: AgentStatus, secs: i64) {
        let secs = secs.max(0);
        match status {
            AgentStatus::Online => self.online += secs,
            AgentStatus::Busy => self.busy += secs,
            AgentStatus::Away => self.away += secs,
            AgentStatus::Offline => self.offline += secs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn h(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, hour, 0, 0).unwrap()
    }

    #[test]
    fn each_status_holds_until_the_next() {
        let t = time_in_status(
            None,
            &[
                (AgentStatus::Busy, h(12)),
                (AgentStatus::Online, h(9)),
                (AgentStatus::Offline, h(18)),
            ],
            h(8),
            h(20),
        );
        assert_eq!(
            t,
            StatusTime {
                online: 3 * 3600,
                busy: 6 * 3600,
                away: 0,
                offline: 3 * 3600
            }
        );
    }

    #[test]
    fn the_status_set_before_the_period_counts_from_its_start() {
        let t = time_in_status(
            Some(AgentStatus::Away),
            &[(AgentStatus::Online, h(10))],
            h(9),
            h(11),
        );
        assert_eq!((t.away, t.online), (3600, 3600));
        // Changes outside the period are not read (the caller passes the
        // status in force as `before`).
        let t = time_in_status(
            Some(AgentStatus::Online),
            &[(AgentStatus::Away, h(15))],
            h(9),
            h(11),
        );
        assert_eq!(t.online, 7200);
    }
}
