//! The FAQ bot's time per question with a large knowledge base (P3):
//! builds the index of `ENTRIES` entries (the evaluation set's 64, each
//! repeated for many products so every word has long posting lists) and
//! asks the 232 evaluation questions over and over, then prints the median
//! and p99 time per question and writes `bench/results/bot.json`.
//!
//!   cargo run --release -p bench --bin bot-bench

use std::sync::Arc;
use std::time::Instant;

use domain::bot::matcher::{verdict, BotIndex, EntryLang, IndexEntry, Thresholds};
use domain::bot::text::Segmenter;
use serde::Deserialize;

const ENTRIES: usize = 5000;
const ROUNDS: usize = 20;

#[derive(Deserialize)]
struct Entry {
    lang: String,
    question: String,
    similar: Vec<String>,
}

#[derive(Deserialize)]
struct Question {
    q: String,
}

fn data<T: serde::de::DeserializeOwned>(name: &str) -> T {
    let path = format!(
        "{}/../domain/tests/data/bot/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).expect(&path)).expect(&path)
}

fn main() {
    let base: Vec<Entry> = data("entries.json");
    let questions: Vec<Question> = data("questions.json");
    let segmenter = Arc::new(Segmenter::new());
    let entries: Vec<IndexEntry> = (0..ENTRIES)
        .map(|i| {
            let e = &base[i % base.len()];
            let product = i / base.len();
            let zh = e.lang == "zh-CN";
            let tag = if zh {
                format!(" 型号{product}")
            } else {
                format!(" model {product}")
            };
            IndexEntry {
                id: i as i64,
                lang: if zh { EntryLang::Zh } else { EntryLang::En },
                phrasings: std::iter::once(&e.question)
                    .chain(&e.similar)
                    .map(|p| format!("{p}{tag}"))
                    .collect(),
            }
        })
        .collect();
    let started = Instant::now();
    let index = BotIndex::new(segmenter, entries);
    let build_ms = started.elapsed().as_secs_f64() * 1000.0;
    let mut times = vec![];
    for _ in 0..ROUNDS {
        for q in &questions {
            let lang = if q.q.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
                "zh-CN"
            } else {
                "en"
            };
            let t = Instant::now();
            let ranked = index.rank(&q.q, lang, 5);
            std::hint::black_box(verdict(&ranked, Thresholds::default()));
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(f64::total_cmp);
    let n = times.len();
    let (median, p99) = (times[n / 2], times[(n * 99 / 100).min(n - 1)]);
    println!("bot: {ENTRIES} entries built in {build_ms:.0} ms; {n} questions: median {median:.3} ms, p99 {p99:.3} ms");
    let out = serde_json::json!({
        "entries": ENTRIES,
        "questions": n,
        "build_ms": build_ms,
        "median_ms": median,
        "p99_ms": p99,
    });
    let path = format!("{}/results/bot.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::write(&path, serde_json::to_string_pretty(&out).unwrap() + "\n").expect(&path);
}
