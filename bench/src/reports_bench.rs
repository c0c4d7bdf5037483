//! Reports over a large archive (M3, M5): seeds `MESSAGES` stored messages
//! in `MESSAGES / 10` conversations spread over 90 days (50 agents in 10
//! groups, three channels, a rating on every third, 20,000 customers with
//! one or two of 8 tags) with their precomputed facts in a fresh database,
//! then times what a manager opens: the 30-day conversation report by
//! day, by agent and by group, the customer service, agent
//! work and tag reports, and the background CSV of all 90 days; and a
//! visitor's message while reports run against while they do not. Each
//! call goes through `ReportService` as the console and REST call it.
//! Writes `bench/results/reports.json`.
//!
//!   cargo run --release -p bench --bin reports-bench [MESSAGES]
//!   scripts/pg-test.sh cargo run --release -p bench --bin reports-bench   (PostgreSQL)

use std::time::Instant;

use domain::chat::StartInfo;
use model::reports::{Breakdown, ExportState, ReportQuery};
use sea_orm::ConnectionTrait;

mod seed;
use seed::{copies, copies_by, one_i64, percentile};

const PER_CONVERSATION: u64 = 10;
const DAYS: u64 = 90;
const AGENTS: usize = 50;
const GROUPS: usize = 10;
const CUSTOMERS: u64 = 20_000;
const TAGS: usize = 8;
const RUNS: usize = 20;
const SENDS: usize = 300;
/// The pause between a visitor's messages.
const PACE: std::time::Duration = std::time::Duration::from_millis(20);

fn preset(key: &str, breakdown: Breakdown) -> ReportQuery {
    ReportQuery {
        preset: Some(key.into()),
        breakdown,
        ..Default::default()
    }
}

