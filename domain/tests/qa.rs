//! QA (M4) on a real database: scorecards with checked categories, reviews
//! of ended conversations scored by the scoring rules (a critical category
//! failing the review), an agent's dispute and the reviewer's answer,
//! the random sample, every read limited to reviewers and the agent
//! reviewed, and the QA average in the agent work report.

use chrono::{Duration, NaiveDate};
use domain::chat::Party;
use domain::{Actor, Error};
use model::qa::{
    QaCandidateQuery, QaCategory, QaResolveInput, QaReviewInput, QaReviewQuery, QaReviewState,
    QaScale, QaScore, QaScorecardInput,
};
use model::reports::ReportQuery;
use model::Permission;

use crate::common::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn category(name: &str, scale: QaScale, weight: i32, critical: bool) -> QaCategory {
    QaCategory {
        id: 0,
        name: name.into(),
        scale,
        weight,
        critical,
        na_allowed: !critical,
    }
}

fn score(category_id: i32, points: Option<i32>) -> QaScore {
    QaScore {
        category_id,
        points,
        comment: String::new(),
    }
}

fn codes(e: Error) -> Vec<(String, String)> {
    match e {
        Error::Invalid(e) => e.into_iter().map(|f| (f.field, f.code)).collect(),
        other => panic!("not a field error: {other}"),
    }
}

/// An ended conversation `agent` answered: its id.
async fn answered(env: &TestEnv, agent: &Actor, text: &str) -> i64 {
    let (v, id) = start(env, text).await;
    env.clock.advance(Duration::seconds(20));
    let convs = &env.services.conversations;
    convs.agent_send(agent, id, "r", "Hello!").await.unwrap();
    convs.end(&Party::Visitor(v), id).await.unwrap();
    id
}

fn this_week() -> QaReviewQuery {
    QaReviewQuery {
        from: today() - Duration::days(6),
        to: today(),
        ..Default::default()
    }
}

