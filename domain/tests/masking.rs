//! Sensitive-data replacement (R8) on a real database: rules, runs that
//! rewrite ended conversations only, resumption after a crash by another
//! process, one run at a time, and the daily schedule with a moved clock.

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use domain::chat::Party;
use domain::masking::run::{Step, BATCH, LEASE};
use domain::masking::MaskingService;
use domain::{Error, Services};
use model::masking::{MaskMode, MaskPattern, MaskRuleInput, MaskRunState, MaskSchedule};
use model::Permission;

use crate::common::*;

const CARD: &str = "6222021234567894";

fn card_rule() -> MaskRuleInput {
    MaskRuleInput {
        name: "Bank cards".into(),
        pattern: MaskPattern::BankCard,
        regex: String::new(),
        mode: MaskMode::KeepLast4,
        enabled: true,
    }
}

/// A conversation whose visitor wrote `text`, ended unless `live`.
async fn chat(env: &TestEnv, text: &str, live: bool) -> (i64, i64) {
    let (v, id) = start(env, text).await;
    if !live {
        env.services
            .conversations
            .end(&Party::Visitor(v), id)
            .await
            .expect("end");
    }
    (v, id)
}

async fn first_text(env: &TestEnv, v: i64, id: i64) -> String {
    let history = env
        .services
        .conversations
        .history(&Party::Visitor(v), id, 0)
        .await
        .unwrap();
    history
        .into_iter()
        .find(|m| m.sender == model::chat::Sender::Visitor)
        .unwrap()
        .body
}

/// Step `masking` until its run finishes.
async fn finish(masking: &MaskingService) {
    for _ in 0..1000 {
        if let Step::Finished(_) = masking.step().await.unwrap() {
            return;
        }
    }
    panic!("the run did not finish");
}

#[tokio::test]
async fn rules_need_manage_automation_and_custom_patterns_must_compile() {
    let env = env().await;
    let m = &env.services.masking;
    let agent = agent_with(&env, "agent@example.com", &[Permission::ViewAllTranscripts]).await;
    assert!(matches!(m.rules(&agent).await, Err(Error::Forbidden)));
    assert!(matches!(
        m.save_rule(&agent, None, card_rule()).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(m.runs(&agent).await, Err(Error::Forbidden)));
    assert!(matches!(m.run_now(&agent).await, Err(Error::Forbidden)));
    assert!(matches!(
        m.preview(&agent, CARD, None).await,
        Err(Error::Forbidden)
    ));

    // Nothing to run yet.
    let err = m.run_now(&env.admin).await.unwrap_err();
    assert!(
        matches!(&err, Error::Invalid(f) if f[0].field == "rules"),
        "{err:?}"
    );

    let bad = MaskRuleInput {
        name: "Orders".into(),
        pattern: MaskPattern::Custom,
        regex: "(unclosed".into(),
        ..card_rule()
    };
    let err = m
        .save_rule(&env.admin, None, bad.clone())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Invalid(f) if f[0].field == "regex" && f[0].code == "invalid_regex")
    );
    let good = MaskRuleInput {
        regex: r"ORD-\d{6}".into(),
        ..bad
    };
    let orders = m.save_rule(&env.admin, None, good).await.unwrap();
    let cards = m.save_rule(&env.admin, None, card_rule()).await.unwrap();
    let names: Vec<String> = m
        .rules(&env.admin)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["Orders", "Bank cards"]);

    let preview = m
        .preview(&env.admin, &format!("卡号{CARD}，订单ORD-123456"), None)
        .await
        .unwrap();
    assert_eq!(preview.text, "卡号************7894，订单***-**3456");
    assert_eq!(preview.replaced, 2);

    m.delete_rule(&env.admin, orders.id).await.unwrap();
    assert_eq!(m.rules(&env.admin).await.unwrap()[0].id, cards.id);
    let audit = env
        .services
        .audit
        .list(&env.admin, &Default::default())
        .await
        .unwrap();
    let masking = audit
        .events
        .iter()
        .filter(|e| e.kind == model::audit::AuditKind::Masking)
        .count();
    assert_eq!(masking, 3, "two created, one deleted");
}

