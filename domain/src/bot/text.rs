//! What the FAQ bot compares (P3): a question as search terms. Text is
//! normalised first — full-width letters, digits and punctuation to their
//! ASCII forms, letter case, traditional characters to simplified
//! (`fast2s`) — then Chinese is segmented by `jieba-rs` (search mode, so
//! "退款到账" also yields "退款" and "到账") and English words are stemmed
//! (`rust-stemmers`, Snowball English). Punctuation and a few filler words
//! of each language carry no meaning and are dropped.

use jieba_rs::Jieba;
use rust_stemmers::{Algorithm, Stemmer};

/// Words that say nothing about which question was asked.
const EN_STOP: &[&str] = &[
    "a", "an", "the", "is", "are", "am", "was", "be", "to", "of", "and", "or", "in", "on", "at",
    "for", "it", "i", "me", "my", "you", "your", "we", "our", "do", "does", "did", "can", "could",
    "would", "please", "hi", "hello", "there", "this", "that", "with", "so", "just", "any", "s",
];
const ZH_STOP: &[&str] = &[
    "的", "了", "吗", "呢", "啊", "吧", "呀", "嘛", "哦", "我", "你", "您", "是", "在", "请问",
    "请", "一下", "下", "想", "要", "能", "可以", "这个", "那个", "有", "和", "么", "就",
];

/// Full-width forms (U+FF01–U+FF5E) and the ideographic space to ASCII,
/// letters lower-cased, traditional characters simplified.
pub fn normalise(text: &str) -> String {
    let narrow: String = text
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    // fast2s writes 帳 as 帐; in shops and payments it is 账 (accounts).
    fast2s::convert(&narrow).replace('帐', "账")
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Splits questions into terms. Building one loads jieba's dictionary
/// (tens of milliseconds): make it once and share it.
pub struct Segmenter {
    jieba: Jieba,
    stemmer: Stemmer,
}

impl Default for Segmenter {
    fn default() -> Self {
        Self::new()
    }
}

impl Segmenter {
    pub fn new() -> Self {
        Self {
            jieba: Jieba::new(),
            stemmer: Stemmer::create(Algorithm::English),
        }
    }

    /// The search terms of `text`, in order (repeats kept: BM25 counts them),
    /// with customers' synonyms folded into one term.
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.split(text, true)
    }

    /// The terms a transcript is found by (M2): as `terms`, but each word
    /// as written (no synonyms: a search for 包裹 finds 包裹), each once.
    pub fn transcript_terms(&self, text: &str) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        self.split(text, false)
            .into_iter()
            .filter(|t| seen.insert(t.clone()))
            .collect()
    }

    fn split(&self, text: &str, fold: bool) -> Vec<String> {
        let zh = |w: &str| if fold { super::synonyms::zh(w) } else { w }.to_owned();
        let en = |w| if fold { super::synonyms::en(w) } else { w };
        let text = normalise(text);
        let mut out = vec![];
        for token in self.jieba.cut_for_search(&text, true) {
            let word = token.word.trim();
            if word.is_empty() || !word.chars().any(|c| c.is_alphanumeric()) {
                continue;
            }
            if word.chars().any(is_cjk) {
                if !ZH_STOP.contains(&word) {
                    out.push(zh(word));
                }
                continue;
            }
            // Latin words and numbers, split on anything else ("e-mail",
            // "order#123").
            for part in word.split(|c: char| !c.is_alphanumeric()) {
                if part.is_empty() || EN_STOP.contains(&part) {
                    continue;
                }
                out.push(self.stemmer.stem(en(part)).into_owned());
            }
        }
        out
    }
}

/// One segmenter shared by the index and its callers, as `bm25` tokenizes.
#[derive(Clone)]
pub struct SharedSegmenter(pub std::sync::Arc<Segmenter>);

impl bm25::Tokenizer for SharedSegmenter {
    fn tokenize(&self, input_text: &str) -> Vec<String> {
        self.0.terms(input_text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_case_and_script_are_normalised() {
        assert_eq!(normalise("ＲＥＦＵＮＤ？"), "refund?");
        assert_eq!(normalise("退款多久到帳"), "退款多久到账");
        assert_eq!(normalise("發票　怎麼開"), "发票 怎么开");
    }

    #[test]
    fn chinese_is_segmented_with_the_parts_of_long_words() {
        let s = Segmenter::new();
        let terms = s.terms("请问退款多久到账？");
        assert!(terms.contains(&"退款".to_owned()), "{terms:?}");
        let long = s.terms("中华人民共和国");
        assert!(
            long.len() > 1 && long.contains(&"中华".to_owned()),
            "{long:?}"
        );
        assert!(!terms.iter().any(|t| t == "请问" || t == "？"), "{terms:?}");
    }

    #[test]
    fn english_is_stemmed_without_filler_words() {
        let s = Segmenter::new();
        assert_eq!(
            s.terms("How do I track my orders?"),
            ["how", "track", "order"]
        );
        assert_eq!(s.terms("Refunded refunds"), ["refund", "refund"]);
    }

    #[test]
    fn mixed_and_traditional_text_meet_the_same_terms() {
        let s = Segmenter::new();
        let mixed = s.terms("我的order什么时候发货");
        assert!(
            mixed.contains(&"order".to_owned()) && mixed.contains(&"发货".to_owned()),
            "{mixed:?}"
        );
        assert_eq!(s.terms("發貨"), s.terms("发货"));
    }

    #[test]
    fn emoji_and_binary_looking_text_have_no_terms() {
        let s = Segmenter::new();
        assert!(s.terms("😀😀🎉").is_empty());
        assert!(s.terms("\u{0}\u{1}\u{7f}").is_empty());
        assert!(s.terms("").is_empty());
    }
}
