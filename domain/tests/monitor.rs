//! The live monitor (M1) on a real database, with a clock the test moves:
//! the figures follow chats starting, being answered and ending, and the
//! queue; only supervisors read them.

use chrono::Duration;
use domain::chat::Party;
use domain::{Actor, Error};
use model::chat::ConversationStatus;
use model::monitor::{AgentFigures, MonitorSnapshot};
use model::people::AgentStatus;
use model::Permission;

use crate::common::*;

async fn snapshot(env: &TestEnv) -> MonitorSnapshot {
    env.services.monitor.snapshot(&env.admin).await.unwrap()
}

fn of(s: &MonitorSnapshot, agent: &Actor) -> AgentFigures {
    s.agents
        .iter()
        .find(|a| a.agent_id == agent.agent_id)
        .cloned()
        .expect("the agent is listed")
}

#[tokio::test]
async fn figures_follow_a_chat_from_start_to_end_and_the_queue() {
    let env = env().await;
    let agent = online_agent(&env, "monitored@example.com", Some(1)).await;
    let before = of(&snapshot(&env).await, &agent);
    assert_eq!((before.current, before.max, before.taken_today), (0, 1, 0));
    assert_eq!(before.status, AgentStatus::Online);

    let (v, id) = start(&env, "hello").await;
    let s = snapshot(&env).await;
    let a = of(&s, &agent);
    assert_eq!((a.current, a.taken_today), (1, 1));
    assert_eq!(a.avg_first_response_secs, None);
    let live = s.conversations.iter().find(|c| c.id == id).unwrap();
    assert_eq!(live.agent_name.as_deref(), Some(a.name.as_str()));
    assert!(live.waiting_since.is_some(), "the visitor spoke last");

    // The agent is full: the next visitor waits in the queue.
    env.clock.advance(Duration::seconds(30));
    let (_, queued) = start(&env, "anyone?").await;
    let s = snapshot(&env).await;
    assert_eq!(s.queue_length, 1);
    assert_eq!(s.queue_oldest, Some(env.clock_now()));
    let waiting = s.conversations.iter().find(|c| c.id == queued).unwrap();
    assert_eq!(waiting.status, ConversationStatus::Queued);

    env.services
        .conversations
        .agent_send(&agent, id, "r1", "How can I help?")
        .await
        .unwrap();
    let a = of(&snapshot(&env).await, &agent);
    assert_eq!(a.avg_first_response_secs, Some(30));

    // Ending frees the agent, who takes the queued chat: two today.
    env.services
        .conversations
        .end(&Party::Visitor(v), id)
        .await
        .unwrap();
    let s = snapshot(&env).await;
    let a = of(&s, &agent);
    assert_eq!((a.current, a.taken_today), (1, 2));
    assert_eq!(s.queue_length, 0);
    assert!(
        !s.conversations.iter().any(|c| c.id == id),
        "ended chats are not live"
    );

    // Tomorrow (in the team's zone) the day's count starts again.
    env.clock.advance(Duration::days(1));
    assert_eq!(of(&snapshot(&env).await, &agent).taken_today, 0);
}

#[tokio::test]
async fn time_in_status_counts_from_the_last_change() {
    let env = env().await;
    let agent = online_agent(&env, "status@example.com", None).await;
    env.clock.advance(Duration::minutes(5));
    env.services
        .agents
        .set_status(&agent, AgentStatus::Away)
        .await
        .unwrap();
    let changed = env.clock_now();
    env.clock.advance(Duration::minutes(5));
    // Setting the same status again does not restart the time.
    env.services
        .agents
        .set_status(&agent, AgentStatus::Away)
        .await
        .unwrap();
    let a = of(&snapshot(&env).await, &agent);
    assert_eq!((a.status, a.status_since), (AgentStatus::Away, changed));
}

#[tokio::test]
async fn only_supervisors_read_the_monitor() {
    let env = env().await;
    let agent = online_agent(&env, "plain@example.com", None).await;
    assert!(matches!(
        env.services.monitor.snapshot(&agent).await,
        Err(Error::Forbidden)
    ));
    let supervisor = agent_with(&env, "lead@example.com", &[Permission::ViewAllTranscripts]).await;
    assert!(env.services.monitor.snapshot(&supervisor).await.is_ok());
}

#[tokio::test]
async fn supervisors_hear_every_conversation_as_it_happens() {
    use domain::hub::Topic;
    use model::chat::ServerEvent;
    let env = env().await;
    let agent = online_agent(&env, "watched@example.com", None).await;
    let mut watching = env.services.hub.subscribe(Topic::Supervisors);
    let (_, id) = start(&env, "first words").await;
    env.services
        .conversations
        .agent_send(&agent, id, "r1", "an answer")
        .await
        .unwrap();
    let mut heard = vec![];
    while let Ok(event) = watching.try_recv() {
        match &*event {
            ServerEvent::Message { message }
                if message.conversation_id == id
                    && message.sender != model::chat::Sender::System =>
            {
                heard.push(message.body.clone())
            }
            _ => {}
        }
    }
    assert_eq!(heard, ["first words", "an answer"]);
}

