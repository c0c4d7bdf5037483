//! The monitor's figures (M1) as pure functions of stored rows, so the
//! numbers are tested without a database and are the same for a page
//! opened before the day's events as for one opened after them.

use chrono::{DateTime, Duration, Utc};
use model::chat::ConversationStatus;
use model::monitor::{AgentFigures, LiveConversation};
use model::people::AgentStatus;

use crate::automation::timers::is_unanswered;
use crate::entities::conversation;

/// What the monitor needs of an agent.
#[derive(Debug, Clone)]
pub struct AgentRow {
    pub id: i32,
    pub name: String,
    pub status: AgentStatus,
    pub status_since: DateTime<Utc>,
    pub max_chats: Option<i32>,
}

/// The team's midnight before `now`, in the zone `utc_offset_mins` east of
/// UTC.
pub fn day_start(now: DateTime<Utc>, utc_offset_mins: i32) -> DateTime<Utc> {
    let offset = Duration::minutes(utc_offset_mins.into());
    let local = now.naive_utc() + offset;
    let midnight = local.date().and_hms_opt(0, 0, 0).expect("midnight exists");
    (midnight - offset).and_utc()
}

/// Each agent's figures from `conversations`: the live ones and every one
/// assigned since `since` (the team's midnight).
pub fn agent_figures(
    agents: &[AgentRow],
    conversations: &[conversation::Model],
    since: DateTime<Utc>,
    default_max: i64,
) -> Vec<AgentFigures> {
    agents
        .iter()
        .map(|a| {
            let theirs = || {
                conversations
                    .iter()
                    .filter(move |c| c.agent_id == Some(a.id))
            };
            let current = theirs()
                .filter(|c| c.status == ConversationStatus::Active)
                .count() as i64;
            let today: Vec<&conversation::Model> = theirs()
                .filter(|c| c.assigned_at.is_some_and(|t| t >= since))
                .collect();
            let answered: Vec<i64> = today
                .iter()
                .filter_map(|c| Some((c.agent_replied_at? - c.assigned_at?).num_seconds().max(0)))
                .collect();
            AgentFigures {
                agent_id: a.id,
                name: a.name.clone(),
                status: a.status,
                status_since: a.status_since,
                current,
                max: a.max_chats.map_or(default_max, i64::from),
                taken_today: today.len() as i64,
                avg_first_response_secs: (!answered.is_empty())
                    .then(|| answered.iter().sum::<i64>() / answered.len() as i64),
                unanswered: theirs().filter(|c| is_unanswered(c)).count() as i64,
            }
        })
        .collect()
}

/// The queue: how many wait, and since when the longest has.
pub fn queue(conversations: &[conversation::Model]) -> (i64, Option<DateTime<Utc>>) {
    let queued = conversations
        .iter()
        .filter(|c| c.status == ConversationStatus::Queued);
    let oldest = queued.clone().map(|c| c.started_at).min();
    (queued.count() as i64, oldest)
}

/// A conversation in progress as the monitor lists it; `None` for ended
/// ones.
pub fn live(c: &conversation::Model, names: Names) -> Option<LiveConversation> {
    if c.status == ConversationStatus::Ended {
        return None;
    }
    let waiting_since = match c.status {
        ConversationStatus::Queued => Some(c.started_at),
        // Waiting for the agent while the visitor spoke after their last word.
        ConversationStatus::Active => match (c.last_visitor_at, c.last_agent_at) {
            (Some(v), Some(a)) if v > a => Some(v),
            (Some(v), None) => Some(v),
            _ => None,
        },
        _ => None,
    };
    Some(LiveConversation {
        id: c.id,
        status: c.status,
        visitor_name: names.visitor,
        agent_id: c.agent_id,
        agent_name: names.agent,
        group_id: c.group_id,
        group_name: names.group,
        channel: c.channel.clone(),
        channel_name: c.channel_name.clone(),
        started_at: c.started_at,
        waiting_since,
        unanswered: is_unanswered(c),
    })
}

