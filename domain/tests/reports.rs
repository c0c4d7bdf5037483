//! Reports (M3) on a real database, with a clock the test moves: a
//! conversation's facts are written when it ends and again when it is
//! rated, they carry its first assignment across a transfer, the backfill
//! and the sweep write what is missing, and the report sums them in the
//! company's days; only holders of *View reports* read it.

use chrono::{Duration, NaiveDate};
use domain::chat::Party;
use domain::entities::conversation_fact as fact;
use domain::reports::facts;
use domain::{Actor, Error};
use model::automation::RatingInput;
use model::chat::TransferTarget;
use model::reports::{Breakdown, ExportState, ReportQuery, ReportSettings};
use model::Permission;
use sea_orm::{ConnectionTrait, EntityTrait};

use crate::common::*;

async fn fact_of(env: &TestEnv, id: i64) -> Option<fact::Model> {
    fact::Entity::find_by_id(id)
        .one(&env.services.db)
        .await
        .unwrap()
}

/// A chat the visitor starts with `text` and ends before anyone answers.
async fn unanswered(env: &TestEnv, text: &str) -> i64 {
    let (v, id) = start(env, text).await;
    end(env, v, id).await;
    id
}

/// A chat `agent` answers `after` it starts; then the visitor ends it.
async fn answered(env: &TestEnv, agent: &Actor, text: &str, after: Duration) -> i64 {
    let (v, id) = start(env, text).await;
    env.clock.advance(after);
    env.services
        .conversations
        .agent_send(agent, id, "r", "hi")
        .await
        .unwrap();
    end(env, v, id).await;
    id
}

async fn end(env: &TestEnv, visitor: i64, id: i64) {
    env.services
        .conversations
        .end(&Party::Visitor(visitor), id)
        .await
        .unwrap();
}

/// The day in Shanghai (the default zone) of the test clock's start.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

#[tokio::test]
async fn an_answered_chat_gets_its_facts_when_it_ends_and_again_when_rated() {
    let env = env().await;
    let agent = online_agent(&env, "answers@example.com", Some(2)).await;
    let (v, id) = start(&env, "hello").await;
    assert!(
        fact_of(&env, id).await.is_none(),
        "a live chat has no facts"
    );

    env.clock.advance(Duration::seconds(30));
    let convs = &env.services.conversations;
    convs
        .agent_send(&agent, id, "r1", "How can I help?")
        .await
        .unwrap();
    env.clock.advance(Duration::seconds(10));
    convs
        .visitor_send(v, Some(id), "v2", "my order", &Default::default())
        .await
        .unwrap();
    env.clock.advance(Duration::seconds(20));
    convs
        .agent_send(&agent, id, "r2", "Found it")
        .await
        .unwrap();
    env.clock.advance(Duration::seconds(60));
    convs.end(&Party::Visitor(v), id).await.unwrap();

    let f = fact_of(&env, id).await.expect("facts at the end");
    assert!(f.answered && !f.missed);
    assert_eq!(f.agent_id, Some(agent.agent_id));
    assert_eq!((f.queue_secs, f.first_response_secs), (Some(0), Some(30)));
    assert_eq!((f.reply_secs_total, f.replies), (50, 2));
    assert_eq!(f.duration_secs, Some(120));
    assert_eq!((f.messages_in, f.messages_out), (2, 2));
    assert_eq!(f.satisfaction, None);

    env.services
        .survey
        .rate(
            v,
            id,
            RatingInput {
                level: 1,
                comment: None,
            },
        )
        .await
        .unwrap();
    let f = fact_of(&env, id).await.unwrap();
    assert_eq!((f.rating_level, f.satisfaction), (Some(1), Some(100.0)));
}

#[tokio::test]
async fn a_transfer_keeps_the_first_assignment() {
    let env = env().await;
    let first = online_agent(&env, "first@example.com", Some(1)).await;
    let (v, id) = start(&env, "hello").await;
    let second = online_agent(&env, "second@example.com", Some(1)).await;
    env.clock.advance(Duration::seconds(40));
    env.services
        .transfer
        .transfer(&first, id, TransferTarget::Agent(second.agent_id), "")
        .await
        .unwrap();
    env.clock.advance(Duration::seconds(15));
    let convs = &env.services.conversations;
    convs.agent_send(&second, id, "r", "hi").await.unwrap();
    convs.end(&Party::Visitor(v), id).await.unwrap();
    let f = fact_of(&env, id).await.unwrap();
    assert_eq!(f.transfers, 1);
    assert_eq!(
        f.agent_id,
        Some(second.agent_id),
        "counted for the last agent"
    );
    assert_eq!(
        f.first_response_secs,
        Some(55),
        "from the first agent, not the transfer"
    );
}

#[tokio::test]
async fn a_visitor_who_leaves_the_queue_is_missed_and_abandoned() {
    let env = env().await;
    let (v, id) = start(&env, "anyone?").await;
    env.clock.advance(Duration::seconds(90));
    end(&env, v, id).await;
    let f = fact_of(&env, id).await.unwrap();
    assert!(f.missed && f.abandoned_in_queue && !f.answered);
    assert_eq!((f.queue_secs, f.duration_secs), (None, Some(90)));
}

