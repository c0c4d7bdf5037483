//! The FAQ bot's index and decision (P3), in memory and pure: every
//! phrasing of every enabled entry (its standard question and the similar
//! ones) is a BM25 document (`bm25` crate, with [`Segmenter`] as its
//! tokenizer); an entry scores as its best phrasing. How sure the bot is
//! combines how much of the question the best phrasing covers, or of the
//! phrasing the question (terms weighted by rarity, the larger share), with
//! the gap to the next entry; [`verdict`] turns that into answer, suggest
//! or hand over. English words the entries do not know are corrected to
//! one they do (one or two edits, `strsim`); ties rank by id, so the same
//! question always gets the same answer.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use bm25::{Document, SearchEngine, SearchEngineBuilder};

use super::text::{Segmenter, SharedSegmenter};

/// Which visitors an entry answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryLang {
    Zh,
    En,
    Both,
}

impl EntryLang {
    fn serves(self, lang: &str) -> bool {
        match self {
            EntryLang::Both => true,
            EntryLang::Zh => lang.starts_with("zh"),
            EntryLang::En => !lang.starts_with("zh"),
        }
    }
}

/// What the index needs of an entry.
#[derive(Debug, Clone)]
pub struct IndexEntry {
    pub id: i64,
    pub lang: EntryLang,
    /// The standard question first, then the similar phrasings.
    pub phrasings: Vec<String>,
}

/// An entry that matched, with how sure the bot is (0–1).
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub entry: i64,
    pub score: f32,
    pub confidence: f32,
}

/// When the bot answers and when it suggests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub answer: f32,
    pub suggest: f32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            answer: 0.4,
            suggest: 0.2,
        }
    }
}

/// What the bot does with a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Answer(i64),
    /// "Did you mean…", best first (at most three).
    Suggest(Vec<i64>),
    NotUnderstood,
}

/// Answer above the answer threshold, suggest up to three entries above
/// the lower one, else say so (and offer a person).
pub fn verdict(ranked: &[Ranked], t: Thresholds) -> Verdict {
    match ranked.first() {
        Some(top) if top.confidence >= t.answer => Verdict::Answer(top.entry),
        Some(top) if top.confidence >= t.suggest => Verdict::Suggest(
            ranked
                .iter()
                .take(3)
                .filter(|r| r.confidence >= t.suggest)
                .map(|r| r.entry)
                .collect(),
        ),
        _ => Verdict::NotUnderstood,
    }
}

/// A phrasing's id in the engine: entry id and position.
type PhrasingId = (i64, u16);

pub struct BotIndex {
    segmenter: Arc<Segmenter>,
    engine: SearchEngine<PhrasingId, u32, SharedSegmenter>,
    entries: HashMap<i64, (EntryLang, Vec<Vec<String>>)>,
    /// In how many phrasings each term occurs, for the coverage weights.
    df: HashMap<String, usize>,
    phrasings: usize,
}

impl BotIndex {
    pub fn new(segmenter: Arc<Segmenter>, entries: Vec<IndexEntry>) -> Self {
        let docs: Vec<Document<PhrasingId>> = entries
            .iter()
            .flat_map(|e| {
                e.phrasings
                    .iter()
                    .enumerate()
                    .map(move |(i, p)| Document::new((e.id, i as u16), p.clone()))
            })
            .collect();
        let engine =
            SearchEngineBuilder::<PhrasingId, u32, SharedSegmenter>::with_tokenizer_and_documents(
                SharedSegmenter(segmenter.clone()),
                docs,
            )
            .build();
        let mut index = Self {
            segmenter,
            engine,
            entries: HashMap::new(),
            df: HashMap::new(),
            phrasings: 0,
        };
        for e in entries {
            index.remember(e);
        }
        index
    }

    fn remember(&mut self, e: IndexEntry) {
        let terms: Vec<Vec<String>> = e
            .phrasings
            .iter()
            .map(|p| self.segmenter.terms(p))
            .collect();
        for t in &terms {
            for term in t.iter().collect::<HashSet<_>>() {
                *self.df.entry(term.clone()).or_default() += 1;
            }
        }
        self.phrasings += terms.len();
        self.entries.insert(e.id, (e.lang, terms));
    }

