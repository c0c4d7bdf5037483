//! The bot's index of the knowledge base, kept current in every process:
//! built from the database on first use (the server builds it at start),
//! changed in place when this process edits an entry, and rebuilt when the
//! table's fingerprint (row count, newest change) shows another process
//! edited it (checked at most every few seconds, as questions come in).

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use model::bot::{BotChoice, KbLang};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

use super::entries::question_key;
use super::matcher::{verdict, BotIndex, EntryLang, IndexEntry, Thresholds, Verdict};
use super::text::Segmenter;
use crate::entities::kb_entry;
use crate::error::Result;

/// How stale another process's edits may be here.
const RECHECK: Duration = Duration::from_secs(3);

/// The process's segmenter: jieba's dictionary loads once.
pub fn segmenter() -> Arc<Segmenter> {
    static SEGMENTER: OnceLock<Arc<Segmenter>> = OnceLock::new();
    SEGMENTER.get_or_init(|| Arc::new(Segmenter::new())).clone()
}

/// What the bot says to a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Answer {
        entry_id: i64,
        question: String,
        answer: String,
    },
    Suggest(Vec<BotChoice>),
    NotUnderstood,
}

struct Known {
    question: String,
    answer: String,
    lang: EntryLang,
    /// Normalised phrasings, for exact matches (a clicked suggestion).
    keys: Vec<String>,
}

type Fingerprint = (u64, Option<DateTime<Utc>>);

struct Snapshot {
    index: BotIndex,
    known: HashMap<i64, Known>,
    exact: HashMap<String, i64>,
    fingerprint: Fingerprint,
    checked: Instant,
}

#[derive(Clone)]
pub struct LiveIndex {
    db: DatabaseConnection,
    state: Arc<RwLock<Option<Snapshot>>>,
    /// One rebuild at a time.
    rebuilding: Arc<tokio::sync::Mutex<()>>,
}

pub(crate) fn entry_lang(lang: KbLang) -> EntryLang {
    match lang {
        KbLang::Zh => EntryLang::Zh,
        KbLang::En => EntryLang::En,
        KbLang::Both => EntryLang::Both,
    }
}

fn phrasings(row: &kb_entry::Model) -> Vec<String> {
    let similar: Vec<String> = serde_json::from_str(&row.similar).unwrap_or_default();
    std::iter::once(row.question.clone())
        .chain(similar)
        .collect()
}

fn known(row: &kb_entry::Model) -> Known {
    let lang = KbLang::from_key(&row.lang).unwrap_or_default();
    Known {
        question: row.question.clone(),
        answer: row.answer.clone(),
        lang: entry_lang(lang),
        keys: phrasings(row).iter().map(|p| question_key(p)).collect(),
    }
}

/// The language a question is written in, as entries are filtered by it:
/// any Chinese character makes it Chinese (mixed questions are common).
pub fn question_lang(question: &str) -> &'static str {
    if question.chars().any(super::text::is_cjk) {
        "zh-CN"
    } else {
        "en"
    }
}

