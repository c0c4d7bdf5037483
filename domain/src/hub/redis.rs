//! The Redis pub/sub broker (`SWITCHBOARD_REDIS_URL`). Two connections:
//! one publishes, in pipelined batches, what the hub hands it; the other
//! is subscribed to the channels of the topics this process has sockets
//! on, plus the control channel. Either connection lost is reconnected
//! with backoff; on every (re)connect of the subscriber, and after any
//! publish that may not have gone out, every socket is told to resync —
//! a broker restart never leaves sockets open but silent.

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use model::chat::ServerEvent;
use redis::aio::{MultiplexedConnection, PubSubSink};
use tokio::sync::{mpsc, oneshot};

use super::wire::{self, Control, NodeId};
use super::{Broker, BrokerHealth, Hub, Topic};

/// Events queued for publishing before new ones are dropped (and every
/// socket resyncs once the queue drains).
const QUEUE: usize = 65_536;
/// Publishes sent in one pipeline.
const BATCH: usize = 512;
/// How long a connect, a publish or a ping may take.
const TIMEOUT: Duration = Duration::from_secs(3);
/// How often the subscriber asks whether its connection still works.
const PING_EVERY: Duration = Duration::from_secs(5);
/// How often topics without sockets are forgotten.
const SWEEP_EVERY: Duration = Duration::from_secs(30);
const BACKOFF_MAX: Duration = Duration::from_secs(5);

/// Served in order, so `Settled` is answered after every change before it.
enum Command {
    Subscribe(Topic),
    Unsubscribe(Topic),
    Settled(oneshot::Sender<()>),
}

pub struct RedisBroker {
    node: NodeId,
    queue: mpsc::Sender<(String, Vec<u8>)>,
    commands: mpsc::UnboundedSender<Command>,
    /// Some event could not be queued or published.
    lost: Arc<AtomicBool>,
    health: Arc<AtomicU8>,
}

const UP: u8 = 1;
const DOWN: u8 = 0;

impl RedisBroker {
    /// A hub whose events reach every process connected to `url`. The
    /// connections are made in the background (a Redis that is down at
    /// start is retried like one that goes away later).
    pub fn hub(url: &str) -> Result<Hub, String> {
        let client = redis::Client::open(url).map_err(|e| format!("redis url: {e}"))?;
        let (queue, published) = mpsc::channel(QUEUE);
        let (commands, received) = mpsc::unbounded_channel();
        let broker = Arc::new(RedisBroker {
            node: rand::random(),
            queue,
            commands,
            lost: Arc::default(),
            health: Arc::new(AtomicU8::new(DOWN)),
        });
        let hub = Hub::with_broker(broker.clone());
        tokio::spawn(publisher(
            client.clone(),
            broker.node,
            published,
            broker.lost.clone(),
        ));
        tokio::spawn(subscriber(
            client,
            broker.node,
            received,
            broker.health.clone(),
            hub.clone(),
        ));
        Ok(hub)
    }
}

impl Broker for RedisBroker {
    fn publish(&self, topic: Topic, event: &ServerEvent) {
        let payload = wire::encode(self.node, event);
        if self
            .queue
            .try_send((wire::channel(topic), payload))
            .is_err()
        {
            self.lost.store(true, Ordering::Relaxed);
        }
    }

    fn subscribe(&self, topic: Topic) {
        let _ = self.commands.send(Command::Subscribe(topic));
    }

    fn unsubscribe(&self, topic: Topic) {
        let _ = self.commands.send(Command::Unsubscribe(topic));
    }

    fn settled(&self, done: oneshot::Sender<()>) {
        let _ = self.commands.send(Command::Settled(done));
    }

    fn health(&self) -> BrokerHealth {
        match self.health.load(Ordering::Relaxed) {
            UP => BrokerHealth::Up,
            _ => BrokerHealth::Down,
        }
    }
}

/// 100 ms doubling to 5 s, with up to a quarter more at random so the
/// processes do not all reconnect in the same instant.
fn backoff(attempt: u32) -> Duration {
    let base = Duration::from_millis(100).saturating_mul(1 << attempt.min(6));
    let base = base.min(BACKOFF_MAX);
    base + base.mul_f64(rand::random::<f64>() / 4.0)
}

async fn connect(client: &redis::Client) -> Option<MultiplexedConnection> {
    match tokio::time::timeout(TIMEOUT, client.get_multiplexed_async_connection()).await {
        Ok(Ok(c)) => Some(c),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "redis publisher: cannot connect");
            None
        }
        Err(_) => {
            tracing::warn!("redis publisher: connect timed out");
            None
        }
    }
}

