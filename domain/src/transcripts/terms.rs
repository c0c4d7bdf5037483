//! What the transcript index holds and how a match is shown, as pure
//! functions. Chinese is indexed as its single characters and character
//! pairs, so what a line holds never depends on how a segmenter cut it in
//! context (jieba cuts "到账了吗" as 到 / 账); a search is cut into words by
//! jieba and each word looked for as its pairs, so "退款到账" finds
//! "退款已经到账" but not a line with only one of the words. English words
//! are stemmed on both sides (the bot's segmenter, without synonyms).

use model::transcripts::Fragment;

use crate::bot::text::{is_cjk, normalise, Segmenter};

/// The terms a message is found by.
pub fn index_terms(segmenter: &Segmenter, body: &str) -> Vec<String> {
    let mut out: Vec<String> = latin(segmenter, body);
    let text = normalise(body);
    let mut run: Vec<char> = vec![];
    for c in text.chars().chain(std::iter::once(' ')) {
        if is_cjk(c) {
            run.push(c);
            continue;
        }
        for (i, a) in run.iter().enumerate() {
            out.push(a.to_string());
            if let Some(b) = run.get(i + 1) {
                out.push(format!("{a}{b}"));
            }
        }
        run.clear();
    }
    dedup(out)
}

/// The terms a search for `text` needs, every one of them in one line.
pub fn query_terms(segmenter: &Segmenter, text: &str) -> Vec<String> {
    let mut out = vec![];
    for word in segmenter.transcript_terms(text) {
        // A dictionary word may mix scripts ("1号店"): each part as the
        // index holds it.
        for (cjk, part) in runs(&word) {
            let chars: Vec<char> = part.chars().collect();
            if !cjk || chars.len() == 1 {
                out.push(part);
            } else {
                out.extend(chars.windows(2).map(|w| w.iter().collect::<String>()));
            }
        }
    }
    dedup(out)
}

/// Stemmed English words and numbers: the segmenter's non-Chinese terms,
/// and the non-Chinese parts of words that mix scripts.
fn latin(segmenter: &Segmenter, text: &str) -> Vec<String> {
    segmenter
        .transcript_terms(text)
        .into_iter()
        .flat_map(|t| runs(&t).into_iter().filter(|(cjk, _)| !cjk).map(|(_, p)| p))
        .collect()
}

/// A word's runs of Chinese and of other characters, in order.
fn runs(word: &str) -> Vec<(bool, String)> {
    let mut out: Vec<(bool, String)> = vec![];
    for c in word.chars() {
        let cjk = is_cjk(c);
        match out.last_mut() {
            Some((k, run)) if *k == cjk => run.push(c),
            _ => out.push((cjk, c.to_string())),
        }
    }
    out
}

