//! `loadgen`: measures a running Switchboard server (see `bench/run.sh`).
//!
//! Phases, in one run and in this order, so later phases run with the idle
//! sockets of the first still connected:
//! 1. idle sockets held (visitor protocol, heartbeats answered) + server RSS,
//!    with host-page loaders (`/ws/site`) reporting page views meanwhile;
//! 2. delivery latency at a fixed rate, visitor send → agent receive;
//! 3. persisted throughput, checked against the database row by row;
//! 4. widget weight (loader, and everything the opened widget loads).
//!
//! Exits non-zero when the server lost or duplicated a message.

mod clients;
mod phases;
mod report;
mod setup;

use std::time::Duration;

use clap::Parser;

#[derive(Parser, Debug, Clone)]
#[command(about = "Switchboard load generator")]
pub struct Args {
    /// Server base URL.
    #[arg(long, default_value = "http://127.0.0.1:3900")]
    pub base: String,
    /// The server's SQLite URL (the same file the server uses), for seeding
    /// agents and counting rows afterwards.
    #[arg(long)]
    pub database_url: String,
    /// The server's process id, for its RSS.
    #[arg(long)]
    pub server_pid: u32,
    #[arg(
        long,
        env = "SWITCHBOARD_ADMIN_EMAIL",
        default_value = "bench@example.com"
    )]
    pub admin_email: String,
    #[arg(
        long,
        env = "SWITCHBOARD_ADMIN_PASSWORD",
        default_value = "bench-admin-password"
    )]
    pub admin_password: String,
    /// Idle visitor sockets to open and hold.
    #[arg(long, default_value_t = 20_000)]
    pub sockets: usize,
    /// Host-page loaders (online visitors) to open beside them.
    #[arg(long, default_value_t = 5_000)]
    pub site_sockets: usize,
    /// Each loader reports a page this often.
    #[arg(long, default_value_t = 30)]
    pub view_every_secs: u64,
    /// How long to hold them.
    #[arg(long, default_value_t = 60)]
    pub hold_secs: u64,
    /// Local source addresses 127.0.0.1..=N, so ephemeral ports are no limit.
    #[arg(long, default_value_t = 8)]
    pub source_addrs: u8,
    /// Latency phase: messages per second and seconds.
    #[arg(long, default_value_t = 1000)]
    pub rate: u64,
    #[arg(long, default_value_t = 10)]
    pub latency_secs: u64,
    /// Throughput phase: visitors, agents, messages per visitor.
    #[arg(long, default_value_t = 200)]
    pub visitors: usize,
    #[arg(long, default_value_t = 4)]
    pub agents: usize,
    #[arg(long, default_value_t = 50)]
    pub messages: usize,
    /// Where to write the JSON results.
    #[arg(long, default_value = "bench/results/latest.json")]
    pub out: String,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let started = std::time::Instant::now();
    let seeded = match setup::seed(&args).await {
        Ok(s) => s,
        Err(e) => fail(&format!("seeding agents: {e}")),
    };

    eprintln!(
        "==> site: opening {} host-page loaders, a page view each every {} s",
        args.site_sockets, args.view_every_secs
    );
    let site = phases::site::start(&args).await;
    eprintln!("==> idle: opening {} visitor sockets", args.sockets);
    let idle = phases::idle::run(&args).await;
    eprintln!(
        "    held {}/{} for {} s, server RSS {} MiB",
        idle.result.held, args.sockets, args.hold_secs, idle.result.rss_mib
    );

    eprintln!(
        "==> latency: {} msg/s for {} s with {} sockets connected",
        args.rate, args.latency_secs, idle.result.held
    );
    let latency = phases::latency::run(&args, &seeded.tokens).await;
    eprintln!(
        "    p50 {:.1} ms, p99 {:.1} ms",
        latency.p50_ms, latency.p99_ms
    );

    eprintln!(
        "==> throughput: {} visitors → {} agents × {} messages",
        args.visitors, args.agents, args.messages
    );
    let throughput = phases::throughput::run(&args, &seeded.tokens).await;
    eprintln!(
        "    {:.0} msg/s persisted and delivered",
        throughput.per_sec
    );
    drop(idle.sockets);
    let site = site.finish(&args, &seeded.tokens[0]).await;
    eprintln!(
        "    loaders held {}/{}, {} page views, list p50 {:.1} ms",
        site.held, site.requested, site.views_sent, site.list_p50_ms
    );

    eprintln!("==> widget weight");
    let weight = phases::weight::run(&args).await;

    let results = report::Results {
        idle: idle.result,
        site,
        latency,
        throughput,
        weight,
        total_secs: started.elapsed().as_secs_f64(),
    };
    report::print(&results);
    report::write(&args.out, &results);
    if !results.throughput.verified {
        fail("the server lost or duplicated messages (see the table)");
    }
    tokio::time::sleep(Duration::from_millis(10)).await;
}

pub fn fail(msg: &str) -> ! {
    eprintln!("loadgen: FAILED: {msg}");
    std::process::exit(1)
}
