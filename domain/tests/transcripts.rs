//! Transcript search (M2) on a real database (SQLite and PostgreSQL): the
//! index the writer keeps finds Chinese and English words, marks them,
//! narrows by filters and by who may see, pages by cursor, and forgets
//! what a masking run replaced.

use domain::chat::Party;
use domain::Error;
use model::masking::{MaskMode, MaskPattern, MaskRuleInput};
use model::transcripts::{TranscriptPage, TranscriptQuery, TranscriptState};
use model::Permission;

use crate::common::*;

fn words(text: &str) -> TranscriptQuery {
    TranscriptQuery {
        text: text.into(),
        ..Default::default()
    }
}

async fn search(env: &TestEnv, who: &domain::Actor, q: TranscriptQuery) -> TranscriptPage {
    env.services.transcripts.search(who, &q).await.unwrap()
}

fn ids(page: &TranscriptPage) -> Vec<i64> {
    page.hits.iter().map(|h| h.conversation.id).collect()
}

fn marked(page: &TranscriptPage) -> Vec<String> {
    page.hits
        .iter()
        .flat_map(|h| &h.lines)
        .flat_map(|l| &l.fragments)
        .filter(|f| f.mark)
        .map(|f| f.text.clone())
        .collect()
}

fn field_code(e: Error) -> String {
    match e {
        Error::Invalid(f) => f[0].code.clone(),
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[tokio::test]
async fn chinese_and_english_words_find_their_conversation_marked() {
    let env = env().await;
    let agent = online_agent(&env, "finder@example.com", None).await;
    let (_, id) = start(&env, "我的包裹退款什么时候到账？").await;
    env.services
        .conversations
        .agent_send(&agent, id, "r1", "Your REFUNDS were issued yesterday")
        .await
        .unwrap();
    let (_, other) = start(&env, "发票怎么开").await;

    let page = search(&env, &env.admin, words("退款")).await;
    assert_eq!(ids(&page), [id]);
    assert_eq!(marked(&page), ["退款"]);
    // Traditional characters and full-width letters find the same words.
    assert_eq!(ids(&search(&env, &env.admin, words("到帳")).await), [id]);
    let page = search(&env, &env.admin, words("ｒｅｆｕｎｄ")).await;
    assert_eq!(
        (ids(&page), marked(&page)),
        (vec![id], vec!["REFUNDS".to_owned()])
    );
    // Every word, in one line.
    assert_eq!(
        ids(&search(&env, &env.admin, words("refund yesterday")).await),
        [id]
    );
    assert!(search(&env, &env.admin, words("refund 发票"))
        .await
        .hits
        .is_empty());
    assert_eq!(ids(&search(&env, &env.admin, words("发票")).await), [other]);
    // No words: every conversation, newest first, without lines.
    let all = search(&env, &env.admin, TranscriptQuery::default()).await;
    assert_eq!(ids(&all), [other, id]);
    assert!(all.hits.iter().all(|h| h.lines.is_empty()));
}

#[tokio::test]
async fn agents_find_only_their_own_and_filters_narrow() {
    let env = env().await;
    let ann = online_agent(&env, "ann@example.com", Some(1)).await;
    let (v1, first) = start(&env, "订单 first").await;
    let bo = online_agent(&env, "bo@example.com", Some(1)).await;
    let (_, second) = start(&env, "订单 second").await;
    assert_eq!(status(&env, v1, first).await.agent_id, Some(ann.agent_id));
    env.services
        .conversations
        .end(&Party::Visitor(v1), first)
        .await
        .unwrap();

    assert_eq!(ids(&search(&env, &ann, words("订单")).await), [first]);
    assert_eq!(ids(&search(&env, &bo, words("订单")).await), [second]);
    // Naming another agent does not widen what an agent may see.
    let q = TranscriptQuery {
        agent_id: Some(bo.agent_id),
        ..words("订单")
    };
    assert!(search(&env, &ann, q.clone()).await.hits.is_empty());
    let lead = agent_with(&env, "lead@example.com", &[Permission::ViewAllTranscripts]).await;
    assert_eq!(ids(&search(&env, &lead, q).await), [second]);
    assert_eq!(
        ids(&search(&env, &lead, words("订单")).await),
        [second, first]
    );

    let state = |state| TranscriptQuery {
        state,
        ..words("订单")
    };
    assert_eq!(
        ids(&search(&env, &lead, state(TranscriptState::Ended)).await),
        [first]
    );
    assert_eq!(
        ids(&search(&env, &lead, state(TranscriptState::Live)).await),
        [second]
    );
    let web = TranscriptQuery {
        channel: Some("wechat".into()),
        ..words("订单")
    };
    assert!(search(&env, &lead, web).await.hits.is_empty());
    // Days in the team's zone (UTC+08:00 by default).
    let today = (env.clock_now() + chrono::Duration::hours(8)).date_naive();
    let days = |from, to| TranscriptQuery {
        from,
        to,
        ..words("订单")
    };
    assert_eq!(
        search(&env, &lead, days(Some(today), Some(today)))
            .await
            .hits
            .len(),
        2
    );
    assert!(search(&env, &lead, days(today.succ_opt(), None))
        .await
        .hits
        .is_empty());
    assert!(search(&env, &lead, days(None, today.pred_opt()))
        .await
        .hits
        .is_empty());
}

#[tokio::test]
async fn pages_follow_the_cursor_and_bad_queries_are_refused() {
    let env = env().await;
    let _agent = online_agent(&env, "pager@example.com", Some(50)).await;
    let mut started = vec![];
    for i in 0..25 {
        started.push(start(&env, &format!("物流 question {i}")).await.1);
    }
    started.reverse();
    let first = search(&env, &env.admin, words("物流")).await;
    assert_eq!(first.hits.len(), 20);
    let next = TranscriptQuery {
        cursor: first.next.clone(),
        ..words("物流")
    };
    let second = search(&env, &env.admin, next).await;
    assert_eq!(second.next, None);
    let seen: Vec<i64> = ids(&first).into_iter().chain(ids(&second)).collect();
    assert_eq!(seen, started, "newest first, each once");

    let t = &env.services.transcripts;
    let bad = TranscriptQuery {
        cursor: Some("abc".into()),
        ..Default::default()
    };
    assert_eq!(
        field_code(t.search(&env.admin, &bad).await.unwrap_err()),
        "invalid"
    );
    assert_eq!(
        field_code(t.search(&env.admin, &words("的 the")).await.unwrap_err()),
        "no_terms"
    );
    let long = words(&"长".repeat(201));
    assert_eq!(
        field_code(t.search(&env.admin, &long).await.unwrap_err()),
        "too_long"
    );
    // Far-off or crossed dates are a field error, never a crash.
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    for (from, to) in [
        (day(-262_000, 1, 1), None),
        (None, day(262_000, 1, 1)),
        (day(2026, 12, 3), day(2026, 12, 1)),
    ] {
        let q = TranscriptQuery {
            from,
            to,
            ..Default::default()
        };
        let code = field_code(t.search(&env.admin, &q).await.unwrap_err());
        assert_eq!(code, "out_of_range");
    }
}

/// More matches than the index hands out at once (64), and the oldest
/// conversation speaking last: its match is the newest in the index, yet
/// it comes last, and the scan that stops early still orders and pages
/// exactly.
#[tokio::test]
async fn newest_conversations_come_first_however_late_an_old_one_spoke() {
    let env = env().await;
    let agent = online_agent(&env, "scanner@example.com", Some(100)).await;
    let (old_v, old) = start(&env, "退款 first").await;
    let mut started = vec![];
    for i in 0..45 {
        let (_, id) = start(&env, &format!("退款 question {i}")).await;
        env.services
            .conversations
            .agent_send(&agent, id, &format!("r{i}"), "退款已处理")
            .await
            .unwrap();
        started.push(id);
    }
    env.services
        .conversations
        .visitor_send(
            old_v,
            Some(old),
            "late",
            "还是退款的事",
            &Default::default(),
        )
        .await
        .unwrap();
    started.reverse();
    started.push(old);
    let mut seen = vec![];
    let mut cursor = None;
    loop {
        let q = TranscriptQuery {
            cursor: cursor.clone(),
            ..words("退款")
        };
        let page = search(&env, &env.admin, q).await;
        assert!(
            page.hits.iter().all(|h| !h.lines.is_empty()),
            "each with its lines"
        );
        seen.extend(ids(&page));
        cursor = page.next;
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen, started, "newest conversation first, each once");
    // The old one's lines are its own, oldest first.
    let q = TranscriptQuery {
        cursor: Some((old + 1).to_string()),
        ..words("退款")
    };
    let last = search(&env, &env.admin, q).await;
    let lines: Vec<i64> = last.hits[0].lines.iter().map(|l| l.seq).collect();
    assert_eq!(last.hits[0].conversation.id, old);
    assert!(
        lines.windows(2).all(|w| w[0] < w[1]) && lines.len() == 2,
        "{lines:?}"
    );
}

#[tokio::test]
async fn masked_text_is_no_longer_found_by_what_it_said() {
    let env = env().await;
    let _agent = online_agent(&env, "masked@example.com", None).await;
    let (v, id) = start(&env, "卡号 6222 0212 3456 7894 退款").await;
    env.services
        .conversations
        .end(&Party::Visitor(v), id)
        .await
        .unwrap();
    assert_eq!(ids(&search(&env, &env.admin, words("6222")).await), [id]);
    let m = &env.services.masking;
    let rule = MaskRuleInput {
        name: "Cards".into(),
        pattern: MaskPattern::BankCard,
        regex: String::new(),
        mode: MaskMode::KeepLast4,
        enabled: true,
    };
    m.save_rule(&env.admin, None, rule).await.unwrap();
    m.run_now(&env.admin).await.unwrap();
    for _ in 0..100 {
        if let domain::masking::run::Step::Finished(_) = m.step().await.unwrap() {
            break;
        }
    }
    assert!(search(&env, &env.admin, words("6222"))
        .await
        .hits
        .is_empty());
    let page = search(&env, &env.admin, words("7894 退款")).await;
    assert_eq!(ids(&page), [id]);
    let shown: String = page.hits[0].lines[0]
        .fragments
        .iter()
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(shown, "卡号 **** **** **** 7894 退款");
}

/// Messages from before the index (an upgrade) are indexed by the
/// backfill, a batch at a time, and it stops at the end.
#[tokio::test]
async fn the_backfill_indexes_older_messages_and_stops_at_the_end() {
    use domain::transcripts::{backfill, index};
    use sea_orm::{EntityTrait, QuerySelect};
    let env = env().await;
    let _agent = online_agent(&env, "older@example.com", None).await;
    let (_, id) = start(&env, "旧消息 invoice").await;
    let all: Vec<i64> = domain::entities::message::Entity::find()
        .select_only()
        .column(domain::entities::message::Column::Id)
        .into_tuple()
        .all(&env.services.db)
        .await
        .unwrap();
    index::remove(&env.services.db, &all).await.unwrap();
    assert!(search(&env, &env.admin, words("invoice"))
        .await
        .hits
        .is_empty());
    let mut steps = 0;
    while backfill::step(&env.services.db).await.unwrap() {
        steps += 1;
        assert!(steps < 10, "the backfill ends");
    }
    assert_eq!(
        ids(&search(&env, &env.admin, words("旧消息 invoice")).await),
        [id]
    );
    assert!(
        !backfill::step(&env.services.db).await.unwrap(),
        "done stays done"
    );
}

#[tokio::test]
async fn customer_tags_narrow_and_a_conversation_opens_with_its_rating() {
    use model::automation::{RatingInput, SurveySettings};
    use model::customers::TagInput;
    let env = env().await;
    let s = &env.services;
    let ann = online_agent(&env, "ann@example.com", None).await;
    let (v1, tagged) = start(&env, "账单 tagged").await;
    let (_, plain) = start(&env, "账单 plain").await;
    let vip = s
        .tags
        .save(
            &env.admin,
            None,
            TagInput {
                name: "VIP".into(),
                color: "#2563eb".into(),
            },
        )
        .await
        .unwrap();
    let customer = s.customers.of_conversation(&ann, tagged).await.unwrap();
    s.customers
        .set_tag(&ann, customer.id, vip.id, true)
        .await
        .unwrap();
    let by_tag = TranscriptQuery {
        tag_id: Some(vip.id),
        ..words("账单")
    };
    assert_eq!(ids(&search(&env, &env.admin, by_tag).await), [tagged]);
    assert_eq!(
        ids(&search(&env, &env.admin, words("账单")).await),
        [plain, tagged]
    );

    // The filters offer a plain agent only themselves; a lead everyone.
    let offered = s.transcripts.filter_options(&ann).await.unwrap();
    assert_eq!(offered.agents.len(), 1);
    assert_eq!(offered.tags.len(), 1);
    let lead = agent_with(&env, "lead@example.com", &[Permission::ViewAllTranscripts]).await;
    let offered = s.transcripts.filter_options(&lead).await.unwrap();
    assert!(offered.agents.len() >= 2);

    // In full: the lines, and the rating once given.
    s.survey
        .set_settings(
            &env.admin,
            SurveySettings {
                enabled: true,
                levels: vec!["Great".into(), "Bad".into()],
                comment: true,
                ask_on_end: false,
            },
        )
        .await
        .unwrap();
    s.conversations
        .end(&Party::Visitor(v1), tagged)
        .await
        .unwrap();
    let rating = RatingInput {
        level: 1,
        comment: Some("fast".into()),
    };
    s.survey.rate(v1, tagged, rating).await.unwrap();
    let full = s.transcripts.open(&lead, tagged).await.unwrap();
    assert_eq!(full.conversation.id, tagged);
    assert!(full.messages.iter().any(|m| m.body == "账单 tagged"));
    let r = full.rating.expect("rated");
    assert_eq!((r.level, r.label.as_str()), (1, "Great"));
    assert_eq!(r.comment.as_deref(), Some("fast"));
    assert_eq!(
        r.agent_name.as_deref(),
        Some(full.conversation.agent_name.as_deref().unwrap())
    );
    assert!(s
        .transcripts
        .open(&ann, plain)
        .await
        .unwrap()
        .rating
        .is_none());
    // Someone else's conversation is not there for a plain agent.
    let bo = agent_with(&env, "bo@example.com", &[]).await;
    assert!(matches!(
        s.transcripts.open(&bo, tagged).await,
        Err(Error::NotFound)
    ));
}