#[tokio::test]
async fn scorecards_are_checked_audited_and_kept_to_reviewers() {
    let env = env().await;
    let qa = &env.services.qa;
    let e = qa
        .save_scorecard(
            &env.admin,
            None,
            QaScorecardInput {
                name: " ".into(),
                categories: vec![category("Greeting", QaScale::Five, 0, false)],
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        codes(e),
        vec![
            ("name".into(), "required".into()),
            ("categories.0.weight".into(), "too_small".into()),
        ]
    );
    let card = qa
        .save_scorecard(
            &env.admin,
            None,
            QaScorecardInput {
                name: "Chat quality".into(),
                categories: vec![
                    category("Greeting", QaScale::YesNo, 1, false),
                    category("Solved", QaScale::Five, 3, true),
                ],
            },
        )
        .await
        .unwrap();
    let ids: Vec<i32> = card.categories.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![1, 2]);
    // Edited: the first removed, one added; the new one is 3, not 1.
    let mut edited = card.categories[1..].to_vec();
    edited.push(category("Tone", QaScale::Three, 2, false));
    let card = qa
        .save_scorecard(
            &env.admin,
            Some(card.id),
            QaScorecardInput {
                name: "Chat quality".into(),
                categories: edited,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        card.categories.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![2, 3]
    );
    let log = env
        .services
        .audit
        .list(&env.admin, &Default::default())
        .await
        .unwrap();
    assert!(log
        .events
        .iter()
        .any(|e| e.kind == model::audit::AuditKind::QaScorecard));

    let plain = online_agent(&env, "plain@example.com", None).await;
    assert!(matches!(qa.scorecards(&plain).await, Err(Error::Forbidden)));
    let retired = qa
        .set_scorecard_retired(&env.admin, card.id, true)
        .await
        .unwrap();
    assert!(retired.retired);
}

#[tokio::test]
async fn a_review_is_scored_disputed_and_answered() {
    let env = env().await;
    let agent = online_agent(&env, "agent@example.com", Some(5)).await;
    let id = answered(&env, &agent, "my parcel is late").await;
    let (_, live) = start(&env, "still here").await;
    let reviewer = agent_with(&env, "reviewer@example.com", &[Permission::Qa]).await;
    env.services
        .agents
        .set_status(&reviewer, model::people::AgentStatus::Offline)
        .await
        .unwrap();
    let qa = &env.services.qa;
    let card = qa
        .save_scorecard(
            &reviewer,
            None,
            QaScorecardInput {
                name: "Chat quality".into(),
                categories: vec![
                    category("Greeting", QaScale::YesNo, 1, false),
                    category("Solved", QaScale::Five, 3, true),
                ],
            },
        )
        .await
        .unwrap();
    let input = |conversation_id, scores| QaReviewInput {
        conversation_id,
        scorecard_id: card.id,
        scores,
        comment: "Polite, but the parcel was not traced.".into(),
    };

    // A reviewer without View all transcripts reads the ended chat.
    let lines = env
        .services
        .conversations
        .history(&Party::Agent(reviewer.clone()), id, 0)
        .await
        .unwrap();
    assert!(lines.iter().any(|m| m.body == "my parcel is late"));
    assert!(matches!(
        env.services
            .conversations
            .history(&Party::Agent(reviewer.clone()), live, 0)
            .await,
        Err(Error::NotFound)
    ));

    // Bad scores: N/A on a critical category is not allowed.
    let e = qa
        .submit(
            &reviewer,
            input(id, vec![score(1, Some(1)), score(2, None)]),
        )
        .await
        .unwrap_err();
    assert_eq!(codes(e), vec![("scores.2".into(), "na_not_allowed".into())]);
    // A live conversation cannot be reviewed.
    let e = qa
        .submit(
            &reviewer,
            input(live, vec![score(1, Some(1)), score(2, Some(5))]),
        )
        .await
        .unwrap_err();
    assert_eq!(
        codes(e),
        vec![("conversation_id".into(), "not_ended".into())]
    );

    // Solved 2 of 5 (25) on the critical category fails the review.
    let review = qa
        .submit(
            &reviewer,
            input(id, vec![score(1, Some(1)), score(2, Some(2))]),
        )
        .await
        .unwrap();
    assert_eq!(review.agent_id, agent.agent_id);
    assert!(review.result.failed);
    assert_eq!(review.result.score, 0.0);
    assert_eq!(review.result.raw, (100.0 + 25.0 * 3.0) / 4.0);
    assert_eq!(review.state, QaReviewState::Submitted);
    let e = qa
        .submit(
            &reviewer,
            input(id, vec![score(1, Some(1)), score(2, Some(5))]),
        )
        .await
        .unwrap_err();
    assert_eq!(
        codes(e),
        vec![("scorecard_id".into(), "already_reviewed".into())]
    );

    // The agent sees their own review; another agent sees none of it.
    let mine = qa.reviews(&agent, &this_week()).await.unwrap();
    assert_eq!(mine.reviews.len(), 1);
    assert_eq!(mine.averages[0].average, 0.0);
    let other = online_agent(&env, "other@example.com", None).await;
    env.services
        .agents
        .set_status(&other, model::people::AgentStatus::Offline)
        .await
        .unwrap();
    let theirs = qa
        .reviews(
            &other,
            &QaReviewQuery {
                agent_id: Some(agent.agent_id),
                ..this_week()
            },
        )
        .await
        .unwrap();
    assert!(
        theirs.reviews.is_empty(),
        "only their own, whatever they ask"
    );
    assert!(matches!(
        qa.review(&other, review.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        qa.dispute(&other, review.id, "not fair").await,
        Err(Error::NotFound)
    ));

    // The agent disputes, once.
    let e = qa.dispute(&agent, review.id, "  ").await.unwrap_err();
    assert_eq!(codes(e), vec![("comment".into(), "required".into())]);
    let disputed = qa
        .dispute(&agent, review.id, "I traced it in the second message.")
        .await
        .unwrap();
    assert_eq!(disputed.state, QaReviewState::Disputed);
    let e = qa.dispute(&agent, review.id, "again").await.unwrap_err();
    assert_eq!(codes(e), vec![("state".into(), "not_disputable".into())]);
    // Only a reviewer answers.
    assert!(matches!(
        qa.resolve(
            &agent,
            review.id,
            QaResolveInput {
                accept: true,
                comment: "mine".into(),
                scores: None
            }
        )
        .await,
        Err(Error::Forbidden)
    ));
    let rejected = qa
        .resolve(
            &reviewer,
            review.id,
            QaResolveInput {
                accept: false,
                comment: "The tracking number was never given.".into(),
                scores: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(rejected.state, QaReviewState::Rejected);
    assert_eq!(
        rejected.result.score, 0.0,
        "a rejected dispute keeps the score"
    );
    assert_eq!(
        qa.review(&agent, review.id)
            .await
            .unwrap()
            .resolution
            .as_deref(),
        Some("The tracking number was never given.")
    );

    // An accepted dispute with new scores replaces the old.
    let second = answered(&env, &agent, "refund please").await;
    let r = qa
        .submit(
            &reviewer,
            input(second, vec![score(1, Some(0)), score(2, Some(3))]),
        )
        .await
        .unwrap();
    assert!(!r.result.failed);
    qa.dispute(&agent, r.id, "I did greet").await.unwrap();
    let accepted = qa
        .resolve(
            &reviewer,
            r.id,
            QaResolveInput {
                accept: true,
                comment: "Right, you did.".into(),
                scores: Some(vec![score(1, Some(1)), score(2, Some(3))]),
            },
        )
        .await
        .unwrap();
    assert_eq!(accepted.state, QaReviewState::Accepted);
    assert_eq!(accepted.result.score, (100.0 + 50.0 * 3.0) / 4.0);

    // The agent work report's QA column: the mean of 0 and 62.5.
    let work = env
        .services
        .reports
        .agent_work(
            &env.admin,
            &ReportQuery {
                from: today(),
                to: today(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let row = work
        .rows
        .iter()
        .find(|r| r.agent_id == agent.agent_id)
        .unwrap();
    assert_eq!((row.qa_average, row.qa_reviews), (Some(31.25), 2));
    let list = qa.reviews(&reviewer, &this_week()).await.unwrap();
    assert_eq!(list.averages.len(), 1);
    assert_eq!((list.averages[0].reviews, list.averages[0].failed), (2, 1));
}

#[tokio::test]
async fn a_sample_picks_n_unreviewed_conversations_per_agent() {
    let env = env().await;
    let a = online_agent(&env, "a@example.com", Some(1)).await;
    let mut of_a = vec![];
    for i in 0..4 {
        of_a.push(answered(&env, &a, &format!("a{i}")).await);
    }
    env.services
        .agents
        .set_status(&a, model::people::AgentStatus::Offline)
        .await
        .unwrap();
    let b = online_agent(&env, "b@example.com", Some(1)).await;
    let of_b = answered(&env, &b, "b0").await;
    let reviewer = agent_with(&env, "qa@example.com", &[Permission::Qa]).await;
    let qa = &env.services.qa;
    let q = QaCandidateQuery {
        from: today(),
        to: today(),
        ..Default::default()
    };
    let all = qa.candidates(&reviewer, &q).await.unwrap();
    assert_eq!(all.len(), 5);
    assert!(all.iter().all(|c| c.reviews == 0));
    let only_b = qa
        .candidates(
            &reviewer,
            &QaCandidateQuery {
                agent_id: Some(b.agent_id),
                ..q.clone()
            },
        )
        .await
        .unwrap();
    assert_eq!(only_b.len(), 1);
    assert_eq!(only_b[0].conversation_id, of_b);

    // Review one of a's; a sample of 2 per agent leaves it out.
    let card = qa
        .save_scorecard(
            &reviewer,
            None,
            QaScorecardInput {
                name: "Quick".into(),
                categories: vec![category("Solved", QaScale::YesNo, 1, false)],
            },
        )
        .await
        .unwrap();
    qa.submit(
        &reviewer,
        QaReviewInput {
            conversation_id: of_a[0],
            scorecard_id: card.id,
            scores: vec![score(1, Some(1))],
            comment: String::new(),
        },
    )
    .await
    .unwrap();
    for _ in 0..5 {
        let sample = qa
            .candidates(
                &reviewer,
                &QaCandidateQuery {
                    sample: Some(2),
                    ..q.clone()
                },
            )
            .await
            .unwrap();
        let a_ids: Vec<i64> = sample
            .iter()
            .filter(|c| c.agent_id == a.agent_id)
            .map(|c| c.conversation_id)
            .collect();
        assert_eq!(a_ids.len(), 2);
        assert!(!a_ids.contains(&of_a[0]), "reviewed ones are not sampled");
        assert_eq!(
            sample.iter().filter(|c| c.agent_id == b.agent_id).count(),
            1
        );
    }
    let e = qa
        .candidates(
            &reviewer,
            &QaCandidateQuery {
                sample: Some(0),
                ..q.clone()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(codes(e), vec![("sample".into(), "out_of_range".into())]);
    assert!(matches!(qa.candidates(&a, &q).await, Err(Error::Forbidden)));
}
