//! Loaders on host pages (W2): N `/ws/site` sockets, each reporting a page
//! at once and then one every `view_every_secs`, kept open through the
//! phases that follow so they run with page views flowing. At the end, how
//! long the workbench's online-visitors list takes with them all online.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde::Serialize;
use tokio_tungstenite::tungstenite::Message as Frame;

use super::bounded;
use crate::Args;

#[derive(Debug, Clone, Serialize)]
pub struct SiteResult {
    pub requested: usize,
    pub held: usize,
    pub views_sent: usize,
    pub view_every_secs: u64,
    /// The online-visitors list as the server counted it.
    pub listed: usize,
    pub list_p50_ms: f64,
    pub list_max_ms: f64,
    pub errors: Vec<String>,
}

pub struct Site {
    alive: Arc<AtomicUsize>,
    views: Arc<AtomicUsize>,
    requested: usize,
    errors: Vec<String>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

fn view(n: usize, i: usize) -> Frame {
    let url = format!("https://shop.example/products/{}?visitor={i}", n % 50);
    let msg =
        serde_json::json!({ "t": "view", "url": url, "title": format!("Product {}", n % 50) });
    Frame::Text(msg.to_string().into())
}

pub async fn start(args: &Args) -> Site {
    let alive = Arc::new(AtomicUsize::new(0));
    let views = Arc::new(AtomicUsize::new(0));
    let server = args.base.trim_start_matches("http://").to_owned();
    let every = Duration::from_secs(args.view_every_secs.max(2));
    let opened = bounded((0..args.site_sockets).collect(), 128, |i| {
        let (alive, views, server) = (alive.clone(), views.clone(), server.clone());
        async move {
            let url = format!("ws://{server}/ws/site?link=default&vid=bench-site-{i:010}&lang=en");
            let (ws, _) = tokio::time::timeout(
                Duration::from_secs(20),
                tokio_tungstenite::connect_async(url),
            )
            .await
            .map_err(|_| "site connect: timed out".to_string())?
            .map_err(|e| format!("site connect: {e}"))?;
            let (mut sink, mut stream) = ws.split();
            alive.fetch_add(1, Ordering::SeqCst);
            Ok::<_, String>(tokio::spawn(async move {
                // Spread the reports over the interval, as real pages are.
                let mut tick = tokio::time::interval_at(
                    tokio::time::Instant::now() + every.mul_f64((i % 97) as f64 / 97.0),
                    every,
                );
                let mut n = 0;
                loop {
                    tokio::select! {
                        _ = tick.tick() => {
                            if sink.send(view(n, i)).await.is_err() { break; }
                            views.fetch_add(1, Ordering::Relaxed);
                            n += 1;
                        }
                        frame = stream.next() => if !matches!(frame, Some(Ok(_))) { break },
                    }
                }
                alive.fetch_sub(1, Ordering::SeqCst);
            }))
        }
    })
    .await;
    let mut tasks = vec![];
    let mut errors = vec![];
    for r in opened {
        match r {
            Ok(t) => tasks.push(t),
            Err(e) if errors.len() < 5 => errors.push(e),
            Err(_) => {}
        }
    }
    Site {
        alive,
        views,
        requested: args.site_sockets,
        errors,
        tasks,
    }
}

impl Site {
    /// Measure the list with an agent's token, then close every loader.
    pub async fn finish(self, args: &Args, token: &str) -> SiteResult {
        let http = reqwest::Client::new();
        let mut times = vec![];
        let mut listed = 0;
        for page in 0..20 {
            let started = Instant::now();
            let res = http
                .get(format!(
                    "{}/api/v1/agent/online-visitors?page={page}",
                    args.base
                ))
                .bearer_auth(token)
                .send()
                .await;
            if let Ok(res) = res {
                if let Ok(body) = res.json::<serde_json::Value>().await {
                    listed = body["total"].as_u64().unwrap_or(0) as usize;
                }
            }
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        let result = SiteResult {
            requested: self.requested,
            held: self.alive.load(Ordering::SeqCst),
            views_sent: self.views.load(Ordering::Relaxed),
            view_every_secs: args.view_every_secs,
            listed,
            list_p50_ms: times[times.len() / 2],
            list_max_ms: times.last().copied().unwrap_or(0.0),
            errors: self.errors,
        };
        for t in self.tasks {
            t.abort();
        }
        result
    }
}
