//! Sensitive-data replacement over a large archive (R8): seeds `MESSAGES`
//! stored messages in ended conversations of a fresh SQLite database (one in
//! ten carries a card number, a phone number or an ID number), then runs
//! three rules over all of it while a live chat keeps sending a message
//! every 20 ms. Prints the run's time and the live messages' send latency
//! (visitor send → stored and acknowledged) before and during the run, and
//! writes `bench/results/masking.json`.
//!
//!   cargo run --release -p bench --bin masking-bench [MESSAGES]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use domain::chat::StartInfo;
use domain::masking::run::Step;
use domain::Services;
use model::masking::{MaskMode, MaskPattern, MaskRuleInput};
use sea_orm::ConnectionTrait;

mod seed;
use seed::{copies, one_i64, percentile};

const PER_CONVERSATION: u64 = 10;
const LIVE_EVERY: Duration = Duration::from_millis(20);

/// Send live messages every 20 ms until `stop`; their latencies in ms.
async fn live_chat(
    services: Services,
    visitor: i64,
    conversation: i64,
    stop: Arc<AtomicBool>,
) -> Vec<f64> {
    let mut times = vec![];
    let mut tick = tokio::time::interval(LIVE_EVERY);
    let mut n = 0u64;
    while !stop.load(Ordering::Relaxed) {
        tick.tick().await;
        n += 1;
        let t = Instant::now();
        services
            .conversations
            .visitor_send(
                visitor,
                Some(conversation),
                &format!("live-{n}"),
                "still here",
                &StartInfo::default(),
            )
            .await
            .expect("live message");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    times
}

#[tokio::main]
async fn main() {
    let messages: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let conversations = messages / PER_CONVERSATION;
    let seed::Fresh {
        dir,
        db,
        services,
        admin,
    } = seed::fresh("masking-bench").await;

    // One real ended conversation with one visitor message, then copies.
    let first = seed::ended_conversation(&services).await;
    let seeded = Instant::now();
    println!("==> seeding {conversations} conversations, {messages} messages");
    copies(&db, "conversations", first, conversations - 1, &[]).await;
    let template = one_i64(
        &db,
        &format!(
            "SELECT id FROM messages WHERE conversation_id = {} AND sender = 'visitor'",
            first
        ),
    )
    .await;
    // Everything but the template goes; the template steps out of the way
    // of its copies' seq numbers until it goes too.
    db.execute_unprepared(&format!(
        "DELETE FROM messages WHERE id <> {template}; UPDATE messages SET seq = -1 WHERE id = {template}"
    ))
    .await
    .unwrap();
    // Message k of conversation c: 1 in 10 carries something to mask.
    let body = "CASE i % 30 \
        WHEN 3 THEN '我的卡号是 6222 0212 3456 7894，麻烦退款' \
        WHEN 13 THEN '手机 138-1234-5678 随时联系' \
        WHEN 23 THEN '身份证 11010519491231002X 已上传' \
        ELSE '订单已经发货了吗？我想确认一下物流信息' END";
    let per = PER_CONVERSATION;
    copies(
        &db,
        "messages",
        template,
        messages,
        &[
            ("conversation_id", format!("{} + i / {per}", first)),
            ("seq", format!("i % {per} + 1")),
            ("client_id", "'bench-' || i".into()),
            ("body", body.into()),
        ],
    )
    .await;
    db.execute_unprepared(&format!("DELETE FROM messages WHERE id = {template}"))
        .await
        .unwrap();
    db.execute_unprepared("ANALYZE").await.unwrap();
    println!("    seeded in {:.1} s", seeded.elapsed().as_secs_f64());

    for (name, pattern) in [
        ("Bank cards", MaskPattern::BankCard),
        ("Mobiles", MaskPattern::Mobile),
        ("ID numbers", MaskPattern::IdCard),
    ] {
        let rule = MaskRuleInput {
            name: name.into(),
            pattern,
            regex: String::new(),
            mode: MaskMode::KeepLast4,
            enabled: true,
        };
        services
            .masking
            .save_rule(&admin, None, rule)
            .await
            .unwrap();
    }

    // A live chat, first alone (the baseline), then during the run.
    let live = services.visitors.hello(Default::default()).await.unwrap();
    let open = services
        .conversations
        .visitor_send(
            live.visitor_id,
            None,
            "live-0",
            "hello",
            &StartInfo::default(),
        )
        .await
        .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let baseline = tokio::spawn(live_chat(
        services.clone(),
        live.visitor_id,
        open.conversation_id,
        stop.clone(),
    ));
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop.store(true, Ordering::Relaxed);
    let baseline = baseline.await.unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let during = tokio::spawn(live_chat(
        services.clone(),
        live.visitor_id,
        open.conversation_id,
        stop.clone(),
    ));
    println!("==> masking run");
    let started = Instant::now();
    services.masking.run_now(&admin).await.unwrap();
    loop {
        if let Step::Finished(_) = services.masking.step().await.unwrap() {
            break;
        }
        tokio::task::yield_now().await;
    }
    let run_secs = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let during = during.await.unwrap();
    let log = &services.masking.runs(&admin).await.unwrap()[0];

    let report = serde_json::json!({
        "messages": messages,
        "conversations": conversations,
        "run_secs": run_secs,
        "messages_per_sec": messages as f64 / run_secs,
        "messages_changed": log.messages_changed,
        "conversations_changed": log.conversations_changed,
        "live_baseline_ms": { "p50": percentile(&baseline, 0.5), "p99": percentile(&baseline, 0.99), "n": baseline.len() },
        "live_during_ms": { "p50": percentile(&during, 0.5), "p99": percentile(&during, 0.99), "max": during.last().copied().unwrap_or(0.0), "n": during.len() },
    });
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
    let out = format!("{}/results/masking.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::write(&out, serde_json::to_string_pretty(&report).unwrap() + "\n").unwrap();
    println!("wrote {out}");
    let _ = std::fs::remove_dir_all(&dir);
}
