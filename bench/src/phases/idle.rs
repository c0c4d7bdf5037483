//! Idle visitor sockets: open N through the real visitor protocol (hello,
//! then /ws with the token), keep answering heartbeats, and count how many
//! are still connected after the hold time.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde::Serialize;

use super::{bounded, rss_mib};
use crate::clients;
use crate::Args;

#[derive(Debug, Clone, Serialize)]
pub struct IdleResult {
    pub requested: usize,
    pub opened: usize,
    pub held: usize,
    pub hold_secs: u64,
    pub open_secs: f64,
    pub rss_mib: f64,
    pub rss_before_mib: f64,
    pub errors: Vec<String>,
}

/// The open sockets; dropping this closes them.
pub struct Idle {
    pub result: IdleResult,
    pub sockets: Vec<(clients::Sink, tokio::task::JoinHandle<()>)>,
}

pub async fn run(args: &Args) -> Idle {
    let rss_before = rss_mib(args.server_pid);
    let http = reqwest::Client::new();
    let started = Instant::now();
    let alive = Arc::new(AtomicUsize::new(0));
    let results = bounded((0..args.sockets).collect(), 128, |i| {
        let (http, alive) = (http.clone(), alive.clone());
        let source = (i % args.source_addrs.max(1) as usize) as u8 + 1;
        async move {
            let visitor = clients::hello(&http, &args.base).await?;
            let ws = clients::connect(&args.base, &visitor.token, source).await?;
            let (sink, mut stream) = ws.split();
            clients::ready(&mut stream).await?;
            alive.fetch_add(1, Ordering::SeqCst);
            // Reading answers the server's pings; the task ends when the socket does.
            let reader = tokio::spawn(async move {
                while let Some(Ok(_)) = stream.next().await {}
                alive.fetch_sub(1, Ordering::SeqCst);
            });
            Ok::<_, String>((sink, reader))
        }
    })
    .await;
    let open_secs = started.elapsed().as_secs_f64();
    let mut sockets = vec![];
    let mut errors: Vec<String> = vec![];
    for r in results {
        match r {
            Ok(s) => sockets.push(s),
            Err(e) if errors.len() < 5 => errors.push(e),
            Err(_) => {}
        }
    }
    let opened = sockets.len();
    eprintln!(
        "    opened {opened} in {open_secs:.1} s; holding {} s",
        args.hold_secs
    );
    tokio::time::sleep(Duration::from_secs(args.hold_secs)).await;
    Idle {
        result: IdleResult {
            requested: args.sockets,
            opened,
            held: alive.load(Ordering::SeqCst),
            hold_secs: args.hold_secs,
            open_secs,
            rss_mib: rss_mib(args.server_pid),
            rss_before_mib: rss_before,
            errors,
        },
        sockets,
    }
}
