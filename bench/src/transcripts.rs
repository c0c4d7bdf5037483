//! Transcript search over a large archive (M2): seeds `MESSAGES` stored
//! messages (ten a conversation, one conversation every five minutes over
//! about a year, five agents, web and WeChat) in a fresh SQLite database,
//! indexes them with the real backfill, then times the searches people
//! make: a common Chinese word, a phrase, an English stem, a rare order
//! number, words that match nothing, words with filters, filters alone
//! and a second page. Each is the first page (20 conversations with their
//! marked lines) through `TranscriptService::search`, as the console and
//! the REST API call it. Writes `bench/results/transcripts.json`.
//!
//!   cargo run --release -p bench --bin transcripts-bench [MESSAGES]

use std::time::Instant;

use chrono::{Duration, Utc};
use model::transcripts::{TranscriptQuery, TranscriptState};
use sea_orm::ConnectionTrait;

mod seed;
use seed::{copies, one_i64, percentile};

const PER_CONVERSATION: u64 = 10;
/// Seconds between two conversations' starts.
const EVERY: u64 = 300;
const RUNS: usize = 40;

/// What visitors and agents say, in turn; a few lines name refunds and
/// invoices, most do not.
const LINES: &[&str] = &[
    "你好，我想咨询一下订单的物流信息",
    "请问什么时候发货？",
    "我想申请退款，商品有质量问题",
    "麻烦帮我开一张增值税发票",
    "退款和发票可以一起处理吗",
    "好的，已经为您登记，请耐心等待",
    "快递显示已经签收了但是我没收到",
    "能不能换一个颜色",
    "优惠券为什么用不了",
    "Hello, I would like a refund for my order",
    "The parcel arrived damaged, what can I do?",
    "Thanks, the replacement was shipped yesterday",
    "会员积分怎么兑换",
    "地址填错了，可以修改收货地址吗",
    "客服你好，在吗",
    "这个商品支持七天无理由退货吗",
    "我的账户登录不上去了",
    "请提供一下订单截图",
    "已经为您安排补发，预计三天内送达",
    "谢谢，问题解决了",
];