/// M1: a supervisor who may (*View all transcripts* and *Take over chats*)
/// takes a live chat over or transfers it; watching alone, or the
/// permission without seeing the chat, is not enough.
#[tokio::test]
async fn supervisors_take_over_and_transfer_where_their_role_allows() {
    use model::chat::{SystemLine, TransferTarget};
    let env = env().await;
    let agent = online_agent(&env, "served@example.com", None).await;
    let (v, id) = start(&env, "help me").await;
    assert_eq!(status(&env, v, id).await.agent_id, Some(agent.agent_id));
    let watcher = agent_with(
        &env,
        "watcher@example.com",
        &[Permission::ViewAllTranscripts],
    )
    .await;
    let blind = agent_with(&env, "blind@example.com", &[Permission::TakeOverChats]).await;
    let lead = agent_with(
        &env,
        "lead@example.com",
        &[Permission::ViewAllTranscripts, Permission::TakeOverChats],
    )
    .await;
    let transfer = &env.services.transfer;
    assert!(matches!(
        transfer.take_over(&watcher, id).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        transfer
            .transfer(&watcher, id, TransferTarget::Agent(watcher.agent_id), "")
            .await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        transfer.take_over(&blind, id).await,
        Err(Error::NotFound)
    ));
    assert_eq!(
        status(&env, v, id).await.agent_id,
        Some(agent.agent_id),
        "unchanged"
    );

    let mut watching = env.services.hub.subscribe(domain::hub::Topic::Supervisors);
    let taken = transfer.take_over(&lead, id).await.unwrap();
    assert_eq!(
        (taken.agent_id, taken.status),
        (Some(lead.agent_id), ConversationStatus::Active)
    );
    let lead_name = env
        .services
        .agents
        .get(&env.admin, lead.agent_id)
        .await
        .unwrap()
        .display_name;
    let history = env
        .services
        .conversations
        .history(&Party::Agent(lead.clone()), id, 0)
        .await
        .unwrap();
    let note = history
        .iter()
        .rev()
        .find(|m| m.system == Some(SystemLine::TransferNote))
        .expect("a note for agents");
    assert!(
        note.internal && note.body.starts_with(&format!("{lead_name}: ")),
        "{}",
        note.body
    );
    assert!(history
        .iter()
        .any(|m| m.system == Some(SystemLine::Transferred) && !m.internal));
    // The monitor hears of the move.
    let mut moved = false;
    while let Ok(event) = watching.try_recv() {
        moved |= matches!(&*event, model::chat::ServerEvent::Conversation { conversation }
            if conversation.id == id && conversation.agent_id == Some(lead.agent_id));
    }
    assert!(moved, "the supervisors' topic carried the move");
    match transfer.take_over(&lead, id).await {
        Err(Error::Invalid(f)) => assert_eq!(f[0].code, "same_agent"),
        other => panic!("expected same_agent, got {other:?}"),
    }

    // The lead hands it back with a note; it can no longer be moved once ended.
    let back = transfer
        .transfer(
            &lead,
            id,
            TransferTarget::Agent(agent.agent_id),
            "back to you",
        )
        .await
        .unwrap();
    assert_eq!(back.agent_id, Some(agent.agent_id));
    env.services
        .conversations
        .end(&Party::Visitor(v), id)
        .await
        .unwrap();
    match transfer.take_over(&lead, id).await {
        Err(Error::Invalid(f)) => assert_eq!(f[0].code, "conversation_ended"),
        other => panic!("expected conversation_ended, got {other:?}"),
    }
}

#[tokio::test]
async fn agent_changes_reach_the_supervisors_topic() {
    use model::chat::ServerEvent;
    let env = env().await;
    let agent = online_agent(&env, "moving@example.com", None).await;
    let mut watching = env.services.hub.subscribe(domain::hub::Topic::Supervisors);
    env.services
        .agents
        .set_status(&agent, AgentStatus::Busy)
        .await
        .unwrap();
    match watching.try_recv().as_deref() {
        Ok(ServerEvent::AgentChanged { agent_id }) => assert_eq!(*agent_id, agent.agent_id),
        other => panic!("expected agent_changed, got {other:?}"),
    }
    // The same status again changes nothing, and says nothing.
    env.services
        .agents
        .set_status(&agent, AgentStatus::Busy)
        .await
        .unwrap();
    assert!(watching.try_recv().is_err());
}
