//! The Redis broker between server processes, against a real
//! `redis-server`: two hubs stand for two processes. An event published on
//! one reaches the other's subscribers once; a process subscribes to a
//! channel only while it has a socket on the topic; a Redis restart makes
//! every socket resync, after which delivery resumes by itself.

use std::time::Duration;

use domain::hub::redis::RedisBroker;
use domain::hub::{BrokerHealth, Hub, Topic};
use domain::test_support::RedisServer;
use model::chat::ServerEvent;
use tokio::sync::broadcast::error::RecvError;

async fn until<F: Fn() -> bool>(what: &str, done: F) {
    for _ in 0..200 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("not within 10 s: {what}");
}

async fn up(hub: &Hub) {
    until("the broker is up", || {
        hub.broker_health() == BrokerHealth::Up
    })
    .await;
}

/// Two processes' hubs on `redis`, both connected.
async fn two_hubs(redis: &RedisServer) -> (Hub, Hub) {
    let a = RedisBroker::hub(&redis.url()).unwrap();
    let b = RedisBroker::hub(&redis.url()).unwrap();
    up(&a).await;
    up(&b).await;
    (a, b)
}

/// How many processes listen on `topic`'s channel, as Redis counts them.
async fn listeners(redis: &RedisServer, channel: &str) -> i64 {
    let client = redis::Client::open(redis.url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let counts: Vec<(String, i64)> = redis::cmd("PUBSUB")
        .arg("NUMSUB")
        .arg(channel)
        .query_async(&mut conn)
        .await
        .unwrap();
    counts[0].1
}

fn typing(n: i64) -> ServerEvent {
    ServerEvent::Typing {
        conversation_id: n,
        sender: model::chat::Sender::Agent,
        typing: true,
    }
}

#[tokio::test]
async fn an_event_reaches_the_other_process_once_and_only_its_subscribers() {
    let redis = RedisServer::start().await;
    let (a, b) = two_hubs(&redis).await;
    let mut here = a.subscribe(Topic::Agent(1));
    let mut there = b.subscribe(Topic::Agent(1));
    let mut other = b.subscribe(Topic::Visitor(2));
    b.settled().await;
    a.settled().await;

    for n in 0..100 {
        a.publish(Topic::Agent(1), typing(n));
    }
    for n in 0..100 {
        assert_eq!(*there.recv().await.unwrap(), typing(n), "in order");
        assert_eq!(*here.recv().await.unwrap(), typing(n));
    }
    b.publish(Topic::Agent(1), typing(100));
    assert_eq!(*here.recv().await.unwrap(), typing(100), "both ways");
    assert_eq!(*there.recv().await.unwrap(), typing(100));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(here.try_recv().is_err(), "its own publish not twice");
    assert!(there.try_recv().is_err());
    assert!(other.try_recv().is_err(), "another topic hears nothing");

    // The last socket on a topic gone, the process stops listening.
    assert_eq!(listeners(&redis, "switchboard:v:2").await, 1);
    drop(other);
    b.sweep();
    until_listeners(&redis, "switchboard:v:2", 0).await;
    assert_eq!(listeners(&redis, "switchboard:a:1").await, 2);
}

async fn until_listeners(redis: &RedisServer, channel: &str, n: i64) {
    for _ in 0..100 {
        if listeners(redis, channel).await == n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{channel} never had {n} listeners");
}

#[tokio::test]
async fn a_redis_restart_resyncs_every_socket_and_delivery_resumes() {
    let redis = RedisServer::start().await;
    let (a, b) = two_hubs(&redis).await;
    let mut there = b.subscribe(Topic::Agent(7));
    b.settled().await;

    let port = redis.kill();
    until("the broker is down", || {
        b.broker_health() == BrokerHealth::Down
    })
    .await;
    // Published while Redis is away: lost to the other process…
    a.publish(Topic::Agent(7), typing(1));
    let redis = RedisServer::start_on(port).await;
    up(&b).await;
    // …so its socket is told to resync (and would resume from the store).
    let told = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match there.recv().await {
                Err(RecvError::Closed) => return,
                Ok(_) | Err(RecvError::Lagged(_)) => continue,
            }
        }
    })
    .await;
    assert!(told.is_ok(), "the socket was told to resync");

    // A reconnected socket hears the other process again. (The process
    // that could not publish while Redis was away also has every socket
    // resync once it reconnects: a client may be told twice.)
    up(&a).await;
    for attempt in 0.. {
        let mut again = b.subscribe(Topic::Agent(7));
        b.settled().await;
        a.publish(Topic::Agent(7), typing(2));
        match tokio::time::timeout(Duration::from_secs(10), again.recv()).await {
            Ok(Ok(event)) => {
                assert_eq!(*event, typing(2));
                break;
            }
            Ok(Err(RecvError::Closed)) if attempt < 3 => continue,
            other => panic!("not delivered after the restart: {other:?}"),
        }
    }
    drop(redis);
}

#[tokio::test]
async fn a_process_started_before_redis_connects_when_it_comes() {
    let port = RedisServer::start().await.kill();
    let hub = RedisBroker::hub(&format!("redis://127.0.0.1:{port}/")).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(hub.broker_health(), BrokerHealth::Down);
    let _redis = RedisServer::start_on(port).await;
    up(&hub).await;
    assert!(RedisBroker::hub("not a url").is_err());
}
