//! Assignment (R3) and the queue (R4): capacity, positions, round robin, returning visitors and group transfers.

use crate::common;
use crate::common::*;
use chrono::Duration;
use domain::chat::{Party, StartInfo};
use domain::Error;
use model::automation::AssignmentMode;
use model::chat::ConversationStatus;
use model::people::AgentStatus;

#[tokio::test]
async fn full_agent_queues_the_next_visitor_with_position_and_connects_them_later() {
    let env = common::env().await;
    let chat = &env.services;
    let agent = online_agent(&env, "one@example.com", Some(1)).await;
    let (v1, c1) = start(&env, "first").await;
    assert_eq!(status(&env, v1, c1).await.agent_id, Some(agent.agent_id));

    let (v2, c2) = start(&env, "second").await;
    let (v3, c3) = start(&env, "third").await;
    assert_eq!(
        status(&env, v2, c2).await.status,
        ConversationStatus::Queued
    );
    let spot = chat.queue.spot(c2).await.unwrap().unwrap();
    assert_eq!(spot.position, 1);
    assert!(spot.eta_secs > 0);
    assert_eq!(chat.queue.spot(c3).await.unwrap().unwrap().position, 2);
    let queue = chat.queue.queue(&env.admin).await.unwrap();
    // Names and messages of waiting visitors are for supervisors only.
    assert!(matches!(
        chat.queue.queue(&agent).await,
        Err(Error::Forbidden)
    ));
    assert_eq!(
        queue
            .iter()
            .map(|q| (q.conversation_id, q.position))
            .collect::<Vec<_>>(),
        vec![(c2, 1), (c3, 2)]
    );

    chat.conversations
        .end(&Party::Agent(agent.clone()), c1)
        .await
        .unwrap();
    assert_eq!(status(&env, v2, c2).await.agent_id, Some(agent.agent_id));
    assert_eq!(
        status(&env, v3, c3).await.status,
        ConversationStatus::Queued
    );
    assert_eq!(chat.queue.spot(c3).await.unwrap().unwrap().position, 1);
    // A visitor leaving the queue frees their place.
    chat.conversations
        .end(&Party::Visitor(v3), c3)
        .await
        .unwrap();
    assert!(chat.queue.queue(&env.admin).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_visitors_never_push_an_agent_over_capacity() {
    let env = common::env().await;
    let a = online_agent(&env, "a@example.com", Some(2)).await;
    let b = online_agent(&env, "b@example.com", Some(3)).await;
    let mut tasks = vec![];
    for i in 0..16 {
        let chat = env.services.clone();
        let hello = chat.visitors.hello(Default::default()).await.unwrap();
        tasks.push(tokio::spawn(async move {
            chat.conversations
                .visitor_send(
                    hello.visitor_id,
                    None,
                    &format!("m-{i}"),
                    "hello",
                    &StartInfo::default(),
                )
                .await
                .map(|m| (hello.visitor_id, m.conversation_id))
        }));
    }
    let mut convs = vec![];
    for t in tasks {
        convs.push(t.await.unwrap().unwrap());
    }
    let mut per_agent = std::collections::HashMap::new();
    let mut queued = 0;
    for (v, c) in &convs {
        let conv = status(&env, *v, *c).await;
        match conv.agent_id {
            Some(x) => *per_agent.entry(x).or_insert(0) += 1,
            None => queued += 1,
        }
    }
    assert_eq!(per_agent.get(&a.agent_id), Some(&2));
    assert_eq!(per_agent.get(&b.agent_id), Some(&3));
    assert_eq!(queued, 11);
    let positions: Vec<i64> = env
        .services
        .queue
        .queue(&env.admin)
        .await
        .unwrap()
        .iter()
        .map(|q| q.position)
        .collect();
    assert_eq!(positions, (1..=11).collect::<Vec<_>>());
}

#[tokio::test]
async fn round_robin_group_takes_turns_and_skips_unavailable_agents() {
    let env = common::env().await;
    let a = online_agent(&env, "a@example.com", Some(10)).await;
    let b = online_agent(&env, "b@example.com", Some(10)).await;
    let c = online_agent(&env, "c@example.com", Some(10)).await;
    let g = group(&env, &[&a, &b, &c], AssignmentMode::RoundRobin, false).await;
    let link = env
        .services
        .links
        .save_link(
            &env.admin,
            None,
            model::chat::ChatLinkInput {
                name: "Sales".into(),
                slug: "sales".into(),
                group_id: Some(g),
                agent_id: None,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let info = StartInfo {
        link: Some(link.slug.clone()),
        source_url: None,
        ..Default::default()
    };
    let mut order = vec![];
    for i in 0..6 {
        if i == 3 {
            env.services
                .agents
                .set_status(&b, AgentStatus::Away)
                .await
                .unwrap();
        }
        env.clock.advance(Duration::seconds(1));
        let (v, id) = start_at(&env, "hi", info.clone()).await;
        order.push(status(&env, v, id).await.agent_id.unwrap());
    }
    let (a, b, c) = (a.agent_id, b.agent_id, c.agent_id);
    assert_eq!(order, vec![a, b, c, a, c, a]);
}

#[tokio::test]
async fn returning_visitor_gets_their_previous_agent() {
    let env = common::env().await;
    let a = online_agent(&env, "a@example.com", Some(10)).await;
    set_automation(&env, |s| s.returning_first = true).await;
    let chat = &env.services;
    let (v, first) = start(&env, "hello").await;
    assert_eq!(status(&env, v, first).await.agent_id, Some(a.agent_id));
    chat.conversations
        .end(&Party::Visitor(v), first)
        .await
        .unwrap();
    // A second, idle agent would win on load; the returning rule wins.
    let _b = online_agent(&env, "b@example.com", Some(10)).await;
    let (_, _busy) = start(&env, "someone else").await; // goes to b (lower load)
    let m = chat
        .conversations
        .visitor_send(v, None, "again", "back again", &StartInfo::default())
        .await
        .unwrap();
    assert_ne!(m.conversation_id, first);
    assert_eq!(
        status(&env, v, m.conversation_id).await.agent_id,
        Some(a.agent_id)
    );
}

#[tokio::test]
async fn a_group_transfer_follows_the_group_rules_and_skips_the_sender() {
    let env = common::env().await;
    let chat = &env.services;
    let a = online_agent(&env, "a@example.com", Some(5)).await;
    let (v, id) = start(&env, "hello").await;
    assert_eq!(status(&env, v, id).await.agent_id, Some(a.agent_id));
    let b = online_agent(&env, "b@example.com", Some(1)).await;
    let c = online_agent(&env, "c@example.com", Some(1)).await;
    let g = group(&env, &[&a, &b, &c], AssignmentMode::RoundRobin, false).await;
    // With c away, another visitor fills b (load: 0/1 beats a's 1/5).
    env.services
        .agents
        .set_status(&c, AgentStatus::Away)
        .await
        .unwrap();
    let (v2, other) = start(&env, "someone").await;
    assert_eq!(status(&env, v2, other).await.agent_id, Some(b.agent_id));
    env.services
        .agents
        .set_status(&c, AgentStatus::Online)
        .await
        .unwrap();
    env.clock.advance(Duration::seconds(5));
    let moved = chat
        .transfer
        .transfer(&a, id, domain::chat::TransferTarget::Group(g), "VIP")
        .await
        .unwrap();
    // b is full (1/1), a is the sender: c gets it.
    assert_eq!(moved.agent_id, Some(c.agent_id));
    assert_eq!(moved.group_id, Some(g));
    let note = chat
        .conversations
        .history(&Party::Agent(c.clone()), id, 0)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.internal)
        .unwrap();
    assert_eq!(note.body, "a → c: VIP");
    // Nobody else free: the next transfer waits in the group's queue.
    let again = chat
        .transfer
        .transfer(&c, id, domain::chat::TransferTarget::Group(g), "")
        .await
        .unwrap();
    assert_eq!(
        again.agent_id,
        Some(a.agent_id),
        "a has room and is not the sender"
    );
    let third = chat
        .transfer
        .transfer(&a, id, domain::chat::TransferTarget::Group(g), "")
        .await
        .unwrap();
    assert_eq!(third.agent_id, Some(c.agent_id));
    assert_eq!(status(&env, v, id).await.status, ConversationStatus::Active);
}

#[tokio::test]
async fn going_online_connects_a_waiting_visitor_at_once() {
    let env = common::env().await;
    let a = online_agent(&env, "later@example.com", Some(2)).await;
    let s = &env.services;
    s.agents.set_status(&a, AgentStatus::Away).await.unwrap();
    let (v, id) = start(&env, "anyone there?").await;
    assert_eq!(status(&env, v, id).await.status, ConversationStatus::Queued);
    // The workbench's status picker calls this; no timer tick is needed.
    s.agents.set_status(&a, AgentStatus::Online).await.unwrap();
    let c = status(&env, v, id).await;
    assert_eq!(c.status, ConversationStatus::Active);
    assert_eq!(c.agent_id, Some(a.agent_id));
}

#[tokio::test]
async fn a_higher_personal_limit_lets_the_next_visitor_in() {
    let env = common::env().await;
    let s = &env.services;
    let me = &env.admin;
    s.agents.set_own_max_chats(me, Some(1)).await.unwrap();
    s.agents.set_status(me, AgentStatus::Online).await.unwrap();
    start(&env, "first").await;
    let (v, id) = start(&env, "second").await;
    assert_eq!(status(&env, v, id).await.status, ConversationStatus::Queued);
    s.agents.set_own_max_chats(me, Some(2)).await.unwrap();
    assert_eq!(status(&env, v, id).await.status, ConversationStatus::Active);
}
