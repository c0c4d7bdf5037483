//! The agent work report and the customer service report (M5), from the
//! same facts as the conversation report, the status log and (when QA
//! lands) reviews. Pure assembly here; the service reads the rows.

use std::collections::HashMap;

use chrono::{Datelike, Timelike};
use chrono_tz::Tz;
use model::reports::{AgentWorkRow, ReportRow};

use super::status_time::StatusTime;
use super::summary::summarize;
use crate::entities::conversation_fact::Model as Fact;

/// `heat[weekday][hour]` of when conversations started, local to `tz`.
pub fn heat(tz: Tz, facts: &[Fact]) -> Vec<Vec<i64>> {
    let mut heat = vec![vec![0i64; 24]; 7];
    for f in facts {
        let local = f.started_at.with_timezone(&tz);
        let day = local.weekday().num_days_from_monday() as usize;
        heat[day][local.hour() as usize] += 1;
    }
    heat
}

/// One row per agent, by name: their time in each status and the figures
/// of the conversations they had last.
pub fn agent_rows(
    agents: &[(i32, String)],
    facts: &[Fact],
    times: &HashMap<i32, StatusTime>,
    qa: &HashMap<i32, (f64, i64)>,
) -> Vec<AgentWorkRow> {
    let mut by: HashMap<i32, Vec<&Fact>> = HashMap::new();
    for f in facts {
        if let Some(a) = f.agent_id {
            by.entry(a).or_default().push(f);
        }
    }
    let mut rows: Vec<AgentWorkRow> = agents
        .iter()
        .map(|(id, name)| {
            let t = times.get(id).copied().unwrap_or_default();
            let (qa_average, qa_reviews) = match qa.get(id) {
                Some(&(avg, n)) => (Some(avg), n),
                None => (None, 0),
            };
            AgentWorkRow {
                agent_id: *id,
                name: name.clone(),
                online_secs: t.online,
                busy_secs: t.busy,
                away_secs: t.away,
                summary: summarize(
                    by.get(id)
                        .map(Vec::as_slice)
                        .unwrap_or_default()
                        .iter()
                        .copied(),
                ),
                qa_average,
                qa_reviews,
            }
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    rows
}

/// One row per channel, busiest first.
pub fn channel_rows(facts: &[Fact]) -> Vec<ReportRow> {
    let mut by: HashMap<&str, Vec<&Fact>> = HashMap::new();
    for f in facts {
        by.entry(f.channel.as_str()).or_default().push(f);
    }
    let mut rows: Vec<ReportRow> = by
        .into_iter()
        .map(|(channel, facts)| ReportRow {
            key: channel.to_owned(),
            label: channel.to_owned(),
            summary: summarize(facts),
        })
        .collect();
    rows.sort_by(|a, b| {
        b.summary
            .started
            .cmp(&a.summary.started)
            .then(a.key.cmp(&b.key))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::period::zone;
    use chrono::{TimeZone, Utc};

    fn at(d: u32, h: u32, agent: Option<i32>, channel: &str) -> Fact {
        Fact {
            started_at: Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).unwrap(),
            agent_id: agent,
            channel: channel.into(),
            ..crate::reports::summary::tests::fact(i64::from(d * 100 + h))
        }
    }

    #[test]
    fn the_heat_map_is_local_weekday_by_hour() {
        // Monday 2 March 2026, 17:00 UTC is 01:00 on Tuesday in Shanghai.
        let facts = [
            at(2, 17, None, "web"),
            at(2, 2, None, "web"),
            at(2, 2, None, "web"),
        ];
        let h = heat(zone("Asia/Shanghai"), &facts);
        assert_eq!(h.len(), 7);
        assert_eq!(h[1][1], 1, "Tuesday 01:00");
        assert_eq!(h[0][10], 2, "Monday 10:00");
        assert_eq!(h.iter().flatten().sum::<i64>(), 3);
    }

    #[test]
    fn every_agent_has_a_row_with_their_time_chats_and_reviews() {
        let agents = [(2, "Wang".to_owned()), (1, "Li".to_owned())];
        let facts = [
            at(2, 3, Some(1), "web"),
            at(2, 4, Some(1), "wechat"),
            at(2, 5, None, "web"),
        ];
        let times = HashMap::from([(
            1,
            StatusTime {
                online: 3600,
                busy: 60,
                away: 0,
                offline: 0,
            },
        )]);
        let qa = HashMap::from([(1, (87.5, 2))]);
        let rows = agent_rows(&agents, &facts, &times, &qa);
        assert_eq!(
            rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["Li", "Wang"]
        );
        assert_eq!(
            (
                rows[0].summary.started,
                rows[0].online_secs,
                rows[0].busy_secs
            ),
            (2, 3600, 60)
        );
        assert_eq!((rows[0].qa_average, rows[0].qa_reviews), (Some(87.5), 2));
        assert_eq!((rows[1].summary.started, rows[1].qa_average), (0, None));
        let channels = channel_rows(&facts);
        assert_eq!(
            channels
                .iter()
                .map(|r| (r.key.as_str(), r.summary.started))
                .collect::<Vec<_>>(),
            [("web", 2), ("wechat", 1)]
        );
    }
}
