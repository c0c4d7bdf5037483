//! Delivery latency: visitors send at a fixed total rate; agents' sockets
//! timestamp each arrival. Send and receive run in this process, so one
//! monotonic clock measures visitor send → agent receive.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use model::chat::{Sender, ServerEvent};
use serde::Serialize;

use super::bounded;
use crate::clients;
use crate::Args;

const VISITORS: usize = 100;

#[derive(Debug, Clone, Serialize, Default)]
pub struct LatencyResult {
    pub rate: u64,
    pub secs: u64,
    pub sent: usize,
    pub received: usize,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

pub async fn run(args: &Args, agent_tokens: &[String]) -> LatencyResult {
    let base = Instant::now();
    let samples = Arc::new(Mutex::new(Vec::<u64>::new()));
    let mut agent_tasks = vec![];
    for token in agent_tokens {
        let ws = match clients::connect(&args.base, token, 1).await {
            Ok(ws) => ws,
            Err(e) => crate::fail(&format!("agent socket: {e}")),
        };
        let (sink, mut stream) = ws.split();
        let samples = samples.clone();
        agent_tasks.push((
            sink,
            tokio::spawn(async move {
                while let Some(event) = clients::next_event(&mut stream).await {
                    if let ServerEvent::Message { message } = event {
                        if message.sender != Sender::Visitor {
                            continue;
                        }
                        if let Some(sent) = message
                            .body
                            .strip_prefix("lat:")
                            .and_then(|n| n.parse::<u64>().ok())
                        {
                            let now = base.elapsed().as_micros() as u64;
                            samples.lock().unwrap().push(now.saturating_sub(sent));
                        }
                    }
                }
            }),
        ));
    }

    // Visitors with a conversation already assigned (the first message starts it).
    let http = reqwest::Client::new();
    let visitors = bounded((0..VISITORS).collect(), 32, |i| {
        let http = http.clone();
        async move {
            let v = clients::hello(&http, &args.base).await?;
            let ws = clients::connect(&args.base, &v.token, 2).await?;
            let (mut sink, mut stream) = ws.split();
            clients::ready(&mut stream).await?;
            sink.send(clients::send_frame(None, &format!("lat-warm-{i}"), "hello"))
                .await
                .map_err(|e| e.to_string())?;
            let conversation = loop {
                match clients::next_event(&mut stream).await {
                    Some(ServerEvent::Ack { message, .. }) => break message.conversation_id,
                    Some(_) => continue,
                    None => return Err("closed".to_string()),
                }
            };
            let drain =
                tokio::spawn(
                    async move { while clients::next_event(&mut stream).await.is_some() {} },
                );
            Ok::<_, String>((sink, conversation, drain))
        }
    })
    .await;
    let mut visitors: Vec<_> = visitors.into_iter().filter_map(Result::ok).collect();
    if visitors.is_empty() {
        crate::fail("no latency visitors connected");
    }
    samples.lock().unwrap().clear();

    let total = (args.rate * args.latency_secs) as usize;
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / args.rate.max(1) as f64));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    for n in 0..total {
        tick.tick().await;
        let k = n % visitors.len();
        let (sink, conversation, _) = &mut visitors[k];
        let sent = base.elapsed().as_micros() as u64;
        let frame = clients::send_frame(
            Some(*conversation),
            &format!("lat-{n}"),
            &format!("lat:{sent}"),
        );
        let _ = sink.send(frame).await;
    }
    // Let the last messages arrive.
    let deadline = Instant::now() + Duration::from_secs(5);
    while samples.lock().unwrap().len() < total && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for (_, task) in &agent_tasks {
        task.abort();
    }
    for (_, _, task) in &visitors {
        task.abort();
    }
    let mut s = samples.lock().unwrap().clone();
    s.sort_unstable();
    let pct = |p: f64| -> f64 {
        if s.is_empty() {
            return 0.0;
        }
        let i = ((s.len() as f64 * p).ceil() as usize).clamp(1, s.len()) - 1;
        s[i] as f64 / 1000.0
    };
    LatencyResult {
        rate: args.rate,
        secs: args.latency_secs,
        sent: total,
        received: s.len(),
        p50_ms: pct(0.50),
        p90_ms: pct(0.90),
        p99_ms: pct(0.99),
        max_ms: s.last().map(|m| *m as f64 / 1000.0).unwrap_or(0.0),
    }
}
