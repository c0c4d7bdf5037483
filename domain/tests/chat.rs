//! Live chat against a real database: exactly-once messages, sequence
//! numbers, access checks, assignment, transfer and end.

use crate::common;
use crate::common::{online_agent, visitor};
use domain::chat::{Party, StartInfo, TransferTarget};
use domain::Error;
use model::chat::{ConversationStatus, Sender, VisitorHello};

#[tokio::test]
async fn first_message_starts_a_welcomed_assigned_conversation() {
    let env = common::env().await;
    let chat = &env.services;
    let agent = online_agent(&env, "li@example.com", None).await;
    let (v, token) = visitor(&env).await;
    let m = chat
        .conversations
        .visitor_send(v, None, "c-1", "  Hello  ", &StartInfo::default())
        .await
        .unwrap();
    assert_eq!(
        (m.seq, m.body.as_str(), m.sender),
        (2, "Hello", Sender::Visitor)
    );

    let history = chat
        .conversations
        .history(&Party::Visitor(v), m.conversation_id, 0)
        .await
        .unwrap();
    assert_eq!(history[0].sender, Sender::System, "welcome message first");
    let conv = chat
        .conversations
        .get(&Party::Visitor(v), m.conversation_id)
        .await
        .unwrap();
    assert_eq!(conv.status, ConversationStatus::Active);
    assert_eq!(conv.agent_id, Some(agent.agent_id));

    // The returning visitor gets the same conversation back.
    let again = chat
        .visitors
        .hello(VisitorHello {
            token: Some(token),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(again.visitor_id, v);
    assert_eq!(again.conversation.unwrap().id, m.conversation_id);
    assert_eq!(again.messages.len(), 2);
}

#[tokio::test]
async fn retries_never_duplicate_and_seqs_have_no_gaps() {
    let env = common::env().await;
    let chat = env.services.clone();
    let agent = online_agent(&env, "a@example.com", None).await;
    let (v, _) = visitor(&env).await;
    let first = chat
        .conversations
        .visitor_send(v, None, "same-id", "one", &StartInfo::default())
        .await
        .unwrap();
    let retry = chat
        .conversations
        .visitor_send(v, None, "same-id", "one", &StartInfo::default())
        .await
        .unwrap();
    assert_eq!(first, retry);

    let conv = first.conversation_id;
    let mut tasks = vec![];
    for i in 0..20 {
        let chat = chat.clone();
        let agent = agent.clone();
        tasks.push(tokio::spawn(async move {
            if i % 2 == 0 {
                chat.conversations
                    .visitor_send(
                        v,
                        Some(conv),
                        &format!("v-{i}"),
                        "hi",
                        &StartInfo::default(),
                    )
                    .await
            } else {
                chat.conversations
                    .agent_send(&agent, conv, &format!("a-{i}"), "hello")
                    .await
            }
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    // Same ids again: all deduplicated.
    for i in (0..20).step_by(2) {
        chat.conversations
            .visitor_send(
                v,
                Some(conv),
                &format!("v-{i}"),
                "hi",
                &StartInfo::default(),
            )
            .await
            .unwrap();
    }
    let all = chat
        .conversations
        .history(&Party::Agent(agent), conv, 0)
        .await
        .unwrap();
    let seqs: Vec<i64> = all.iter().map(|m| m.seq).collect();
    assert_eq!(
        seqs,
        (1..=22).collect::<Vec<_>>(),
        "welcome + 1 + 20, consecutive"
    );
}

#[tokio::test]
async fn nobody_reads_someone_elses_conversation() {
    let env = common::env().await;
    let chat = &env.services;
    let mine = online_agent(&env, "mine@example.com", None).await;
    let (v1, _) = visitor(&env).await;
    let (v2, _) = visitor(&env).await;
    let m = chat
        .conversations
        .visitor_send(v1, None, "x", "secret", &StartInfo::default())
        .await
        .unwrap();
    assert!(matches!(
        chat.conversations
            .history(&Party::Visitor(v2), m.conversation_id, 0)
            .await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        chat.conversations
            .visitor_send(
                v2,
                Some(m.conversation_id),
                "y",
                "hi",
                &StartInfo::default()
            )
            .await,
        Err(Error::NotFound)
    ));
    let other = online_agent(&env, "other@example.com", None).await;
    assert_eq!(
        chat.conversations
            .get(&Party::Agent(mine.clone()), m.conversation_id)
            .await
            .unwrap()
            .agent_id,
        Some(mine.agent_id)
    );
    assert!(matches!(
        chat.conversations
            .agent_send(&other, m.conversation_id, "z", "hi")
            .await,
        Err(Error::NotFound)
    ));
    // Bad input is a field error.
    let err = chat
        .conversations
        .visitor_send(v1, None, "bad id!", "", &StartInfo::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Invalid(ref f) if f.len() == 2),
        "{err:?}"
    );
}

#[tokio::test]
async fn transfer_moves_the_chat_with_an_internal_note() {
    let env = common::env().await;
    let chat = &env.services;
    let from = online_agent(&env, "from@example.com", None).await;
    let (v, _) = visitor(&env).await;
    let m = chat
        .conversations
        .visitor_send(v, None, "x", "I need billing", &StartInfo::default())
        .await
        .unwrap();
    let to = online_agent(&env, "to@example.com", None).await;
    let moved = chat
        .transfer
        .transfer(
            &from,
            m.conversation_id,
            TransferTarget::Agent(to.agent_id),
            "VIP customer",
        )
        .await
        .unwrap();
    assert_eq!(moved.agent_id, Some(to.agent_id));
    let agent_view = chat
        .conversations
        .history(&Party::Agent(to.clone()), m.conversation_id, 0)
        .await
        .unwrap();
    assert!(agent_view
        .iter()
        .any(|m| m.internal && m.body.contains("VIP customer")));
    let visitor_view = chat
        .conversations
        .history(&Party::Visitor(v), m.conversation_id, 0)
        .await
        .unwrap();
    assert!(visitor_view.iter().all(|m| !m.internal));
    assert!(visitor_view
        .iter()
        .any(|m| m.system == Some(model::chat::SystemLine::Transferred)));
    // The note is a typed line too, for agents only.
    assert!(!visitor_view
        .iter()
        .any(|m| m.system == Some(model::chat::SystemLine::TransferNote)));
    // The old agent can no longer write.
    assert!(chat
        .conversations
        .agent_send(&from, m.conversation_id, "late", "hi")
        .await
        .is_err());
}

#[tokio::test]
async fn ending_frees_capacity_for_the_queue() {
    let env = common::env().await;
    let chat = &env.services;
    let agent = online_agent(&env, "solo@example.com", Some(1)).await;
    let (v1, _) = visitor(&env).await;
    let (v2, _) = visitor(&env).await;
    let a = chat
        .conversations
        .visitor_send(v1, None, "a", "first", &StartInfo::default())
        .await
        .unwrap();
    let b = chat
        .conversations
        .visitor_send(v2, None, "b", "second", &StartInfo::default())
        .await
        .unwrap();
    assert_eq!(
        chat.conversations
            .get(&Party::Visitor(v2), b.conversation_id)
            .await
            .unwrap()
            .status,
        ConversationStatus::Queued
    );

    let ended = chat
        .conversations
        .end(&Party::Agent(agent.clone()), a.conversation_id)
        .await
        .unwrap();
    assert_eq!(ended.status, ConversationStatus::Ended);
    let next = chat
        .conversations
        .get(&Party::Visitor(v2), b.conversation_id)
        .await
        .unwrap();
    assert_eq!(
        (next.status, next.agent_id),
        (ConversationStatus::Active, Some(agent.agent_id))
    );
    let past = chat
        .conversations
        .ended_conversations(&agent, 50)
        .await
        .unwrap();
    assert_eq!(
        past.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![a.conversation_id]
    );
    // Writing into an ended conversation is refused clearly.
    let err = chat
        .conversations
        .visitor_send(
            v1,
            Some(a.conversation_id),
            "late",
            "hi",
            &StartInfo::default(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)));
}

#[tokio::test]
async fn a_client_id_never_fetches_someone_elses_message() {
    let env = common::env().await;
    let chat = &env.services;
    let agent = online_agent(&env, "ids@example.com", None).await;
    let (v, _) = visitor(&env).await;
    let m = chat
        .conversations
        .visitor_send(v, None, "v-1", "hello", &StartInfo::default())
        .await
        .unwrap();
    let to = online_agent(&env, "ids-to@example.com", None).await;
    chat.transfer
        .transfer(
            &agent,
            m.conversation_id,
            TransferTarget::Agent(to.agent_id),
            "secret note",
        )
        .await
        .unwrap();
    let seen = chat
        .conversations
        .history(&Party::Visitor(v), m.conversation_id, 0)
        .await
        .unwrap();
    // Whatever ids the visitor can see, reusing them never returns the
    // internal note or another sender's message.
    for id in seen.iter().map(|m| m.client_id.clone()) {
        match chat
            .conversations
            .visitor_send(
                v,
                Some(m.conversation_id),
                &id,
                "probe",
                &StartInfo::default(),
            )
            .await
        {
            Ok(back) => assert!(!back.internal && back.sender == Sender::Visitor, "{back:?}"),
            Err(Error::Invalid(f)) => assert!(["client_id"].contains(&f[0].field.as_str())),
            Err(e) => panic!("{e:?}"),
        }
    }
    // An agent reusing the visitor's id is refused, not answered with it.
    let reuse = chat
        .conversations
        .agent_send(&to, m.conversation_id, "v-1", "hi")
        .await;
    assert!(matches!(reuse, Err(Error::Invalid(_))), "{reuse:?}");
}

/// Many sends at once land in shared group commits: retries inside one
/// batch, a refused message and its neighbours must each get their own
/// answer, and every conversation's seqs stay consecutive.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_sends_is_stored_once_each_with_its_own_answer() {
    let env = common::env().await;
    let chat = env.services.clone();
    online_agent(&env, "burst@example.com", Some(100)).await;
    let mut convs = vec![];
    for _ in 0..6 {
        let (v, _) = visitor(&env).await;
        let m = chat
            .conversations
            .visitor_send(v, None, "first", "hi", &StartInfo::default())
            .await
            .unwrap();
        convs.push((v, m.conversation_id));
    }
    // The last visitor's conversation ends; a stranger tries the first one.
    let (ended_v, ended_c) = convs[5];
    chat.conversations
        .end(&Party::Visitor(ended_v), ended_c)
        .await
        .unwrap();
    let (stranger, _) = visitor(&env).await;

    let send = |v: i64, c: i64, id: String| {
        let chat = chat.clone();
        tokio::spawn(async move {
            let sent = chat
                .conversations
                .visitor_send(v, Some(c), &id, "x", &StartInfo::default())
                .await;
            (v, id, sent)
        })
    };
    let mut tasks = vec![];
    for round in 0..10 {
        for &(v, c) in &convs[..5] {
            // Each message is sent twice at the same moment (a retry racing
            // the original).
            for _ in 0..2 {
                tasks.push(send(v, c, format!("m-{round}")));
            }
        }
        tasks.push(send(ended_v, ended_c, format!("late-{round}")));
        tasks.push(send(stranger, convs[0].1, format!("s-{round}")));
    }
    let mut answers = std::collections::HashMap::new();
    for t in tasks {
        let (v, id, sent) = t.await.unwrap();
        if v == ended_v {
            assert!(matches!(sent, Err(Error::Invalid(_))), "ended: {sent:?}");
        } else if v == stranger {
            assert!(matches!(sent, Err(Error::NotFound)), "stranger: {sent:?}");
        } else {
            let m = sent.unwrap();
            if let Some(twin) = answers.insert((v, id), m.clone()) {
                assert_eq!(twin, m, "both copies answered with the stored one");
            }
        }
    }
    for &(v, c) in &convs[..5] {
        let all = chat
            .conversations
            .history(&Party::Visitor(v), c, 0)
            .await
            .unwrap();
        let seqs: Vec<i64> = all.iter().map(|m| m.seq).collect();
        assert_eq!(
            seqs,
            (1..=12).collect::<Vec<_>>(),
            "welcome + first + 10, consecutive"
        );
    }
}

/// Messages stored in one batch are published in seq order, so a client
/// that tracks the highest seq it has seen never skips one.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_is_published_in_seq_order() {
    let env = common::env().await;
    let chat = env.services.clone();
    let agent = online_agent(&env, "order@example.com", None).await;
    let (v, _) = visitor(&env).await;
    let first = chat
        .conversations
        .visitor_send(v, None, "o-0", "hi", &StartInfo::default())
        .await
        .unwrap();
    let mut events = chat
        .hub
        .subscribe(domain::hub::Topic::Agent(agent.agent_id));
    let tasks: Vec<_> = (1..=40)
        .map(|i| {
            let chat = chat.clone();
            let c = first.conversation_id;
            tokio::spawn(async move {
                chat.conversations
                    .visitor_send(v, Some(c), &format!("o-{i}"), "x", &StartInfo::default())
                    .await
                    .unwrap()
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let mut seqs = vec![];
    while let Ok(event) = events.try_recv() {
        if let model::chat::ServerEvent::Message { message } = &*event {
            seqs.push(message.seq);
        }
    }
    assert_eq!(seqs.len(), 40);
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
}

#[tokio::test]
async fn an_over_long_page_address_is_a_field_error_and_starts_nothing() {
    let env = common::env().await;
    let (v, _) = common::visitor(&env).await;
    let chat = &env.services.conversations;
    let start = StartInfo {
        link: None,
        source_url: Some(format!("https://shop.example/{}", "p".repeat(3000))),
        ..Default::default()
    };
    let Err(Error::Invalid(fields)) = chat.visitor_send(v, None, "long-1", "hi", &start).await
    else {
        panic!("expected a field error");
    };
    assert_eq!(fields[0].field, "page_url");
    assert_eq!(fields[0].code, "too_long");
    assert_eq!(fields[0].limit, Some(2048));
    // Nothing was stored: the same client id still sends, once.
    let fine = StartInfo {
        link: None,
        source_url: Some("https://shop.example/p".into()),
        ..Default::default()
    };
    let m = chat
        .visitor_send(v, None, "long-1", "hi", &fine)
        .await
        .unwrap();
    let history = chat
        .history(&Party::Visitor(v), m.conversation_id, 0)
        .await
        .unwrap();
    assert_eq!(
        history.iter().filter(|m| m.client_id == "long-1").count(),
        1
    );
}

/// Watching is read-only: a supervisor who may read every transcript can
/// neither mark the agent's chat read nor type to its visitor.
#[tokio::test]
async fn a_supervisor_watching_a_chat_cannot_mark_it_read_or_type() {
    let env = common::env().await;
    let chat = &env.services;
    let agent = online_agent(&env, "li@example.com", None).await;
    let supervisor = domain::test_support::agent_with(
        &env,
        "sup@example.com",
        &[model::Permission::ViewAllTranscripts],
    )
    .await;
    let (v, _) = visitor(&env).await;
    let m = chat
        .conversations
        .visitor_send(v, None, "c-1", "Hello", &StartInfo::default())
        .await
        .unwrap();
    let id = m.conversation_id;
    let conv = chat
        .conversations
        .get(&Party::Agent(agent.clone()), id)
        .await
        .unwrap();
    assert_eq!(conv.agent_id, Some(agent.agent_id), "the agent has it");
    let watcher = Party::Agent(supervisor.clone());
    // They can read it…
    assert!(chat.conversations.history(&watcher, id, 0).await.is_ok());
    // …but not act as the agent.
    let mut visitor_events = chat.hub.subscribe(domain::hub::Topic::Visitor(v));
    assert!(matches!(
        chat.conversations.mark_read(&watcher, id, m.seq).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        chat.conversations.typing(&watcher, id, true).await,
        Err(Error::Forbidden)
    ));
    let after = chat
        .conversations
        .get(&Party::Agent(agent.clone()), id)
        .await
        .unwrap();
    assert_eq!(
        after.agent_read_seq, conv.agent_read_seq,
        "read state unchanged"
    );
    assert!(
        visitor_events.try_recv().is_err(),
        "the visitor saw no typing"
    );
    // The agent themself still can.
    chat.conversations
        .mark_read(&Party::Agent(agent.clone()), id, m.seq)
        .await
        .unwrap();
    chat.conversations
        .typing(&Party::Agent(agent), id, true)
        .await
        .unwrap();
}
