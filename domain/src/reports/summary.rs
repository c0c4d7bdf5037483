//! Figures of many conversations from their facts (M3): counts, and for
//! each time its mean, median and 90th percentile. Pure, so the report's
//! arithmetic is tested on hand-built rows.

use model::reports::{LevelCount, Stat, Summary, RESPONSE_BANDS};

use crate::entities::conversation_fact::Model as Fact;

/// Mean, median and p90 (nearest rank: the smallest value with at least
/// that share of values at or below it).
pub fn stat(values: &mut [i64]) -> Stat {
    if values.is_empty() {
        return Stat::default();
    }
    values.sort_unstable();
    let n = values.len();
    let rank = |p: f64| values[((p * n as f64).ceil() as usize).clamp(1, n) - 1] as f64;
    Stat {
        count: n as i64,
        mean: Some(values.iter().sum::<i64>() as f64 / n as f64),
        median: Some(rank(0.5)),
        p90: Some(rank(0.9)),
    }
}

/// The figures of `facts`.
pub fn summarize<'a>(facts: impl IntoIterator<Item = &'a Fact>) -> Summary {
    let mut s = Summary::default();
    let (mut queue, mut first, mut reply, mut duration) = (vec![], vec![], vec![], vec![]);
    let (mut reply_total, mut replies) = (0i64, 0i64);
    let mut satisfaction = 0.0;
    let mut levels: Vec<LevelCount> = vec![];
    for f in facts {
        s.started += 1;
        s.answered += i64::from(f.answered);
        s.missed += i64::from(f.missed);
        s.abandoned_in_queue += i64::from(f.abandoned_in_queue);
        s.bot_resolved += i64::from(f.bot_resolved);
        s.handed_off += i64::from(f.handed_off);
        s.transfers += i64::from(f.transfers);
        s.messages_in += i64::from(f.messages_in);
        s.messages_out += i64::from(f.messages_out);
        queue.extend(f.queue_secs);
        first.extend(f.first_response_secs);
        duration.extend(f.duration_secs);
        if f.replies > 0 {
            reply.push(f.reply_secs_total / i64::from(f.replies));
            reply_total += f.reply_secs_total;
            replies += i64::from(f.replies);
        }
        if let (Some(score), Some(level)) = (f.satisfaction, f.rating_level) {
            s.rated += 1;
            satisfaction += score;
            match levels.iter_mut().find(|l| l.level == level) {
                Some(l) => l.count += 1,
                None => levels.push(LevelCount { level, count: 1 }),
            }
        }
    }
    s.queue = stat(&mut queue);
    s.first_response = stat(&mut first);
    s.reply = stat(&mut reply);
    // Every exchange weighs the same in the mean, however long its chat.
    s.reply.mean = (replies > 0).then(|| reply_total as f64 / replies as f64);
    s.duration = stat(&mut duration);
    s.satisfaction = (s.rated > 0).then(|| satisfaction / s.rated as f64);
    levels.sort_by_key(|l| l.level);
    s.levels = levels;
    s
}

/// How many first responses fall in each band of `RESPONSE_BANDS`, and
/// the rest in a last one.
pub fn response_bands<'a>(facts: impl IntoIterator<Item = &'a Fact>) -> Vec<i64> {
    let mut bands = vec![0; RESPONSE_BANDS.len() + 1];
    for secs in facts.into_iter().filter_map(|f| f.first_response_secs) {
        let band = RESPONSE_BANDS
            .iter()
            .position(|&limit| secs < limit)
            .unwrap_or(RESPONSE_BANDS.len());
        bands[band] += 1;
    }
    bands
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    pub(crate) fn fact(id: i64) -> Fact {
        let at = Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap();
        Fact {
            conversation_id: id,
            started_at: at,
            ended_at: Some(at),
            agent_id: None,
            group_id: None,
            channel: "web".into(),
            customer_id: None,
            bot: false,
            handed_off: false,
            bot_resolved: false,
            answered: false,
            missed: false,
            abandoned_in_queue: false,
            queue_secs: None,
            first_response_secs: None,
            reply_secs_total: 0,
            replies: 0,
            duration_secs: None,
            messages_in: 0,
            messages_out: 0,
            bot_messages: 0,
            transfers: 0,
            rating_level: None,
            satisfaction: None,
            computed_at: at,
        }
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut v: Vec<i64> = (1..=10).rev().collect();
        let s = stat(&mut v);
        assert_eq!(
            (s.count, s.mean, s.median, s.p90),
            (10, Some(5.5), Some(5.0), Some(9.0))
        );
        let one = stat(&mut [7]);
        assert_eq!((one.median, one.p90), (Some(7.0), Some(7.0)));
        assert_eq!(stat(&mut []), Stat::default());
    }

    #[test]
    fn counts_times_and_ratings_add_up() {
        let mut a = fact(1);
        a.answered = true;
        a.first_response_secs = Some(10);
        a.queue_secs = Some(4);
        // Two exchanges of 10 and 30 s: a mean of 20 for this chat.
        a.reply_secs_total = 40;
        a.replies = 2;
        a.duration_secs = Some(100);
        a.messages_in = 3;
        a.messages_out = 2;
        a.rating_level = Some(1);
        a.satisfaction = Some(100.0);
        let mut b = fact(2);
        b.answered = true;
        b.first_response_secs = Some(50);
        b.reply_secs_total = 50;
        b.replies = 1;
        b.transfers = 1;
        b.rating_level = Some(3);
        b.satisfaction = Some(0.0);
        let mut c = fact(3);
        c.missed = true;
        c.abandoned_in_queue = true;
        c.duration_secs = Some(20);
        let s = summarize([&a, &b, &c]);
        assert_eq!(
            (s.started, s.answered, s.missed, s.abandoned_in_queue),
            (3, 2, 1, 1)
        );
        assert_eq!((s.transfers, s.messages_in, s.messages_out), (1, 3, 2));
        assert_eq!(s.first_response.mean, Some(30.0));
        assert_eq!(s.queue.count, 1);
        // Three exchanges (10 + 30 + 50) / 3, not the mean of 20 and 50.
        assert_eq!(s.reply.mean, Some(30.0));
        assert_eq!(s.reply.median, Some(20.0));
        assert_eq!(s.duration.mean, Some(60.0));
        assert_eq!((s.rated, s.satisfaction), (2, Some(50.0)));
        assert_eq!(
            s.levels,
            vec![
                LevelCount { level: 1, count: 1 },
                LevelCount { level: 3, count: 1 }
            ]
        );
    }

    #[test]
    fn first_responses_fall_in_bands() {
        let rows: Vec<Fact> = [Some(0), Some(14), Some(15), Some(59), Some(600), None]
            .into_iter()
            .enumerate()
            .map(|(i, secs)| Fact {
                first_response_secs: secs,
                ..fact(i as i64)
            })
            .collect();
        assert_eq!(response_bands(&rows), vec![2, 1, 1, 0, 0, 1]);
    }
}