/// The names a live conversation's row shows.
#[derive(Debug, Default)]
pub struct Names {
    pub visitor: String,
    pub agent: Option<String>,
    pub group: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, h, m, 0).unwrap()
    }

    fn conv(id: i64, agent: Option<i32>, status: ConversationStatus) -> conversation::Model {
        conversation::Model {
            agent_id: agent,
            assigned_at: agent.map(|_| at(9, 0)),
            last_visitor_at: Some(at(9, 0)),
            ..conversation::Model::for_test(id, status, at(9, 0))
        }
    }

    fn agent(id: i32, max: Option<i32>) -> AgentRow {
        AgentRow {
            id,
            name: format!("Agent {id}"),
            status: AgentStatus::Online,
            status_since: at(8, 0),
            max_chats: max,
        }
    }

    #[test]
    fn the_day_starts_at_the_teams_midnight() {
        // 01:30 UTC is 09:30 in Beijing: the day began at 16:00 UTC.
        assert_eq!(
            day_start(at(1, 30), 480),
            Utc.with_ymd_and_hms(2026, 12, 2, 16, 0, 0).unwrap()
        );
        // 20:00 UTC is 04:00 the next day in Beijing.
        assert_eq!(day_start(at(20, 0), 480), at(16, 0));
        // West of Greenwich: 03:00 UTC is 22:00 the day before in New York.
        assert_eq!(
            day_start(at(3, 0), -300),
            Utc.with_ymd_and_hms(2026, 12, 2, 5, 0, 0).unwrap()
        );
    }

    #[test]
    fn current_taken_today_first_response_and_red_chats() {
        let mut answered = conv(1, Some(7), ConversationStatus::Active);
        answered.agent_replied_at = Some(at(9, 1));
        let mut red = conv(2, Some(7), ConversationStatus::Active);
        red.alerted_at = Some(at(9, 2));
        let mut ended = conv(3, Some(7), ConversationStatus::Ended);
        ended.agent_replied_at = Some(at(9, 3));
        let mut yesterday = conv(4, Some(7), ConversationStatus::Ended);
        yesterday.assigned_at = Some(at(9, 0) - Duration::days(1));
        let other = conv(5, Some(8), ConversationStatus::Active);
        let rows = [answered, red, ended, yesterday, other];
        let figures = agent_figures(&[agent(7, None), agent(8, Some(2))], &rows, at(0, 0), 5);
        let a = &figures[0];
        assert_eq!((a.current, a.max, a.taken_today), (2, 5, 3));
        // 60 s and 180 s: the unanswered one does not count.
        assert_eq!(a.avg_first_response_secs, Some(120));
        assert_eq!(a.unanswered, 1);
        let b = &figures[1];
        assert_eq!(
            (b.current, b.max, b.taken_today, b.unanswered),
            (1, 2, 1, 0)
        );
        assert_eq!(b.avg_first_response_secs, None);
    }

    #[test]
    fn the_queue_and_who_is_waiting() {
        let mut first = conv(1, None, ConversationStatus::Queued);
        first.started_at = at(9, 5);
        let mut second = conv(2, None, ConversationStatus::Queued);
        second.started_at = at(9, 1);
        let mut serving = conv(3, Some(7), ConversationStatus::Active);
        serving.last_visitor_at = Some(at(9, 4));
        serving.last_agent_at = Some(at(9, 6));
        let waiting = conv(4, Some(7), ConversationStatus::Active);
        let rows = [
            first,
            second,
            serving,
            waiting,
            conv(5, Some(7), ConversationStatus::Ended),
        ];
        assert_eq!(queue(&rows), (2, Some(at(9, 1))));
        let listed: Vec<_> = rows
            .iter()
            .filter_map(|c| live(c, Names::default()))
            .collect();
        assert_eq!(listed.len(), 4, "ended ones are not live");
        assert_eq!(listed[0].waiting_since, Some(at(9, 5)));
        assert_eq!(listed[2].waiting_since, None, "the agent spoke last");
        assert_eq!(listed[3].waiting_since, Some(at(9, 0)));
    }
}