#[tokio::test]
async fn the_backfill_and_the_sweep_write_missing_facts() {
    let env = env().await;
    let db = &env.services.db;
    let mut ids = vec![];
    for n in 0..3 {
        ids.push(unanswered(&env, &format!("hello {n}")).await);
    }
    let (_, live) = start(&env, "still here").await;
    // As an upgrade finds them: ended chats without facts.
    db.execute_unprepared("DELETE FROM conversation_facts")
        .await
        .unwrap();
    let now = env.clock_now();
    while facts::backfill_step(db, now).await.unwrap() {}
    for id in &ids {
        assert!(fact_of(&env, *id).await.is_some(), "backfilled {id}");
    }
    assert!(fact_of(&env, live).await.is_none());
    assert!(!facts::backfill_step(db, now).await.unwrap(), "done once");

    // A crash between an end and its facts: the sweep writes them.
    db.execute_unprepared(&format!(
        "DELETE FROM conversation_facts WHERE conversation_id = {}",
        ids[1]
    ))
    .await
    .unwrap();
    assert_eq!(facts::sweep(db, now).await.unwrap(), 1);
    assert!(fact_of(&env, ids[1]).await.is_some());
    assert_eq!(facts::sweep(db, now).await.unwrap(), 0);
}

#[tokio::test]
async fn the_report_sums_the_days_and_agents_for_report_readers_only() {
    let env = env().await;
    let agent = online_agent(&env, "reported@example.com", Some(5)).await;
    answered(&env, &agent, "hello", Duration::seconds(20)).await;
    // 23:00 UTC on the 24th is already 07:00 on the 25th in Shanghai.
    env.clock.advance(Duration::hours(14));
    let (v2, id2) = start(&env, "again").await;
    end(&env, v2, id2).await;

    let q = ReportQuery {
        from: today(),
        to: today() + Duration::days(1),
        ..Default::default()
    };
    let r = env
        .services
        .reports
        .conversation_report(&env.admin, &q)
        .await
        .unwrap();
    assert_eq!(r.time_zone, "Asia/Shanghai");
    let days: Vec<(&str, i64)> = r
        .rows
        .iter()
        .map(|r| (r.key.as_str(), r.summary.started))
        .collect();
    assert_eq!(days, vec![("2026-11-24", 1), ("2026-11-25", 1)]);
    assert_eq!(
        (r.total.started, r.total.answered, r.total.missed),
        (2, 1, 1)
    );
    assert_eq!(r.total.first_response.median, Some(20.0));

    let by_agent = ReportQuery {
        breakdown: Breakdown::Agent,
        ..q.clone()
    };
    let r = env
        .services
        .reports
        .conversation_report(&env.admin, &by_agent)
        .await
        .unwrap();
    assert_eq!(r.rows[0].key, agent.agent_id.to_string());
    // The agent had both; one went unanswered.
    let s = &r.rows[0].summary;
    assert_eq!(
        (s.started, s.answered, s.missed, s.abandoned_in_queue),
        (2, 1, 1, 0)
    );

    // In UTC both chats are on the 24th.
    env.services
        .reports
        .save_settings(
            &env.admin,
            ReportSettings {
                time_zone: "UTC".into(),
            },
        )
        .await
        .unwrap();
    let r = env
        .services
        .reports
        .conversation_report(&env.admin, &q)
        .await
        .unwrap();
    assert_eq!(r.rows[0].summary.started, 2);
    let bad = ReportSettings {
        time_zone: "Mars/Olympus".into(),
    };
    let err = env
        .services
        .reports
        .save_settings(&env.admin, bad)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");

    // Not a report reader: refused.
    let plain = agent_with(&env, "plain@example.com", &[]).await;
    let refused = env.services.reports.conversation_report(&plain, &q).await;
    assert!(matches!(refused, Err(Error::Forbidden)));
    let reader = agent_with(&env, "reader@example.com", &[Permission::ViewReports]).await;
    assert!(env
        .services
        .reports
        .conversation_report(&reader, &q)
        .await
        .is_ok());
}