async fn publisher(
    client: redis::Client,
    node: NodeId,
    mut queue: mpsc::Receiver<(String, Vec<u8>)>,
    lost: Arc<AtomicBool>,
) {
    let mut attempt = 0;
    loop {
        let Some(mut conn) = connect(&client).await else {
            tokio::time::sleep(backoff(attempt)).await;
            attempt += 1;
            continue;
        };
        attempt = 0;
        loop {
            if lost.swap(false, Ordering::Relaxed) {
                let resync = wire::encode_control(node, Control::Resync);
                let sent: redis::RedisResult<()> = redis::cmd("PUBLISH")
                    .arg(wire::CONTROL)
                    .arg(resync)
                    .query_async(&mut conn)
                    .await;
                if sent.is_err() {
                    lost.store(true, Ordering::Relaxed);
                    break;
                }
                tracing::info!("redis: some events were not published; every process resyncs");
            }
            let Some(first) = queue.recv().await else {
                return;
            };
            let mut pipe = redis::pipe();
            pipe.cmd("PUBLISH").arg(&first.0).arg(&first.1).ignore();
            let mut n = 1;
            while n < BATCH {
                match queue.try_recv() {
                    Ok((channel, payload)) => {
                        pipe.cmd("PUBLISH").arg(channel).arg(payload).ignore();
                        n += 1;
                    }
                    Err(_) => break,
                }
            }
            let sent = tokio::time::timeout(TIMEOUT, pipe.query_async::<()>(&mut conn)).await;
            if !matches!(sent, Ok(Ok(()))) {
                tracing::warn!(events = n, "redis publisher: publish failed; reconnecting");
                lost.store(true, Ordering::Relaxed);
                break;
            }
        }
    }
}

async fn subscriber(
    client: redis::Client,
    node: NodeId,
    mut commands: mpsc::UnboundedReceiver<Command>,
    health: Arc<AtomicU8>,
    hub: Hub,
) {
    let mut attempt = 0;
    loop {
        match tokio::time::timeout(TIMEOUT, client.get_async_pubsub()).await {
            Ok(Ok(pubsub)) => {
                let (mut sink, mut stream) = pubsub.split();
                let mut channels: Vec<String> =
                    hub.topics().into_iter().map(wire::channel).collect();
                channels.push(wire::CONTROL.to_owned());
                if tokio::time::timeout(TIMEOUT, sink.subscribe(&channels))
                    .await
                    .is_ok_and(|r| r.is_ok())
                {
                    attempt = 0;
                    health.store(UP, Ordering::Relaxed);
                    tracing::info!(channels = channels.len(), "redis: subscribed");
                    // Whatever was published while this process was not
                    // listening is in the database: every socket resumes.
                    hub.resync_all();
                    serve(&mut sink, &mut stream, &mut commands, node, &hub).await;
                    health.store(DOWN, Ordering::Relaxed);
                    tracing::warn!("redis: subscriber connection lost; reconnecting");
                }
            }
            Ok(Err(e)) => tracing::warn!(error = %e, "redis subscriber: cannot connect"),
            Err(_) => tracing::warn!("redis subscriber: connect timed out"),
        }
        health.store(DOWN, Ordering::Relaxed);
        // Answer waiting callers at once and drop queued changes: the
        // reconnect subscribes to the topics there are then, and resyncs.
        while let Ok(command) = commands.try_recv() {
            if let Command::Settled(done) = command {
                let _ = done.send(());
            }
        }
        tokio::time::sleep(backoff(attempt)).await;
        attempt += 1;
    }
}

/// Until the connection fails: subscription changes, and messages to the
/// hub. Returns when anything on the connection fails.
async fn serve(
    sink: &mut PubSubSink,
    stream: &mut redis::aio::PubSubStream,
    commands: &mut mpsc::UnboundedReceiver<Command>,
    node: NodeId,
    hub: &Hub,
) {
    let mut ping = tokio::time::interval(PING_EVERY);
    let mut sweep = tokio::time::interval(SWEEP_EVERY);
    loop {
        tokio::select! {
            command = commands.recv() => {
                let done = match command {
                    Some(Command::Subscribe(topic)) => {
                        within(sink.subscribe(wire::channel(topic))).await
                    }
                    Some(Command::Settled(done)) => {
                        let _ = done.send(());
                        true
                    }
                    Some(Command::Unsubscribe(topic)) => {
                        within(sink.unsubscribe(wire::channel(topic))).await
                    }
                    None => return,
                };
                if !done {
                    return;
                }
            }
            message = stream.next() => {
                let Some(message) = message else { return };
                receive(message.get_channel_name(), message.get_payload_bytes(), node, hub);
            }
            _ = ping.tick() => {
                if !within(sink.ping::<redis::Value>()).await {
                    return;
                }
            }
            _ = sweep.tick() => hub.sweep(),
        }
    }
}

async fn within<T>(call: impl std::future::Future<Output = redis::RedisResult<T>>) -> bool {
    matches!(tokio::time::timeout(TIMEOUT, call).await, Ok(Ok(_)))
}

/// One message from Redis, to this process's sockets.
fn receive(channel: &str, payload: &[u8], node: NodeId, hub: &Hub) {
    if channel == wire::CONTROL {
        if let Some((_, Control::Resync)) = wire::decode_control(payload) {
            hub.resync_all();
        }
        return;
    }
    let Some(topic) = wire::topic(channel) else {
        return;
    };
    match wire::decode(payload) {
        // This process delivered its own events when it published them.
        Some((from, _)) if from == node => {}
        Some((_, event)) => hub.deliver(topic, Arc::new(event)),
        None => tracing::warn!(channel, "redis: unreadable event"),
    }
}