/// Each term once, and only its letters and digits (so a term never
/// needs escaping in a query).
fn dedup(terms: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    terms
        .into_iter()
        .map(|t| {
            t.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|t| !t.is_empty() && seen.insert(t.clone()))
        .collect()
}

/// Longest text shown for one matching line.
pub const SNIPPET_CHARS: usize = 160;
/// Characters kept before the first match when a line is cut.
const LEAD: usize = 40;

/// The FTS5 query for all of `terms`: each quoted (they are letters and
/// digits only, so quotes never need escaping), implicitly AND-ed.
pub fn fts_query(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("\"{}\"", t.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `body` in pieces, the parts matching a term marked. Chinese terms match
/// where written; an English term (a stem, "deliveri") matches a word that
/// starts with it, and the whole word is marked. Width, case and script
/// are ignored as the index ignores them. Long lines are cut around the
/// first match.
pub fn highlight(body: &str, terms: &[String]) -> Vec<Fragment> {
    let chars: Vec<char> = body.chars().collect();
    // One normalised char per original char, so positions carry over.
    let folded: Vec<char> = chars
        .iter()
        .map(|c| normalise(&c.to_string()).chars().next().unwrap_or(*c))
        .collect();
    let mut marks = vec![false; chars.len()];
    for term in terms {
        let t: Vec<char> = term.chars().collect();
        if t.is_empty() || t.len() > folded.len() {
            continue;
        }
        let latin = !t.iter().any(|c| is_cjk(*c));
        for start in 0..=folded.len() - t.len() {
            if folded[start..start + t.len()] != t[..] {
                continue;
            }
            if latin && start > 0 && folded[start - 1].is_alphanumeric() {
                continue;
            }
            let mut end = start + t.len();
            if latin {
                while end < folded.len() && folded[end].is_alphanumeric() && !is_cjk(folded[end]) {
                    end += 1;
                }
            }
            marks[start..end].iter_mut().for_each(|m| *m = true);
        }
    }
    let (from, to) = window(&marks);
    let mut out: Vec<Fragment> = vec![];
    if from > 0 {
        out.push(Fragment {
            text: "…".into(),
            mark: false,
        });
    }
    for i in from..to {
        match out.last_mut() {
            Some(f) if f.mark == marks[i] && !(i == from && from > 0) => f.text.push(chars[i]),
            _ => out.push(Fragment {
                text: chars[i].to_string(),
                mark: marks[i],
            }),
        }
    }
    if to < chars.len() {
        out.push(Fragment {
            text: "…".into(),
            mark: false,
        });
    }
    out
}

/// The range of chars shown: all of a short line, or `SNIPPET_CHARS`
/// starting a little before the first match.
fn window(marks: &[bool]) -> (usize, usize) {
    if marks.len() <= SNIPPET_CHARS {
        return (0, marks.len());
    }
    let first = marks.iter().position(|m| *m).unwrap_or(0);
    let from = first.saturating_sub(LEAD).min(marks.len() - SNIPPET_CHARS);
    (from, from + SNIPPET_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::text::Segmenter;

    fn marked(f: &[Fragment]) -> Vec<&str> {
        f.iter()
            .filter(|f| f.mark)
            .map(|f| f.text.as_str())
            .collect()
    }

    fn text(f: &[Fragment]) -> String {
        f.iter().map(|f| f.text.as_str()).collect()
    }

    #[test]
    fn a_line_is_indexed_by_its_characters_pairs_and_english_stems() {
        let s = Segmenter::new();
        let terms = index_terms(&s, "退款到账了吗？Refunds ARRIVED");
        for t in ["退", "退款", "款到", "到账", "账了", "refund", "arriv"] {
            assert!(terms.contains(&t.to_owned()), "{t} in {terms:?}");
        }
        assert_eq!(terms.len(), dedup(terms.clone()).len(), "each term once");
        assert_eq!(
            fts_query(&["退款".into(), "refund".into()]),
            "\"退款\" \"refund\""
        );
    }

    #[test]
    fn a_search_needs_each_of_its_words_pairs_not_the_pairs_across_words() {
        let s = Segmenter::new();
        let q = query_terms(&s, "退款发票 refunds");
        assert!(
            q.contains(&"退款".to_owned()) && q.contains(&"发票".to_owned()),
            "{q:?}"
        );
        assert!(
            !q.contains(&"款发".to_owned()),
            "no pair across two words: {q:?}"
        );
        assert!(q.contains(&"refund".to_owned()));
        // Whatever jieba makes of a line in context, a search finds it.
        let line = index_terms(&s, "我的退款和发票到了吗");
        assert!(q
            .iter()
            .filter(|t| t.chars().any(is_cjk))
            .all(|t| line.contains(t)));
        let line = index_terms(&s, "退款到账了吗");
        assert!(query_terms(&s, "到账").iter().all(|t| line.contains(t)));
        assert_eq!(query_terms(&s, "卡"), ["卡"]);
        // A word that mixes scripts is found by its parts.
        let mixed = index_terms(&s, "在1号店买的");
        assert!(
            query_terms(&s, "1号店").iter().all(|t| mixed.contains(t)),
            "{mixed:?}"
        );
        assert!(query_terms(&s, "的").is_empty(), "filler words only");
    }

    #[test]
    fn matches_are_marked_in_the_text_as_written() {
        let s = Segmenter::new();
        let f = highlight(
            "请问退款多久到帳？My REFUNDS were late",
            &s.transcript_terms("退款 到账 refund"),
        );
        assert_eq!(marked(&f), ["退款", "到帳", "REFUNDS"]);
        assert_eq!(text(&f), "请问退款多久到帳？My REFUNDS were late");
        // A stem marks only a word it starts.
        let f = highlight("prefund refund", &["refund".into()]);
        assert_eq!(marked(&f), ["refund"]);
    }

    #[test]
    fn a_long_line_is_cut_around_its_first_match() {
        let body = format!("{}退款{}", "甲".repeat(300), "乙".repeat(300));
        let f = highlight(&body, &["退款".into()]);
        let shown = text(&f);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().count(), SNIPPET_CHARS + 2);
        assert_eq!(marked(&f), ["退款"]);
        assert!(shown.starts_with(&format!("…{}退款", "甲".repeat(LEAD))));
    }
}
