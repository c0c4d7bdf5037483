//! The results table (stdout) and `bench/results/latest.json`.

use serde::Serialize;

use crate::phases::idle::IdleResult;
use crate::phases::latency::LatencyResult;
use crate::phases::site::SiteResult;
use crate::phases::throughput::ThroughputResult;
use crate::phases::weight::WeightResult;

#[derive(Debug, Clone, Serialize)]
pub struct Results {
    pub idle: IdleResult,
    pub site: SiteResult,
    pub latency: LatencyResult,
    pub throughput: ThroughputResult,
    pub weight: WeightResult,
    pub total_secs: f64,
}

fn kb(n: usize) -> String {
    format!("{:.1} KB", n as f64 / 1024.0)
}

pub fn print(r: &Results) {
    let loader = r.weight.loader.as_ref();
    let rows: Vec<(String, String, &str)> = vec![
        (
            "idle sockets held".into(),
            format!(
                "{} / {} for {} s",
                r.idle.held, r.idle.requested, r.idle.hold_secs
            ),
            "50,000",
        ),
        (
            "server RSS while held".into(),
            format!("{:.0} MiB", r.idle.rss_mib),
            "≤ 1.5 GiB",
        ),
        (
            "host-page loaders held, page views".into(),
            format!(
                "{} / {}, {} views (one each per {} s)",
                r.site.held, r.site.requested, r.site.views_sent, r.site.view_every_secs
            ),
            "5,000",
        ),
        (
            "online-visitors list p50 / max".into(),
            format!(
                "{:.1} / {:.1} ms ({} listed)",
                r.site.list_p50_ms, r.site.list_max_ms, r.site.listed
            ),
            "fast at 5,000",
        ),
        (
            "persisted msg/s".into(),
            format!(
                "{:.0} ({} visitors → {} agents, {} msgs)",
                r.throughput.per_sec, r.throughput.visitors, r.throughput.agents, r.throughput.sent
            ),
            "5,000",
        ),
        (
            "lost / duplicated".into(),
            format!(
                "{} / {} (acked {}, rows {}, delivered {})",
                r.throughput.sent as i64 - r.throughput.distinct_in_db,
                r.throughput.rows_in_db - r.throughput.distinct_in_db,
                r.throughput.acked,
                r.throughput.rows_in_db,
                r.throughput.delivered_to_agents
            ),
            "0 / 0",
        ),
        (
            format!("latency p50/p90/p99/max @ {}/s", r.latency.rate),
            format!(
                "{:.1} / {:.1} / {:.1} / {:.1} ms ({} of {} arrived, {} sockets open)",
                r.latency.p50_ms,
                r.latency.p90_ms,
                r.latency.p99_ms,
                r.latency.max_ms,
                r.latency.received,
                r.latency.sent,
                r.idle.held
            ),
            "p99 ≤ 50 ms",
        ),
        (
            "loader (embed.js) raw/gzip/brotli".into(),
            loader
                .map(|a| format!("{} / {} / {}", kb(a.raw), kb(a.gzip), kb(a.brotli)))
                .unwrap_or_else(|| "missing".into()),
            "≤ 5 KB brotli",
        ),
        (
            "opened widget raw/gzip/brotli".into(),
            format!(
                "{} / {} / {}",
                kb(r.weight.widget_raw),
                kb(r.weight.widget_gzip),
                kb(r.weight.widget_brotli)
            ),
            "≤ 120 KB brotli",
        ),
    ];
    let w0 = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let w1 = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    println!("| {:w0$} | {:w1$} | target |", "figure", "measured");
    println!("|{}|{}|--------|", "-".repeat(w0 + 2), "-".repeat(w1 + 2));
    for (a, b, c) in rows {
        println!("| {a:w0$} | {b:w1$} | {c} |");
    }
    println!("(whole run {:.0} s)", r.total_secs);
}

pub fn write(path: &str, r: &Results) {
    if let Some(dir) = std::path::Path::new(path).parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    match serde_json::to_string_pretty(r) {
        Ok(json) => {
            if let Err(e) = std::fs::write(path, json) {
                eprintln!("loadgen: could not write {path}: {e}");
            }
        }
        Err(e) => eprintln!("loadgen: {e}"),
    }
}
