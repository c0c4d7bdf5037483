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
