//! What the bot says, as pure functions: whether a visitor asks for a
//! person, the words of each kind of reply in the visitor's language, and
//! the bot settings' checks.

use model::bot::{BotChoice, BotSettings, GREETING_MAX, HANDOFF_WORDS, KEYWORDS_MAX, KEYWORD_MAX};

use super::text::normalise;
use crate::error::Error;
use crate::validate::Check;

/// The words of a message, normalised, without spaces and punctuation.
fn bare(text: &str) -> String {
    normalise(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Phrases that ask for a person wherever they appear in a message.
const HANDOFF_PHRASES: [&str; 8] = [
    "转人工",
    "人工客服",
    "找人工",
    "真人客服",
    "talktoaperson",
    "talktoahuman",
    "speaktoahuman",
    "realperson",
];

/// Whether `text` asks for a person: the whole message is one of the
/// hand-off words (人工, agent, human…) or an admin's keyword, or it
/// contains an unmistakable phrase (转人工, talk to a person…). "My agent
/// code is wrong" is a question, not a request.
pub fn asks_for_person(text: &str, keywords: &[String]) -> bool {
    let said = bare(text);
    if said.is_empty() {
        return false;
    }
    let exact = HANDOFF_WORDS
        .iter()
        .map(|w| bare(w))
        .chain(keywords.iter().map(|k| bare(k)))
        .any(|w| !w.is_empty() && said == w);
    exact || HANDOFF_PHRASES.iter().any(|p| said.contains(p))
}

/// Whether the visitor writes Chinese (the bot answers in their language).
fn zh(lang: &str) -> bool {
    lang.starts_with("zh")
}

pub fn suggest_text(lang: &str, choices: &[BotChoice]) -> String {
    let head = if zh(lang) {
        "您是不是想问："
    } else {
        "Did you mean:"
    };
    let list: Vec<String> = choices
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{}. {}", i + 1, c.question))
        .collect();
    format!("{head}\n{}", list.join("\n"))
}

pub fn not_understood_text(lang: &str) -> &'static str {
    if zh(lang) {
        "抱歉，我没有理解您的问题。您可以换个说法，或选择“转人工”联系人工客服。"
    } else {
        "Sorry, I did not understand that. Try asking another way, or choose “Talk to a person”."
    }
}

/// The greeting for a visitor in `lang` (the widget's language).
pub fn greeting<'a>(settings: &'a BotSettings, lang: Option<&str>) -> &'a str {
    if lang.is_some_and(|l| l.starts_with("en")) {
        &settings.greeting_en
    } else {
        &settings.greeting_zh
    }
}

/// The settings as stored, or every field's problem.
pub fn check_settings(input: BotSettings) -> Result<BotSettings, Error> {
    let mut check = Check::new();
    check.range("answer_threshold", input.answer_threshold.into(), 1, 100);
    check.range("suggest_threshold", input.suggest_threshold.into(), 0, 100);
    if input.suggest_threshold > input.answer_threshold {
        check.fail("suggest_threshold", "above_answer");
    }
    check.range(
        "failures_before_handoff",
        input.failures_before_handoff.into(),
        0,
        10,
    );
    let mut keywords: Vec<String> = vec![];
    for k in &input.handoff_keywords {
        let k = k.trim();
        if k.is_empty() {
            continue;
        }
        check.max_len("handoff_keywords", k, KEYWORD_MAX);
        if bare(k).is_empty() {
            check.fail("handoff_keywords", "no_words");
        }
        if !keywords.iter().any(|x| x == k) {
            keywords.push(k.to_owned());
        }
    }
    if keywords.len() > KEYWORDS_MAX {
        check.fail("handoff_keywords", "too_many");
    }
    let greeting_zh = input.greeting_zh.trim().to_owned();
    let greeting_en = input.greeting_en.trim().to_owned();
    check.max_len("greeting_zh", &greeting_zh, GREETING_MAX);
    check.max_len("greeting_en", &greeting_en, GREETING_MAX);
    check.finish()?;
    Ok(BotSettings {
        handoff_keywords: keywords,
        greeting_zh,
        greeting_en,
        ..input
    })
}

/// The field errors of `check_settings`, for tests.
#[cfg(test)]
fn codes(e: Error) -> Vec<(String, String)> {
    match e {
        Error::Invalid(v) => v
            .into_iter()
            .map(|f: model::FieldError| (f.field, f.code))
            .collect(),
        _ => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_is_asked_for_by_word_or_phrase_not_by_a_question() {
        let none: Vec<String> = vec![];
        for yes in [
            "人工",
            "转人工",
            " 转人工！",
            "我要转人工客服",
            "Agent",
            "HUMAN.",
            "Can I talk to a person?",
            "人 工",
        ] {
            assert!(asks_for_person(yes, &none), "{yes}");
        }
        for no in [
            "my agent code is wrong",
            "人工智能是什么",
            "",
            "🙂",
            "human resources",
        ] {
            assert!(!asks_for_person(no, &none), "{no}");
        }
        let mine = vec!["客服小姐姐".to_owned()];
        assert!(asks_for_person("客服小姐姐", &mine));
        assert!(!asks_for_person("客服小姐姐", &none));
    }

    #[test]
    fn replies_speak_the_visitors_language() {
        let c = vec![BotChoice {
            entry_id: 1,
            question: "怎么退款".into(),
        }];
        assert_eq!(suggest_text("zh-CN", &c), "您是不是想问：\n1. 怎么退款");
        assert!(suggest_text("en", &c).starts_with("Did you mean:"));
        assert!(not_understood_text("en").contains("Talk to a person"));
        let s = BotSettings::default();
        assert_eq!(greeting(&s, Some("en-US")), s.greeting_en);
        assert_eq!(greeting(&s, None), s.greeting_zh);
    }

    #[test]
    fn settings_keep_thresholds_in_order_and_keywords_clean() {
        let bad = BotSettings {
            answer_threshold: 40,
            suggest_threshold: 50,
            failures_before_handoff: 11,
            handoff_keywords: vec!["🙂".into()],
            ..BotSettings::default()
        };
        assert_eq!(
            codes(check_settings(bad).unwrap_err()),
            vec![
                ("suggest_threshold".into(), "above_answer".into()),
                ("failures_before_handoff".into(), "too_large".into()),
                ("handoff_keywords".into(), "no_words".into()),
            ]
        );
        let ok = check_settings(BotSettings {
            handoff_keywords: vec![" 客服 ".into(), "客服".into(), "".into()],
            ..BotSettings::default()
        })
        .unwrap();
        assert_eq!(ok.handoff_keywords, vec!["客服".to_owned()]);
    }
}