#[tokio::main]
async fn main() {
    let messages: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let conversations = messages / PER_CONVERSATION;
    let fresh = seed::fresh("transcripts-bench").await;
    let agents = seed::agents(&fresh, 5, None).await;
    let seed::Fresh {
        dir,
        db,
        services,
        admin,
    } = fresh;

    // One real ended conversation, then copies: one every five minutes
    // back from now, the newest last, shared among the agents.
    let first = seed::ended_conversation(&services).await;
    let seeded = Instant::now();
    println!("==> seeding {conversations} conversations, {messages} messages");
    let agent = seed::case_of("i % 5", &agents);
    // Times as the writer stores them.
    let at = |secs: String| seed::ago(&db, &secs);
    copies(
        &db,
        "conversations",
        first,
        conversations,
        &[
            ("agent_id", agent),
            (
                "channel",
                "CASE WHEN i % 4 = 0 THEN 'wechat' ELSE 'web' END".into(),
            ),
            ("started_at", at(format!("({conversations} - i) * {EVERY}"))),
            (
                "ended_at",
                at(format!("({conversations} - i) * {EVERY} - 600")),
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
    db.execute_unprepared(&format!(
        "DELETE FROM message_search; DELETE FROM messages WHERE id <> {template}; \
         UPDATE messages SET seq = -1 WHERE id = {template}"
    ))
    .await
    .unwrap();
    let lines = LINES
        .iter()
        .enumerate()
        .map(|(k, l)| format!("WHEN {k} THEN '{l}'"))
        .collect::<Vec<_>>()
        .join(" ");
    // Line k of conversation c; every tenth also names its order number.
    let n = LINES.len();
    let body = format!(
        "CASE (i * 7 + i / {PER_CONVERSATION}) % {n} {lines} END || \
         CASE WHEN i % 10 = 0 THEN ' 订单号 ' || (1000000 + i) ELSE '' END"
    );
    let per = PER_CONVERSATION;
    copies(
        &db,
        "messages",
        template,
        messages,
        &[
            ("conversation_id", format!("{} + 1 + i / {per}", first)),
            ("seq", format!("i % {per} + 1")),
            ("client_id", "'bench-' || i".into()),
            ("body", body),
            (
                "created_at",
                at(format!(
                    "({conversations} - i / {per}) * {EVERY} - i % {per} * 30"
                )),
            ),
        ],
    )
    .await;
    db.execute_unprepared(&format!("DELETE FROM messages WHERE id = {template}"))
        .await
        .unwrap();
    println!("    seeded in {:.1} s", seeded.elapsed().as_secs_f64());

    // The index, as an upgrade builds it for messages stored before it.
    let indexing = Instant::now();
    while domain::transcripts::backfill::step(&db).await.unwrap() {}
    let index_secs = indexing.elapsed().as_secs_f64();
    println!(
        "    indexed in {index_secs:.1} s ({:.0} messages/s)",
        messages as f64 / index_secs
    );
    db.execute_unprepared("ANALYZE").await.unwrap();

    let words = |text: &str| TranscriptQuery {
        text: text.into(),
        ..Default::default()
    };
    let today = (Utc::now() + Duration::hours(8)).date_naive();
    let rare = format!("订单号 {}", 1_000_000 + messages / 2 / 10 * 10);
    let mut cases: Vec<(&str, TranscriptQuery)> = vec![
        ("common Chinese word: 退款", words("退款")),
        ("Chinese phrase: 物流信息", words("物流信息")),
        ("two words in one line: 退款 发票", words("退款 发票")),
        ("English stem: refunds", words("refunds")),
        ("rare order number, mid-archive", words(&rare)),
        ("no match: 火星探测", words("火星探测")),
        (
            "退款 + agent + last 30 days",
            TranscriptQuery {
                agent_id: Some(agents[2]),
                from: Some(today - Duration::days(30)),
                to: Some(today),
                ..words("退款")
            },
        ),
        (
            "filters only: ended, WeChat",
            TranscriptQuery {
                channel: Some("wechat".into()),
                state: TranscriptState::Ended,
                ..Default::default()
            },
        ),
    ];
    let first_page = services
        .transcripts
        .search(&admin, &words("退款"))
        .await
        .unwrap();
    cases.push((
        "退款, second page",
        TranscriptQuery {
            cursor: first_page.next.clone(),
            ..words("退款")
        },
    ));

    println!("==> searching ({RUNS} runs each)");
    let mut results = vec![];
    let mut all = vec![];
    for (name, q) in &cases {
        let mut times = vec![];
        let mut hits = 0;
        for run in 0..RUNS + 3 {
            let t = Instant::now();
            let page = services.transcripts.search(&admin, q).await.unwrap();
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            hits = page.hits.len();
            // The first three warm the cache.
            if run >= 3 {
                times.push(ms);
            }
        }
        times.sort_by(f64::total_cmp);
        all.extend(times.iter().copied());
        let (p50, p95) = (percentile(&times, 0.5), percentile(&times, 0.95));
        println!("    {name:<36} {hits:>2} hits  p50 {p50:>7.1} ms  p95 {p95:>7.1} ms");
        results
            .push(serde_json::json!({ "query": name, "hits": hits, "p50_ms": p50, "p95_ms": p95 }));
    }
    all.sort_by(f64::total_cmp);
    let report = serde_json::json!({
        "messages": messages,
        "conversations": conversations,
        "index_secs": index_secs,
        "index_messages_per_sec": messages as f64 / index_secs,
        "queries": results,
        "all_p95_ms": percentile(&all, 0.95),
        "worst_p95_ms": results.iter().filter_map(|r| r["p95_ms"].as_f64()).fold(0.0, f64::max),
    });
    let out = format!("{}/results/transcripts.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::write(&out, serde_json::to_string_pretty(&report).unwrap() + "\n").unwrap();
    println!("wrote {out}");
    let _ = std::fs::remove_dir_all(&dir);
}
