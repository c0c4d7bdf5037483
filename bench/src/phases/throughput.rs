//! Persisted throughput: each visitor sends as fast as its messages are
//! acknowledged (an ack means stored); agents count what reaches them.
//! Afterwards the database must hold every message exactly once.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use model::chat::{Sender, ServerEvent};
use serde::Serialize;

use super::bounded;
use crate::clients;
use crate::Args;

#[derive(Debug, Clone, Serialize, Default)]
pub struct ThroughputResult {
    pub visitors: usize,
    pub agents: usize,
    pub sent: usize,
    pub acked: usize,
    pub delivered_to_agents: usize,
    pub rows_in_db: i64,
    pub distinct_in_db: i64,
    pub secs: f64,
    pub per_sec: f64,
    pub verified: bool,
}

pub async fn run(args: &Args, agent_tokens: &[String]) -> ThroughputResult {
    let prefix = format!("tp{}-", std::process::id());
    let delivered = Arc::new(AtomicUsize::new(0));
    let mut agents = vec![];
    for token in agent_tokens {
        let ws = match clients::connect(&args.base, token, 1).await {
            Ok(ws) => ws,
            Err(e) => crate::fail(&format!("agent socket: {e}")),
        };
        let (sink, mut stream) = ws.split();
        let (delivered, prefix) = (delivered.clone(), prefix.clone());
        agents.push((
            sink,
            tokio::spawn(async move {
                while let Some(event) = clients::next_event(&mut stream).await {
                    if let ServerEvent::Message { message } = event {
                        if message.sender == Sender::Visitor
                            && message.client_id.starts_with(&prefix)
                        {
                            delivered.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            }),
        ));
    }

    let http = reqwest::Client::new();
    let ready = bounded((0..args.visitors).collect(), 32, |i| {
        let http = http.clone();
        async move {
            let v = clients::hello(&http, &args.base).await?;
            let source = (i % args.source_addrs.max(1) as usize) as u8 + 1;
            let ws = clients::connect(&args.base, &v.token, source).await?;
            let (sink, mut stream) = ws.split();
            clients::ready(&mut stream).await?;
            Ok::<_, String>((i, sink, stream))
        }
    })
    .await;
    let visitors: Vec<_> = ready.into_iter().filter_map(Result::ok).collect();
    let acked = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let sends = visitors.into_iter().map(|(i, mut sink, mut stream)| {
        let (acked, prefix, messages) = (acked.clone(), prefix.clone(), args.messages);
        tokio::spawn(async move {
            let mut conversation = None;
            for m in 0..messages {
                let client_id = format!("{prefix}{i}-{m}");
                if sink
                    .send(clients::send_frame(
                        conversation,
                        &client_id,
                        &format!("message {m}"),
                    ))
                    .await
                    .is_err()
                {
                    return;
                }
                loop {
                    match clients::next_event(&mut stream).await {
                        Some(ServerEvent::Ack {
                            message,
                            client_id: c,
                        }) if c == client_id => {
                            conversation = Some(message.conversation_id);
                            acked.fetch_add(1, Ordering::Relaxed);
                            break;
                        }
                        Some(ServerEvent::Error { code, error, .. }) => {
                            eprintln!("    visitor {i}: {code} {error:?}");
                            return;
                        }
                        Some(_) => continue,
                        None => return,
                    }
                }
            }
        })
    });
    let tasks: Vec<_> = sends.collect();
    let sent = args.visitors * args.messages;
    for t in tasks {
        let _ = t.await;
    }
    let secs = started.elapsed().as_secs_f64();
    // Delivery to agents trails the last ack by a little.
    let deadline = Instant::now() + Duration::from_secs(5);
    while delivered.load(Ordering::Relaxed) < acked.load(Ordering::Relaxed)
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for (_, t) in &agents {
        t.abort();
    }
    let (rows, distinct) = crate::setup::count_messages(&args.database_url, &prefix)
        .await
        .unwrap_or((-1, -1));
    let acked = acked.load(Ordering::Relaxed);
    let delivered = delivered.load(Ordering::Relaxed);
    ThroughputResult {
        visitors: args.visitors,
        agents: agent_tokens.len(),
        sent,
        acked,
        delivered_to_agents: delivered,
        rows_in_db: rows,
        distinct_in_db: distinct,
        secs,
        per_sec: acked as f64 / secs.max(1e-9),
        verified: acked == sent
            && rows == sent as i64
            && distinct == sent as i64
            && delivered == sent,
    }
}
