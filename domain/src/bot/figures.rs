//! The bot's figures per day (P3): chats it handled, resolved without a
//! person, handed off by request or by failure, answers rated helpful or
//! not, and the questions it could not answer (for new entries). Counted
//! by pure functions over the period's rows; days are UTC.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use model::bot::{BotDay, BotFigures, UnansweredQuestion};
use model::chat::ConversationStatus;
use model::Permission;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

use super::entries::question_key;
use super::flow::NOT_UNDERSTOOD;
use crate::actor::Actor;
use crate::entities::{bot_answer, conversation};
use crate::error::Result;

/// Most days one request covers.
pub const DAYS_MAX: u32 = 90;
/// Most unanswered questions listed.
const UNANSWERED_MAX: usize = 50;

/// A conversation as the figures see it.
#[derive(Debug, Clone)]
pub(crate) struct BotChat {
    pub started_at: DateTime<Utc>,
    pub ended: bool,
    pub handoff: Option<String>,
}

/// A question as the figures see it.
#[derive(Debug, Clone)]
pub(crate) struct Asked {
    pub at: DateTime<Utc>,
    pub question: String,
    pub outcome: String,
    pub helpful: Option<bool>,
}

/// Each day from `first` to `last` with its counts (days without any stay
/// in, as zeros, so a chart has no gaps).
pub(crate) fn count_days(
    first: NaiveDate,
    last: NaiveDate,
    chats: &[BotChat],
    asked: &[Asked],
) -> Vec<BotDay> {
    let mut days: BTreeMap<NaiveDate, BotDay> = BTreeMap::new();
    let mut d = first;
    while d <= last {
        days.insert(
            d,
            BotDay {
                day: d,
                ..BotDay::default()
            },
        );
        d += Duration::days(1);
    }
    for c in chats {
        let Some(day) = days.get_mut(&c.started_at.date_naive()) else {
            continue;
        };
        day.handled += 1;
        match c.handoff.as_deref() {
            Some("request") => day.handed_off_request += 1,
            Some(_) => day.handed_off_failure += 1,
            None if c.ended => day.resolved += 1,
            None => {}
        }
    }
    for a in asked {
        let Some(day) = days.get_mut(&a.at.date_naive()) else {
            continue;
        };
        match a.helpful {
            Some(true) => day.answers_rated_helpful += 1,
            Some(false) => day.answers_rated_unhelpful += 1,
            None => {}
        }
    }
    days.into_values().collect()
}

/// Questions the bot did not understand, the same question (normalised)
/// counted together, most asked first.
pub(crate) fn unanswered(asked: &[Asked]) -> Vec<UnansweredQuestion> {
    let mut by_key: BTreeMap<String, UnansweredQuestion> = BTreeMap::new();
    for a in asked.iter().filter(|a| a.outcome == NOT_UNDERSTOOD) {
        let q = by_key
            .entry(question_key(&a.question))
            .or_insert_with(|| UnansweredQuestion {
                question: a.question.clone(),
                count: 0,
                last_asked: a.at,
            });
        q.count += 1;
        if a.at >= q.last_asked {
            q.last_asked = a.at;
            q.question = a.question.clone();
        }
    }
    let mut list: Vec<_> = by_key.into_values().collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then(b.last_asked.cmp(&a.last_asked)));
    list.truncate(UNANSWERED_MAX);
    list
}

/// The last `days` days up to `now`.
pub(crate) async fn figures(
    db: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    days: u32,
) -> Result<BotFigures> {
    actor.require(Permission::ManageBot)?;
    let days = days.clamp(1, DAYS_MAX);
    let last = now.date_naive();
    let first = last - Duration::days(i64::from(days) - 1);
    let since = first.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let chats: Vec<(DateTime<Utc>, ConversationStatus, Option<String>)> =
        conversation::Entity::find()
            .select_only()
            .column(conversation::Column::StartedAt)
            .column(conversation::Column::Status)
            .column(conversation::Column::Handoff)
            .filter(conversation::Column::BotHandled.eq(true))
            .filter(conversation::Column::StartedAt.gte(since))
            .into_tuple()
            .all(db)
            .await?;
    let chats: Vec<BotChat> = chats
        .into_iter()
        .map(|(started_at, status, handoff)| BotChat {
            started_at,
            ended: status == ConversationStatus::Ended,
            handoff,
        })
        .collect();
    let asked: Vec<Asked> = bot_answer::Entity::find()
        .filter(bot_answer::Column::CreatedAt.gte(since))
        .all(db)
        .await?
        .into_iter()
        .map(|a| Asked {
            at: a.created_at,
            question: a.question,
            outcome: a.outcome,
            helpful: a.helpful,
        })
        .collect();
    Ok(BotFigures {
        days: count_days(first, last, &chats, &asked),
        unanswered: unanswered(&asked),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(2026, 12, day)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
            .and_utc()
    }

    #[test]
    fn days_count_handled_resolved_and_handed_off_with_no_gaps() {
        let chat = |day, ended, handoff: Option<&str>| BotChat {
            started_at: at(day, 9),
            ended,
            handoff: handoff.map(str::to_owned),
        };
        let chats = vec![
            chat(1, true, None),
            chat(1, false, None),
            chat(1, true, Some("request")),
            chat(3, true, Some("failure")),
        ];
        let asked = vec![Asked {
            at: at(3, 10),
            question: "x".into(),
            outcome: "answered".into(),
            helpful: Some(false),
        }];
        let d1 = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let d3 = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let days = count_days(d1, d3, &chats, &asked);
        assert_eq!(days.len(), 3);
        assert_eq!(
            (
                days[0].handled,
                days[0].resolved,
                days[0].handed_off_request
            ),
            (3, 1, 1)
        );
        assert_eq!(days[1].handled, 0);
        assert_eq!(
            (days[2].handed_off_failure, days[2].answers_rated_unhelpful),
            (1, 1)
        );
    }

    #[test]
    fn unanswered_questions_group_by_their_normalised_words() {
        let q = |day, text: &str, outcome: &str| Asked {
            at: at(day, 8),
            question: text.into(),
            outcome: outcome.into(),
            helpful: None,
        };
        let asked = vec![
            q(1, "能开專票吗", NOT_UNDERSTOOD),
            q(2, "能开专票吗", NOT_UNDERSTOOD),
            q(2, "怎么退款", "answered"),
            q(3, "Where is my parcel", NOT_UNDERSTOOD),
        ];
        let list = unanswered(&asked);
        assert_eq!(list.len(), 2);
        assert_eq!(
            (list[0].question.as_str(), list[0].count),
            ("能开专票吗", 2)
        );
        assert_eq!(list[1].question, "Where is my parcel");
    }
}