#[tokio::test]
async fn the_agent_work_report_counts_time_in_each_status_and_their_chats() {
    let env = env().await;
    // online_agent comes online at the test clock's 09:00 UTC.
    let agent = online_agent(&env, "worker@example.com", Some(3)).await;
    answered(&env, &agent, "hello", Duration::seconds(30)).await;
    env.clock
        .advance(Duration::minutes(60) - Duration::seconds(30));
    env.services
        .agents
        .set_status(&agent, model::people::AgentStatus::Busy)
        .await
        .unwrap();
    env.clock.advance(Duration::minutes(30));
    env.services
        .agents
        .set_status(&agent, model::people::AgentStatus::Offline)
        .await
        .unwrap();
    env.clock.advance(Duration::hours(2));

    let q = ReportQuery {
        from: today(),
        to: today(),
        ..Default::default()
    };
    let r = env
        .services
        .reports
        .agent_work(&env.admin, &q)
        .await
        .unwrap();
    let row = r
        .rows
        .iter()
        .find(|r| r.agent_id == agent.agent_id)
        .expect("listed");
    assert_eq!(
        (row.online_secs, row.busy_secs, row.away_secs),
        (3600, 1800, 0)
    );
    assert_eq!((row.summary.started, row.summary.answered), (1, 1));
    assert_eq!(row.summary.first_response.median, Some(30.0));

    let s = env
        .services
        .reports
        .service_report(&env.admin, &q)
        .await
        .unwrap();
    assert_eq!(s.total.started, 1);
    assert_eq!(s.channels[0].key, "web");
    // 09:00 UTC on Tuesday 24 November is 17:00 in Shanghai.
    assert_eq!(s.heat[1][17], 1);

    let plain = agent_with(&env, "nosy@example.com", &[]).await;
    assert!(matches!(
        env.services.reports.agent_work(&plain, &q).await,
        Err(Error::Forbidden)
    ));
}

#[tokio::test]
async fn an_export_writes_every_conversation_in_the_background_for_its_reader_only() {
    let env = env().await;
    let agent = online_agent(&env, "exported@example.com", Some(5)).await;
    let mut ids = vec![];
    for text in ["one", "two", "three"] {
        ids.push(answered(&env, &agent, text, Duration::zero()).await);
    }
    let q = ReportQuery {
        from: today(),
        to: today(),
        ..Default::default()
    };
    let reports = &env.services.reports;
    let started = reports.start_export(&env.admin, &q).await.unwrap();
    assert_eq!(started.total, 3);
    let mut job = started.clone();
    for _ in 0..500 {
        job = reports.export(&env.admin, started.id).await.unwrap();
        if job.state != ExportState::Running {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!((job.state, job.done, job.total), (ExportState::Ready, 3, 3));
    let (name, bytes) = reports.export_file(&env.admin, job.id).await.unwrap();
    assert_eq!(name, format!("conversations-{}-{}.csv", today(), today()));
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
    assert!(lines[0].starts_with('\u{feff}'));
    assert!(lines[1].starts_with("conversation_id,started_at,"));
    let listed: Vec<String> = lines[2..]
        .iter()
        .map(|l| l.split(',').next().unwrap().to_owned())
        .collect();
    let expected: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    assert_eq!(listed, expected, "one row per conversation, by id");
    assert!(
        lines[2].contains(",1,0,"),
        "answered, not missed: {}",
        lines[2]
    );

    // Another report reader finds nothing; a plain agent is refused.
    let reader = agent_with(
        &env,
        "export-reader@example.com",
        &[Permission::ViewReports],
    )
    .await;
    let other = reports.export(&reader, job.id).await;
    assert!(matches!(other, Err(Error::NotFound)), "{other:?}");
    let other = reports.export_file(&reader, job.id).await;
    assert!(matches!(other, Err(Error::NotFound)), "{other:?}");
    let plain = agent_with(&env, "export-plain@example.com", &[]).await;
    let refused = reports.start_export(&plain, &q).await;
    assert!(matches!(refused, Err(Error::Forbidden)), "{refused:?}");

    // A day later, the next export clears the finished one away.
    env.clock.advance(Duration::hours(25));
    let next = reports.start_export(&env.admin, &q).await.unwrap();
    let gone = reports.export(&env.admin, job.id).await;
    assert!(matches!(gone, Err(Error::NotFound)), "{gone:?}");
    assert!(reports.export(&env.admin, next.id).await.is_ok());
}

#[tokio::test]
async fn working_hours_only_counts_the_conversations_that_started_in_them() {
    let env = env().await;
    // The test clock starts Tuesday 09:00 UTC: one chat then, one at 11:00.
    unanswered(&env, "early").await;
    env.clock.advance(Duration::hours(2));
    unanswered(&env, "in hours").await;
    // Working hours: Tuesdays 10:00–18:00 UTC.
    let s = &env.services;
    let mut lm = s.settings.leave_message().await.unwrap();
    lm.hours = model::automation::WorkingHours {
        enabled: true,
        days: vec![2],
        start: "10:00".into(),
        end: "18:00".into(),
        utc_offset_mins: 0,
    };
    s.leave_message.set_settings(&env.admin, lm).await.unwrap();
    let q = ReportQuery {
        from: today(),
        to: today(),
        ..Default::default()
    };
    let all = s.reports.conversation_report(&env.admin, &q).await.unwrap();
    assert_eq!(all.total.started, 2);
    let in_hours = ReportQuery {
        business_hours: true,
        ..q
    };
    let r = s
        .reports
        .conversation_report(&env.admin, &in_hours)
        .await
        .unwrap();
    assert_eq!(r.total.started, 1, "only the 11:00 chat");
}