#[tokio::test]
async fn a_run_rewrites_ended_conversations_only_and_logs_itself() {
    let env = env().await;
    let m = &env.services.masking;
    m.save_rule(&env.admin, None, card_rule()).await.unwrap();
    let (v1, ended) = chat(&env, &format!("我的卡号是{CARD}"), false).await;
    let (v2, live) = chat(&env, &format!("card {CARD}"), true).await;
    let (v3, plain) = chat(&env, "no numbers here", false).await;

    let run = m.run_now(&env.admin).await.unwrap();
    assert_eq!(run.state, MaskRunState::Running);
    assert_eq!(run.total, 2, "the two ended conversations");
    let err = m.run_now(&env.admin).await.unwrap_err();
    assert!(
        matches!(&err, Error::Invalid(f) if f[0].code == "already_running"),
        "{err:?}"
    );
    finish(m).await;

    assert_eq!(
        first_text(&env, v1, ended).await,
        "我的卡号是************7894"
    );
    assert_eq!(
        first_text(&env, v2, live).await,
        format!("card {CARD}"),
        "live chats wait"
    );
    assert_eq!(first_text(&env, v3, plain).await, "no numbers here");

    let log = m.runs(&env.admin).await.unwrap();
    assert_eq!(log.len(), 1);
    let done = &log[0];
    assert_eq!(done.state, MaskRunState::Done);
    assert_eq!((done.total, done.done), (2, 2));
    assert_eq!((done.conversations_changed, done.messages_changed), (1, 1));
    assert_eq!(done.rules, ["Bank cards"]);
    assert!(done.started_by.is_some());
    assert!(done.duration_ms.is_some());
    assert_eq!(done.percent(), 100);
    // The next run may start, and changes nothing already masked.
    m.run_now(&env.admin).await.unwrap();
    finish(m).await;
    assert_eq!(m.runs(&env.admin).await.unwrap()[0].messages_changed, 0);
}

#[tokio::test]
async fn a_crashed_run_is_resumed_by_another_process_without_redoing_a_batch() {
    let env = env().await;
    env.services
        .masking
        .save_rule(&env.admin, None, card_rule())
        .await
        .unwrap();
    let count = BATCH as usize + 5;
    let mut chats = Vec::with_capacity(count);
    for _ in 0..count {
        chats.push(chat(&env, &format!("card {CARD}"), false).await);
    }
    env.services.masking.run_now(&env.admin).await.unwrap();
    // Process A does one batch, then dies holding the lease.
    assert!(matches!(
        env.services.masking.step().await.unwrap(),
        Step::Batch(_)
    ));
    let progress = &env.services.masking.runs(&env.admin).await.unwrap()[0];
    assert_eq!(progress.done, BATCH as i64);
    assert!(progress.percent() > 90 && progress.percent() < 100);

    // Process B, on the same database, waits for the lease to lapse.
    let files = domain::files::FileStore::new(std::env::temp_dir().join("switchboard-b"), 1024);
    let b = Services::new(env.services.db.clone(), Arc::new(env.clock.clone()), files);
    assert_eq!(b.masking.step().await.unwrap(), Step::Idle);
    env.clock.advance(LEASE + Duration::seconds(1));
    finish(&b.masking).await;

    let log = &b.masking.runs(&env.admin).await.unwrap()[0];
    assert_eq!(log.state, MaskRunState::Done);
    assert_eq!(log.done, count as i64, "no conversation counted twice");
    assert_eq!(log.conversations_changed, count as i64);
    assert_eq!(log.messages_changed, count as i64);
    for (v, id) in [chats[0], chats[count - 1]] {
        assert_eq!(first_text(&env, v, id).await, "card ************7894");
    }
    // A comes back: nothing is left for it.
    assert_eq!(env.services.masking.step().await.unwrap(), Step::Idle);
}

#[tokio::test]
async fn the_schedule_starts_one_run_per_daily_slot() {
    let env = env().await;
    let m = &env.services.masking;
    m.save_rule(&env.admin, None, card_rule()).await.unwrap();
    let (v, id) = chat(&env, &format!("card {CARD}"), false).await;
    let saved = m
        .save_schedule(
            &env.admin,
            MaskSchedule {
                enabled: true,
                time: "03:00".into(),
                utc_offset_mins: 480,
            },
        )
        .await
        .unwrap();
    assert_eq!(saved.time, "03:00");
    let err = m
        .save_schedule(
            &env.admin,
            MaskSchedule {
                time: "25:00".into(),
                ..saved.clone()
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Invalid(f) if f[0].field == "time"));

    // The clock starts at 17:00 in Beijing: today's 03:00 is long gone.
    assert_eq!(m.tick().await.unwrap(), None);
    // 03:00 in Beijing is 19:00 UTC the day before.
    let slot = Utc.with_ymd_and_hms(2026, 11, 24, 19, 0, 0).unwrap();
    env.clock
        .advance(slot - env.clock_now() + Duration::seconds(30));
    let run = m.tick().await.unwrap().expect("a scheduled run");
    assert_eq!(m.tick().await.unwrap(), None, "a slot runs once");
    m.work().await.unwrap();
    assert_eq!(first_text(&env, v, id).await, "card ************7894");
    let log = &m.runs(&env.admin).await.unwrap()[0];
    assert_eq!((log.id, log.started_by.as_deref()), (run, None));

    env.clock.advance(Duration::days(1));
    assert!(m.tick().await.unwrap().is_some(), "the next night's slot");
}