    /// Take an entry out (disabled or deleted).
    pub fn remove(&mut self, id: i64) {
        let Some((_, terms)) = self.entries.remove(&id) else {
            return;
        };
        for (i, t) in terms.iter().enumerate() {
            self.engine.remove(&(id, i as u16));
            for term in t.iter().collect::<HashSet<_>>() {
                if let Some(n) = self.df.get_mut(term) {
                    *n = n.saturating_sub(1);
                }
            }
        }
        self.phrasings -= terms.len();
    }

    /// Add or replace an entry (its phrasings changed).
    pub fn upsert(&mut self, e: IndexEntry) {
        self.remove(e.id);
        for (i, p) in e.phrasings.iter().enumerate() {
            self.engine
                .upsert(Document::new((e.id, i as u16), p.clone()));
        }
        self.remember(e);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How rare a term is: BM25's inverse document frequency, never below
    /// a small floor so common words still count a little.
    fn weight(&self, term: &str) -> f32 {
        let n = self.phrasings.max(1) as f32;
        let df = self.df.get(term).copied().unwrap_or(0) as f32;
        (((n - df + 0.5) / (df + 0.5)) + 1.0).ln().max(0.05)
    }

    /// The share of the question's weight that a phrasing contains.
    fn coverage(&self, question: &[String], phrasing: &[String]) -> f32 {
        let total: f32 = question.iter().map(|t| self.weight(t)).sum();
        if total <= 0.0 {
            return 0.0;
        }
        let found: f32 = question
            .iter()
            .filter(|t| phrasing.contains(t))
            .map(|t| self.weight(t))
            .sum();
        found / total
    }

    /// A word the entries do not know, replaced by one they do that is an
    /// edit or two away (English typos: "refnud", "pasword"). Chinese words
    /// and short words stay as they are.
    fn correct(&self, term: String) -> String {
        let n = term.chars().count();
        if n < 4 || self.df.contains_key(&term) || !term.chars().all(|c| c.is_ascii_alphabetic()) {
            return term;
        }
        let max = if n >= 8 { 2 } else { 1 };
        let first = term.as_bytes()[0];
        self.df
            .iter()
            .filter(|(k, used)| {
                **used > 0
                    && k.len().abs_diff(term.len()) <= max
                    && k.as_bytes().first() == Some(&first)
            })
            .map(|(k, _)| (strsim::damerau_levenshtein(&term, k), k))
            .filter(|(d, _)| *d <= max)
            .min()
            .map_or(term.clone(), |(_, k)| k.clone())
    }

    /// Entries for a visitor writing in `lang`, best first (at most `limit`).
    pub fn rank(&self, question: &str, lang: &str, limit: usize) -> Vec<Ranked> {
        let asked = self.segmenter.terms(question);
        if asked.is_empty() {
            return vec![];
        }
        let terms: Vec<String> = asked.iter().cloned().map(|t| self.correct(t)).collect();
        // Corrected words are searched as terms (re-cutting them changes
        // nothing); otherwise the question as asked.
        let query = if terms != asked {
            terms.join(" ")
        } else {
            question.to_owned()
        };
        // Each entry counts once, by its best phrasing.
        let mut best: Vec<(i64, f32, u16)> = vec![];
        // Ties in either order would make the bot's choice vary from run
        // to run (scores are sums over hash maps): round, then by id.
        let mut hits = self.engine.search(&query, None);
        let key = |score: f32| (score * 1e4).round() as i64;
        hits.sort_by(|a, b| {
            key(b.score)
                .cmp(&key(a.score))
                .then(a.document.id.cmp(&b.document.id))
        });
        for hit in hits {
            let (entry, phrasing) = hit.document.id;
            let serves = self
                .entries
                .get(&entry)
                .is_some_and(|(l, _)| l.serves(lang));
            if !serves || best.iter().any(|b| b.0 == entry) {
                continue;
            }
            best.push((entry, hit.score, phrasing));
            if best.len() > limit {
                break;
            }
        }
        let scores: Vec<f32> = best.iter().map(|b| b.1).collect();
        best.iter()
            .enumerate()
            .take(limit)
            .map(|(i, (entry, score, phrasing))| {
                let terms_of = &self.entries[entry].1[*phrasing as usize];
                // How much of the question the phrasing holds, and of the
                // phrasing the question: a long, chatty question that holds
                // every word of a short phrasing is as sure as an exact one.
                let asked_in = self.coverage(&terms, terms_of);
                let phrasing_in = self.coverage(terms_of, &terms);
                let cover = asked_in.max(phrasing_in);
                // The gap to the next entry: a clear winner is surer.
                let next = scores.get(i + 1).copied().unwrap_or(0.0);
                let gap = if *score > 0.0 {
                    (score - next) / score
                } else {
                    0.0
                };
                Ranked {
                    entry: *entry,
                    score: *score,
                    confidence: cover * (0.6 + 0.4 * gap),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> BotIndex {
        let e = |id, lang, p: &[&str]| IndexEntry {
            id,
            lang,
            phrasings: p.iter().map(|s| s.to_string()).collect(),
        };
        BotIndex::new(
            Arc::new(Segmenter::new()),
            vec![
                e(1, EntryLang::Zh, &["退款多久到账", "退款什么时候能收到"]),
                e(2, EntryLang::Zh, &["怎么开发票", "发票如何申请"]),
                e(
                    3,
                    EntryLang::En,
                    &[
                        "How long does a refund take?",
                        "When will I get my money back?",
                    ],
                ),
                e(
                    4,
                    EntryLang::En,
                    &["How do I track my order?", "Where is my parcel?"],
                ),
            ],
        )
    }

    #[test]
    fn a_paraphrase_finds_its_entry_in_its_language() {
        let idx = index();
        assert_eq!(idx.rank("退款几天能到账？", "zh-CN", 3)[0].entry, 1);
        assert_eq!(idx.rank("tracking my order please", "en", 3)[0].entry, 4);
        // An English visitor is not answered from a Chinese entry.
        assert!(idx.rank("退款几天能到账？", "en", 3).is_empty());
    }

    #[test]
    fn the_verdict_follows_the_thresholds() {
        let r = |entry, confidence| Ranked {
            entry,
            score: 1.0,
            confidence,
        };
        let t = Thresholds::default();
        assert_eq!(verdict(&[r(1, 0.9), r(2, 0.2)], t), Verdict::Answer(1));
        assert_eq!(
            verdict(&[r(1, 0.35), r(2, 0.3), r(3, 0.1)], t),
            Verdict::Suggest(vec![1, 2])
        );
        assert_eq!(verdict(&[r(1, 0.1)], t), Verdict::NotUnderstood);
        assert_eq!(verdict(&[], t), Verdict::NotUnderstood);
    }

    #[test]
    fn an_edited_entry_is_found_by_its_new_words_and_a_removed_one_not_at_all() {
        let mut idx = index();
        assert!(idx.rank("gift card", "en", 3).is_empty());
        idx.upsert(IndexEntry {
            id: 4,
            lang: EntryLang::En,
            phrasings: vec!["Do you sell gift cards?".into()],
        });
        assert_eq!(idx.rank("buy a gift card", "en", 3)[0].entry, 4);
        assert!(idx
            .rank("track my parcel", "en", 3)
            .iter()
            .all(|r| r.entry != 4));
        idx.remove(4);
        assert!(idx.rank("buy a gift card", "en", 3).is_empty());
        assert_eq!(idx.len(), 3);
    }

    #[test]
    fn questions_without_terms_match_nothing() {
        let idx = index();
        assert!(idx.rank("😀？！", "zh-CN", 3).is_empty());
        assert!(idx.rank(&"啊".repeat(10_000), "zh-CN", 3).is_empty());
    }
}
