//! The realtime hub: routes events to visitor and agent topics. Each
//! socket subscribes to its own topic, so delivery is O(recipients). A
//! [`Broker`] carries events to the other server processes: in-process
//! (nothing to carry, the default) or Redis pub/sub ([`redis`]), where a
//! process subscribes to a topic's channel while it has a socket on it.
//!
//! Events are delivered to this process's sockets at once and handed to
//! the broker for the others. Pub/sub may lose an event; every event a
//! client needs is stored with its seq, and whenever the broker may have
//! lost some (a dropped connection, a failed publish) every socket is told
//! to resume from the database ([`Hub::resync_all`]).

pub mod broker;
pub mod redis;
pub mod wire;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use model::chat::ServerEvent;
use tokio::sync::broadcast;

pub use broker::{Broker, BrokerHealth, InProcess};

/// Events waiting for a slow socket before it is told to resync. A visitor
/// sees a handful of events at a time; an agent's topic carries all their
/// chats. Capacity is allocated up front per topic, so visitors' is small:
/// it is what tens of thousands of idle widgets cost.
const VISITOR_CAPACITY: usize = 32;
const AGENT_CAPACITY: usize = 1024;
/// The supervisors' topic carries every conversation's events.
const SUPERVISOR_CAPACITY: usize = 4096;
/// Longest wait for the broker to confirm new subscriptions.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(2);

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

type Topics = HashMap<Topic, broadcast::Sender<Event>>;

#[derive(Clone)]
pub struct Hub {
    topics: Arc<Mutex<Topics>>,
    broker: Arc<dyn Broker>,
}

impl Default for Hub {
    fn default() -> Self {
        Self::with_broker(Arc::new(InProcess))
    }
}

impl Hub {
    /// A hub for one process.
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_broker(broker: Arc<dyn Broker>) -> Self {
        Self {
            topics: Arc::default(),
            broker,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Topics> {
        self.topics.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn subscribe(&self, topic: Topic) -> broadcast::Receiver<Event> {
        let mut topics = self.lock();
        if let Some(tx) = topics.get(&topic) {
            return tx.subscribe();
        }
        let capacity = match topic {
            Topic::Visitor(_) => VISITOR_CAPACITY,
            Topic::Agent(_) | Topic::Agents => AGENT_CAPACITY,
            Topic::Supervisors => SUPERVISOR_CAPACITY,
        };
        let (tx, rx) = broadcast::channel(capacity);
        topics.insert(topic, tx);
        // Under the lock, so the broker hears subscribes and unsubscribes
        // of a topic in the order they happened.
        self.broker.subscribe(topic);
        rx
    }

    /// Waits (briefly) until the subscriptions asked for so far are in
    /// effect, so a socket that then reads what is stored misses nothing of
    /// other processes' events in between. At once in-process, or while the
    /// broker is down (its return resyncs every socket).
    pub async fn settled(&self) {
        if !matches!(self.broker.health(), BrokerHealth::Up) {
            return;
        }
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.broker.settled(tx);
        let _ = tokio::time::timeout(SETTLE_TIMEOUT, rx).await;
    }

    /// Deliver to everyone subscribed to `topic`, on every process. Nobody
    /// listening is fine: the event is already stored and will be replayed
    /// on resume.
    pub fn publish(&self, topic: Topic, event: ServerEvent) {
        self.broker.publish(topic, &event);
        self.deliver_here(topic, Arc::new(event), false);
    }

    /// Deliver what the broker brought from another process to this
    /// process's sockets on `topic`.
    pub fn deliver(&self, topic: Topic, event: Event) {
        self.deliver_here(topic, event, true);
    }

    fn deliver_here(&self, topic: Topic, event: Event, from_broker: bool) {
        let mut topics = self.lock();
        match topics.get(&topic) {
            Some(tx) if tx.send(event).is_ok() => {}
            Some(_) => {
                // Last subscriber left: forget the topic.
                topics.remove(&topic);
                self.broker.unsubscribe(topic);
            }
            // Still subscribed from before a resync: no longer.
            None if from_broker => self.broker.unsubscribe(topic),
            None => {}
        }
    }

    /// Forget topics whose sockets have all gone, and their subscriptions.
    pub fn sweep(&self) {
        let mut topics = self.lock();
        topics.retain(|topic, tx| {
            let keep = tx.receiver_count() > 0;
            if !keep {
                self.broker.unsubscribe(*topic);
            }
            keep
        });
    }

    /// Close every socket's feed: each tells its client to resync, and the
    /// client reconnects and resumes from its last seq. For when events
    /// may have been lost between processes.
    pub fn resync_all(&self) {
        let dropped = std::mem::take(&mut *self.lock());
        if !dropped.is_empty() {
            tracing::info!(topics = dropped.len(), "told every socket to resync");
        }
    }

    /// The topics this process has sockets on.
    pub fn topics(&self) -> Vec<Topic> {
        self.lock().keys().copied().collect()
    }

    pub fn topic_count(&self) -> usize {
        self.lock().len()
    }

    pub fn broker_health(&self) -> BrokerHealth {
        self.broker.health()
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
        drop(b);
        hub.sweep();
        assert_eq!(hub.topic_count(), 0, "swept");
    }

    #[tokio::test]
    async fn a_resync_closes_every_feed() {
        let hub = Hub::new();
        let mut a = hub.subscribe(Topic::Visitor(1));
        hub.resync_all();
        assert!(matches!(
            a.recv().await,
            Err(broadcast::error::RecvError::Closed)
        ));
        assert_eq!(hub.topic_count(), 0);
    }
}