impl LiveIndex {
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            state: Arc::default(),
            rebuilding: Arc::default(),
        }
    }

    async fn fingerprint(&self) -> Result<Fingerprint> {
        let row: Option<(i64, Option<DateTime<Utc>>)> = kb_entry::Entity::find()
            .select_only()
            .column_as(
                Expr::expr(Func::count(Expr::col(kb_entry::Column::Id))),
                "n",
            )
            .column_as(
                Expr::expr(Func::max(Expr::col(kb_entry::Column::UpdatedAt))),
                "newest",
            )
            .into_tuple()
            .one(&self.db)
            .await?;
        Ok(row.map_or((0, None), |(n, t)| (n.max(0) as u64, t)))
    }

    /// Build the index from the database now (at start, and when another
    /// process changed the entries).
    pub async fn rebuild(&self) -> Result<usize> {
        let _one = self.rebuilding.lock().await;
        let fingerprint = self.fingerprint().await?;
        let rows = kb_entry::Entity::find()
            .filter(kb_entry::Column::Enabled.eq(true))
            .all(&self.db)
            .await?;
        let n = rows.len();
        let snapshot = tokio::task::spawn_blocking(move || build(rows, fingerprint))
            .await
            .map_err(|e| crate::error::Error::Internal(e.to_string()))?;
        *self.state.write().unwrap_or_else(|e| e.into_inner()) = Some(snapshot);
        Ok(n)
    }

    /// Rebuild when never built or when another process changed entries.
    async fn ensure_fresh(&self) -> Result<()> {
        let due = match &*self.state.read().unwrap_or_else(|e| e.into_inner()) {
            None => None,
            Some(s) if s.checked.elapsed() < RECHECK => return Ok(()),
            Some(s) => Some(s.fingerprint),
        };
        let now = self.fingerprint().await?;
        if due == Some(now) {
            if let Some(s) = &mut *self.state.write().unwrap_or_else(|e| e.into_inner()) {
                s.checked = Instant::now();
            }
            return Ok(());
        }
        self.rebuild().await.map(|_| ())
    }

    /// This process changed entry `row` (or deleted entry `id`): update the
    /// index in place, and remember the table's state as seen.
    pub(crate) async fn changed(&self, id: i64, row: Option<&kb_entry::Model>) -> Result<()> {
        let fingerprint = self.fingerprint().await?;
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        let Some(s) = &mut *state else {
            // Not built yet: the first question builds it from the table.
            return Ok(());
        };
        if let Some(old) = s.known.remove(&id) {
            for k in old.keys {
                if s.exact.get(&k) == Some(&id) {
                    s.exact.remove(&k);
                }
            }
        }
        match row.filter(|r| r.enabled) {
            Some(r) => {
                let k = known(r);
                for key in &k.keys {
                    s.exact.entry(key.clone()).or_insert(id);
                }
                s.index.upsert(IndexEntry {
                    id,
                    lang: k.lang,
                    phrasings: phrasings(r),
                });
                s.known.insert(id, k);
            }
            None => s.index.remove(id),
        }
        s.fingerprint = fingerprint;
        s.checked = Instant::now();
        Ok(())
    }

    /// Many entries changed here at once (import, bulk enable): rebuild.
    pub(crate) async fn changed_many(&self) -> Result<()> {
        if self
            .state
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
        {
            self.rebuild().await?;
        }
        Ok(())
    }

    /// What the bot says to `question`. An exact phrasing of an entry (a
    /// clicked suggestion) is answered outright.
    pub async fn decide(&self, question: &str, t: Thresholds) -> Result<Decision> {
        self.ensure_fresh().await?;
        let state = self.state.read().unwrap_or_else(|e| e.into_inner());
        let Some(s) = &*state else {
            return Ok(Decision::NotUnderstood);
        };
        let lang = question_lang(question);
        let answer = |id: i64| {
            s.known.get(&id).map(|k| Decision::Answer {
                entry_id: id,
                question: k.question.clone(),
                answer: k.answer.clone(),
            })
        };
        if let Some(id) = s.exact.get(&question_key(question)) {
            if let Some(d) = answer(*id) {
                return Ok(d);
            }
        }
        let ranked = s.index.rank(question, lang, 5);
        Ok(match verdict(&ranked, t) {
            Verdict::Answer(id) => answer(id).unwrap_or(Decision::NotUnderstood),
            Verdict::Suggest(ids) => Decision::Suggest(
                ids.into_iter()
                    .filter_map(|id| {
                        s.known.get(&id).map(|k| BotChoice {
                            entry_id: id,
                            question: k.question.clone(),
                        })
                    })
                    .collect(),
            ),
            Verdict::NotUnderstood => Decision::NotUnderstood,
        })
    }

    /// Entries the index holds (enabled ones), for tests and the console.
    pub async fn len(&self) -> Result<usize> {
        self.ensure_fresh().await?;
        Ok(self
            .state
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map_or(0, |s| s.index.len()))
    }
}

fn build(rows: Vec<kb_entry::Model>, fingerprint: Fingerprint) -> Snapshot {
    let mut known_map = HashMap::new();
    let mut exact = HashMap::new();
    let mut entries = vec![];
    for r in &rows {
        let k = known(r);
        for key in &k.keys {
            exact.entry(key.clone()).or_insert(r.id);
        }
        entries.push(IndexEntry {
            id: r.id,
            lang: k.lang,
            phrasings: phrasings(r),
        });
        known_map.insert(r.id, k);
    }
    Snapshot {
        index: BotIndex::new(segmenter(), entries),
        known: known_map,
        exact,
        fingerprint,
        checked: Instant::now(),
    }
}
