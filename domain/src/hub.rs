//! The realtime hub: routes events to visitor and agent topics in-process.
//! Each socket subscribes to its own topic, so delivery is O(recipients).
//! A multi-process deployment adds a broker behind `publish` (see README).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use model::chat::ServerEvent;
use tokio::sync::broadcast;

/// Events waiting for a slow socket before it is told to resync. A visitor
/// sees a handful of events at a time; an agent's topic carries all their
/// chats. Capacity is allocated up front per topic, so visitors' is small:
/// it is what tens of thousands of idle widgets cost.
const VISITOR_CAPACITY: usize = 32;
const AGENT_CAPACITY: usize = 1024;
/// The supervisors' topic carries every conversation's events.
const SUPERVISOR_CAPACITY: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    Visitor(i64),
    Agent(i32),
    /// Every signed-in agent (queue changes).
    Agents,
    /// Supervisors watching the monitor (M1): every conversation's changes
    /// and messages, internal notes included.
    Supervisors,
}

pub type Event = Arc<ServerEvent>;

#[derive(Clone, Default)]
pub struct Hub {
    topics: Arc<Mutex<HashMap<Topic, broadcast::Sender<Event>>>>,
}

impl Hub {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn subscribe(&self, topic: Topic) -> broadcast::Receiver<Event> {
        let mut topics = self.topics.lock().unwrap_or_else(|e| e.into_inner());
        topics
            .entry(topic)
            .or_insert_with(|| {
                let capacity = match topic {
                    Topic::Visitor(_) => VISITOR_CAPACITY,
                    Topic::Agent(_) | Topic::Agents => AGENT_CAPACITY,
                    Topic::Supervisors => SUPERVISOR_CAPACITY,
                };
                broadcast::channel(capacity).0
            })
            .subscribe()
    }

    /// Deliver to everyone subscribed to `topic` right now. Nobody listening
    /// is fine: the event is already stored and will be replayed on resume.
    pub fn publish(&self, topic: Topic, event: ServerEvent) {
        let mut topics = self.topics.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(tx) = topics.get(&topic) {
            if tx.send(Arc::new(event)).is_err() {
                // Last subscriber left: forget the topic.
                topics.remove(&topic);
            }
        }
    }

    pub fn topic_count(&self) -> usize {
        self.topics.lock().map(|t| t.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn delivers_to_subscribers_of_the_topic_only() {
        let hub = Hub::new();
        let mut a = hub.subscribe(Topic::Agent(1));
        let mut b = hub.subscribe(Topic::Agent(2));
        hub.publish(Topic::Agent(1), ServerEvent::Pong);
        assert_eq!(*a.recv().await.unwrap(), ServerEvent::Pong);
        assert!(b.try_recv().is_err());
        drop(a);
        hub.publish(Topic::Agent(1), ServerEvent::Pong);
        assert_eq!(hub.topic_count(), 1, "empty topic forgotten");
    }
}
