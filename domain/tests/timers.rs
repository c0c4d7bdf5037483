//! Timers (R2 idle visitor, R10 unanswered alert) with a clock the tests move: no sleeping.

use crate::common;
use crate::common::*;
use chrono::Duration;
use domain::chat::{Party, StartInfo};
use model::chat::{ConversationStatus, Sender};

#[tokio::test]
async fn idle_visitor_is_reminded_then_closed_by_the_moved_clock() {
    let env = common::env().await;
    let chat = &env.services;
    set_automation(&env, |s| {
        s.idle.enabled = true;
        s.idle.remind_after_mins = 3;
        s.idle.close_after_mins = 2;
        s.idle.reminder = "Still there?".into();
        s.idle.closing = "Closing, bye".into();
    })
    .await;
    let agent = online_agent(&env, "a@example.com", None).await;
    let (v, id) = start(&env, "hello").await;
    // The visitor spoke last: no reminder, however long we wait.
    env.clock.advance(Duration::minutes(30));
    assert_eq!(chat.timers.run().await.unwrap().reminded, 0);

    chat.conversations
        .agent_send(&agent, id, "r1", "How can I help?")
        .await
        .unwrap();
    env.clock.advance(Duration::minutes(2));
    assert_eq!(chat.timers.run().await.unwrap().reminded, 0);
    env.clock.advance(Duration::minutes(1));
    let run = chat.timers.run().await.unwrap();
    assert_eq!((run.reminded, run.closed), (1, 0));
    assert_eq!(chat.timers.run().await.unwrap().reminded, 0, "only once");

    // The visitor answers: the cycle starts over after the agent's next line.
    chat.conversations
        .visitor_send(v, Some(id), "v2", "yes", &StartInfo::default())
        .await
        .unwrap();
    env.clock.advance(Duration::minutes(10));
    assert_eq!(chat.timers.run().await.unwrap().closed, 0);
    chat.conversations
        .agent_send(&agent, id, "r2", "Anything else?")
        .await
        .unwrap();
    env.clock.advance(Duration::minutes(3));
    assert_eq!(chat.timers.run().await.unwrap().reminded, 1);
    env.clock.advance(Duration::minutes(2));
    assert_eq!(chat.timers.run().await.unwrap().closed, 1);

    let conv = status(&env, v, id).await;
    assert_eq!(conv.status, ConversationStatus::Ended);
    let bodies: Vec<String> = chat
        .conversations
        .history(&Party::Visitor(v), id, 0)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.sender == Sender::System)
        .map(|m| m.body)
        .collect();
    assert_eq!(
        bodies.iter().filter(|b| *b == "Still there?").count(),
        2,
        "{bodies:?}"
    );
    assert_eq!(bodies.last().map(String::as_str), Some("Closing, bye"));
}

#[tokio::test]
async fn unanswered_chat_turns_red_then_moves_to_another_agent() {
    let env = common::env().await;
    let chat = &env.services;
    set_automation(&env, |s| {
        s.unanswered.enabled = true;
        s.unanswered.alert_after_secs = 60;
        s.unanswered.reassign = true;
        s.unanswered.reassign_after_secs = 120;
    })
    .await;
    let a = online_agent(&env, "a@example.com", None).await;
    let (v, id) = start(&env, "help").await;
    let (v2, answered) = start(&env, "me too").await;
    chat.conversations
        .agent_send(&a, answered, "ok", "Hi!")
        .await
        .unwrap();
    let b = online_agent(&env, "b@example.com", None).await;

    env.clock.advance(Duration::seconds(59));
    assert_eq!(chat.timers.run().await.unwrap().alerted, 0);
    env.clock.advance(Duration::seconds(1));
    assert_eq!(chat.timers.run().await.unwrap().alerted, 1);
    assert!(status(&env, v, id).await.unanswered);
    assert!(!status(&env, v2, answered).await.unanswered);

    env.clock.advance(Duration::seconds(119));
    assert_eq!(chat.timers.run().await.unwrap().reassigned, 0);
    env.clock.advance(Duration::seconds(1));
    assert_eq!(chat.timers.run().await.unwrap().reassigned, 1);
    let conv = status(&env, v, id).await;
    assert_eq!(conv.agent_id, Some(b.agent_id));
    assert!(!conv.unanswered, "a fresh start for the new agent");

    // The new agent answers in time: no alert.
    chat.conversations
        .agent_send(&b, id, "b1", "Hello from B")
        .await
        .unwrap();
    env.clock.advance(Duration::minutes(10));
    let run = chat.timers.run().await.unwrap();
    assert_eq!((run.alerted, run.reassigned), (0, 0));
    // The old agent no longer sees it; an internal note says why.
    assert!(chat.conversations.get(&Party::Agent(a), id).await.is_err());
    let note = chat
        .conversations
        .history(&Party::Agent(b.clone()), id, 0)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.internal)
        .unwrap();
    assert_eq!(
        note.system,
        Some(model::chat::SystemLine::ReassignedUnanswered)
    );
    assert!(note.body.contains(" → "), "{}", note.body);
}

#[tokio::test]
async fn replying_clears_the_alert() {
    let env = common::env().await;
    let chat = &env.services;
    let a = online_agent(&env, "a@example.com", None).await;
    let (v, id) = start(&env, "help").await;
    env.clock.advance(Duration::minutes(2));
    chat.timers.run().await.unwrap();
    assert!(status(&env, v, id).await.unanswered);
    // The agent's screen hears it at once, not only on the next reload
    // (the clock's sub-second part must not matter: PostgreSQL keeps
    // microseconds only).
    env.clock.advance(Duration::nanoseconds(123_456_789));
    let mut screen = chat.hub.subscribe(domain::hub::Topic::Agent(a.agent_id));
    chat.conversations
        .agent_send(&a, id, "x", "Sorry for the wait")
        .await
        .unwrap();
    assert!(!status(&env, v, id).await.unanswered);
    let mut cleared = false;
    while let Ok(event) = screen.try_recv() {
        if let model::chat::ServerEvent::Conversation { conversation, .. } = &*event {
            cleared |= conversation.id == id && !conversation.unanswered;
        }
    }
    assert!(
        cleared,
        "a conversation update without the alert was published"
    );
}
