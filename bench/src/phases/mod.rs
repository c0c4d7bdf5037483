//! The measured phases, each returning its part of the results.

pub mod idle;
pub mod latency;
pub mod site;
pub mod throughput;
pub mod weight;

/// Run `f` over `items` with at most `limit` in flight.
pub async fn bounded<T, F, Fut, R>(items: Vec<T>, limit: usize, f: F) -> Vec<R>
where
    F: Fn(T) -> Fut,
    Fut: std::future::Future<Output = R>,
{
    use futures_util::stream::{self, StreamExt};
    stream::iter(items.into_iter().map(f))
        .buffer_unordered(limit)
        .collect()
        .await
}

/// Resident memory of a process in MiB, from /proc.
pub fn rss_mib(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}