/// p50 and p95 of `RUNS` timed calls (after three to warm the cache).
async fn timed<F, Fut>(mut call: F) -> (f64, f64)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = vec![];
    for run in 0..RUNS + 3 {
        let t = Instant::now();
        call().await;
        if run >= 3 {
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(f64::total_cmp);
    (percentile(&times, 0.5), percentile(&times, 0.95))
}

/// p50 and p99 of a visitor's messages, one every `PACE`, in ms.
async fn sends(
    services: &domain::Services,
    visitor: i64,
    conversation: i64,
    tag: &str,
) -> (f64, f64) {
    let mut times = vec![];
    for n in 0..SENDS {
        let t = Instant::now();
        services
            .conversations
            .visitor_send(
                visitor,
                Some(conversation),
                &format!("{tag}-{n}"),
                "还在吗？",
                &StartInfo::default(),
            )
            .await
            .unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        // Paced like live traffic, so the reports get time to run.
        tokio::time::sleep(PACE).await;
    }
    times.sort_by(f64::total_cmp);
    (percentile(&times, 0.5), percentile(&times, 0.99))
}

/// `CUSTOMERS` customers by SQL, customer `j` tagged with tag `j % 8` and,
/// every third, the next tag too; returns the first one's id.
async fn seed_customers(db: &sea_orm::DatabaseConnection, tags: &[i32]) -> i64 {
    let now = seed::ago(db, "0");
    let seq = format!(
        "WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < {CUSTOMERS})"
    );
    db.execute_unprepared(&format!(
        "{seq} INSERT INTO customers (name, identity, created_at, updated_at) \
         SELECT 'Customer ' || i, 'none', {now}, {now} FROM seq"
    ))
    .await
    .unwrap();
    let first = one_i64(
        db,
        "SELECT MIN(id) FROM customers WHERE name LIKE 'Customer %'",
    )
    .await;
    let tag = |offset: usize| {
        let turned: Vec<i32> = (0..tags.len())
            .map(|k| tags[(k + offset) % tags.len()])
            .collect();
        seed::case_of(&format!("(id - {first}) % {}", tags.len()), &turned)
    };
    for (offset, only) in [(0, "1 = 1"), (1, &*format!("(id - {first}) % 3 = 0"))] {
        db.execute_unprepared(&format!(
            "INSERT INTO customer_tags (customer_id, tag_id, added_at) \
             SELECT id, {}, {now} FROM customers WHERE id >= {first} AND {only}",
            tag(offset)
        ))
        .await
        .unwrap();
    }
    first
}

#[tokio::main]
async fn main() {
    let messages: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let conversations = messages / PER_CONVERSATION;
    let every = DAYS * 86_400 / conversations.max(1);
    let fresh = seed::fresh("reports-bench").await;
    let agents = seed::agents(&fresh, AGENTS, Some(100)).await;
    let seed::Fresh {
        dir,
        db,
        services,
        admin,
    } = fresh;

    // Five agents to a group: agent `k` of the list is in group `k / 5`.
    let mut groups = vec![];
    for (n, members) in agents.chunks(AGENTS / GROUPS).enumerate() {
        let input = model::people::GroupInput {
            name: format!("Group {n}"),
            description: String::new(),
            member_ids: members.to_vec(),
            assignment: Default::default(),
            returning_first: false,
            bot_mode: None,
        };
        groups.push(services.groups.create(&admin, input).await.unwrap().id);
    }
    let mut tags = vec![];
    for n in 0..TAGS {
        let input = model::customers::TagInput {
            name: format!("Tag {n}"),
            color: format!("#{:06x}", 0x203040 * (n + 1) % 0xffffff),
        };
        tags.push(services.tags.save(&admin, None, input).await.unwrap().id);
    }

    // One real ended conversation with its facts, then copies by SQL.
    let first = seed::ended_conversation(&services).await;
    let seeded = Instant::now();
    println!("==> seeding {conversations} conversations, {messages} messages over {DAYS} days");
    let agent = seed::case_of(&format!("i % {AGENTS}"), &agents);
    let group = seed::case_of(&format!("i % {AGENTS} / {}", AGENTS / GROUPS), &groups);
    let channel = "CASE i % 3 WHEN 0 THEN 'web' WHEN 1 THEN 'wechat' ELSE 'app' END";
    let first_customer = seed_customers(&db, &tags).await;
    let customer = format!("{first_customer} + i % {CUSTOMERS}");
    let at = |secs: String| seed::ago(&db, &secs);
    let start = format!("({conversations} - i) * {every} + 900");
    copies(
        &db,
        "conversations",
        first,
        conversations,
        &[
            ("agent_id", agent.clone()),
            ("group_id", group.clone()),
            ("channel", channel.into()),
            ("started_at", at(start.clone())),
            ("ended_at", at(format!("{start} - 600"))),
        ],
    )
    .await;
    let first_copy = first + 1;
    copies_by(
        &db,
        "conversation_facts",
        "conversation_id",
        first,
        conversations,
        &[
            ("conversation_id", format!("{first_copy} + i")),
            ("agent_id", agent),
            ("group_id", group),
            ("customer_id", customer),
            ("channel", channel.into()),
            ("started_at", at(start.clone())),
            ("ended_at", at(format!("{start} - 600"))),
            ("answered", "i % 10 <> 0".into()),
            ("missed", "i % 10 = 0".into()),
            (
                "first_response_secs",
                "CASE WHEN i % 10 = 0 THEN NULL ELSE 5 + i % 120 END".into(),
            ),
            ("queue_secs", "i % 30".into()),
            ("duration_secs", "60 + i % 900".into()),
            ("replies", "4".into()),
            ("reply_secs_total", "4 * (10 + i % 60)".into()),
            ("messages_in", "5".into()),
            ("messages_out", "5".into()),
            (
                "rating_level",
                "CASE WHEN i % 3 = 0 THEN 1 + i % 5 ELSE NULL END".into(),
            ),
            (
                "satisfaction",
                "CASE WHEN i % 3 = 0 THEN 100.0 - (i % 5) * 25.0 ELSE NULL END".into(),
            ),
        ],
    )
    .await;
    let template = one_i64(
        &db,
        &format!(
            "SELECT id FROM messages WHERE conversation_id = {} AND sender = 'visitor'",
            first
        ),
    )
    .await;
    let per = PER_CONVERSATION;
    copies(
        &db,
        "messages",
        template,
        messages,
        &[
            ("conversation_id", format!("{first_copy} + i / {per}")),
            ("seq", format!("i % {per} + 1")),
            ("client_id", "'bench-' || i".into()),
            ("body", "'你好，我想咨询一下订单 ' || i".into()),
            (
                "created_at",
                at(format!(
                    "({conversations} - i / {per}) * {every} + 900 - i % {per} * 30"
                )),
            ),
        ],
    )
    .await;
    db.execute_unprepared("ANALYZE").await.unwrap();
    let seed_secs = seeded.elapsed().as_secs_f64();
    println!("    seeded in {seed_secs:.1} s");

    let reports = &services.reports;
    let a = &admin;
    let mut results = vec![];
    let mut record = |name: &str, (p50, p95): (f64, f64)| {
        println!("    {name:<40} p50 {p50:>8.1} ms  p95 {p95:>8.1} ms");
        results.push(serde_json::json!({ "report": name, "p50_ms": p50, "p95_ms": p95 }));
    };
    println!("==> reports ({RUNS} runs each)");
    let by_day = &preset("last30", Breakdown::Time);
    let by_agent = &preset("last30", Breakdown::Agent);
    let by_group = &preset("last30", Breakdown::Group);
    record(
        "conversations, 30 days by day",
        timed(|| async move {
            reports.conversation_report(a, by_day).await.unwrap();
        })
        .await,
    );
    record(
        "conversations, 30 days by agent",
        timed(|| async move {
            reports.conversation_report(a, by_agent).await.unwrap();
        })
        .await,
    );
    record(
        "conversations, 30 days by group",
        timed(|| async move {
            reports.conversation_report(a, by_group).await.unwrap();
        })
        .await,
    );
    record(
        "customer service, 30 days",
        timed(|| async move {
            reports.service_report(a, by_day).await.unwrap();
        })
        .await,
    );
    record(
        "agent work, 30 days",
        timed(|| async move {
            reports.agent_work(a, by_day).await.unwrap();
        })
        .await,
    );
    record(
        "customer tags, 30 days",
        timed(|| async move {
            reports.tag_report(a, by_day).await.unwrap();
        })
        .await,
    );

    // The seed's groups and tags are what the reports find.
    let groups_found = reports.conversation_report(a, by_group).await.unwrap();
    // (and a "none" row for the template conversation)
    let named = groups_found.rows.iter().filter(|r| r.key != "none").count();
    assert_eq!(named, GROUPS, "a row per group");
    let tags_found = reports.tag_report(a, by_day).await.unwrap();
    assert_eq!(tags_found.rows.len(), TAGS, "a row per tag");
    // Only the template conversation has no customer.
    assert!(tags_found.untagged.started <= 1, "every customer tagged");

    // The background CSV of every conversation of the 90 days.
    let today = chrono::Utc::now().date_naive();
    let all = ReportQuery {
        from: today - chrono::Duration::days(DAYS as i64 + 1),
        to: today + chrono::Duration::days(1),
        ..Default::default()
    };
    let t = Instant::now();
    let job = reports.start_export(&admin, &all).await.unwrap();
    let done = loop {
        let j = reports.export(&admin, job.id).await.unwrap();
        if j.state != ExportState::Running {
            break j;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    let export_secs = t.elapsed().as_secs_f64();
    let (_, bytes) = reports.export_file(&admin, done.id).await.unwrap();
    println!(
        "    90-day CSV: {} conversations, {:.1} MB in {export_secs:.2} s",
        done.total,
        bytes.len() as f64 / 1e6
    );

    // A live chat: the visitor's messages alone, then while reports run.
    let visitor = services
        .visitors
        .hello(Default::default())
        .await
        .unwrap()
        .visitor_id;
    let live = services
        .conversations
        .visitor_send(visitor, None, "live-0", "你好", &StartInfo::default())
        .await
        .unwrap()
        .conversation_id;
    let quiet = sends(&services, visitor, live, "quiet").await;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let busy = {
        let (reports, admin, stop) = (services.reports.clone(), admin.clone(), stop.clone());
        let by_agent = by_agent.clone();
        tokio::spawn(async move {
            let mut n = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                reports
                    .conversation_report(&admin, &by_agent)
                    .await
                    .unwrap();
                n += 1;
            }
            n
        })
    };
    let loaded = sends(&services, visitor, live, "busy").await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let reports_meanwhile = busy.await.unwrap();
    println!(
        "    live message p50/p99: {:.2}/{:.2} ms alone, {:.2}/{:.2} ms with {reports_meanwhile} reports running",
        quiet.0, quiet.1, loaded.0, loaded.1
    );

    let backend = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => "postgres",
        _ => "sqlite",
    };
    let report = serde_json::json!({
        "database": backend,
        "messages": messages,
        "conversations": conversations,
        "days": DAYS,
        "agents": AGENTS,
        "groups": GROUPS,
        "customers": CUSTOMERS,
        "tags": TAGS,
        "seed_secs": seed_secs,
        "reports": results,
        "export": { "conversations": done.total, "bytes": bytes.len(), "secs": export_secs },
        "live_message_ms": {
            "alone": { "p50": quiet.0, "p99": quiet.1 },
            "reports_running": { "p50": loaded.0, "p99": loaded.1, "reports": reports_meanwhile },
        },
    });
    let name = if backend == "sqlite" {
        "reports"
    } else {
        "reports-postgres"
    };
    let out = format!("{}/results/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::write(&out, serde_json::to_string_pretty(&report).unwrap() + "\n").unwrap();
    println!("wrote {out}");
    let _ = std::fs::remove_dir_all(&dir);
}
