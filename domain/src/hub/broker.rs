//! Where the hub's events go beyond this process.

use model::chat::ServerEvent;
use tokio::sync::oneshot;

use super::Topic;

/// Carries events between server processes. Calls never wait: a broker
/// queues what it must send and reports trouble through [`Self::health`]
/// and by having the hub resync its sockets.
pub trait Broker: Send + Sync + 'static {
    /// Hand `event` for `topic` to every other process.
    fn publish(&self, topic: Topic, event: &ServerEvent);
    /// This process wants other processes' events for `topic`.
    fn subscribe(&self, topic: Topic);
    /// This process no longer has a socket on `topic`.
    fn unsubscribe(&self, topic: Topic);
    /// `done` is told once every subscription asked for before is in
    /// effect (or the broker is down, and will resync on its return).
    fn settled(&self, done: oneshot::Sender<()>);
    fn health(&self) -> BrokerHealth;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrokerHealth {
    /// One process: there is nothing to carry.
    InProcess,
    Up,
    /// Not connected; reconnecting.
    Down,
}

impl BrokerHealth {
    pub fn key(self) -> &'static str {
        match self {
            Self::InProcess => "in_process",
            Self::Up => "up",
            Self::Down => "down",
        }
    }
}

/// The single-process broker: the hub's own delivery is all there is.
pub struct InProcess;

impl Broker for InProcess {
    fn publish(&self, _: Topic, _: &ServerEvent) {}
    fn subscribe(&self, _: Topic) {}
    fn unsubscribe(&self, _: Topic) {}
    fn settled(&self, done: oneshot::Sender<()>) {
        let _ = done.send(());
    }
    fn health(&self) -> BrokerHealth {
        BrokerHealth::InProcess
    }
}
