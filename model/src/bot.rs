//! The FAQ bot (P3): knowledge-base entries, the bot's settings, what a bot
//! message carries (an answer to rate, suggestions to click), its figures,
//! and how an answer's text is shown (paragraphs, links, images).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub const QUESTION_MAX: usize = 200;
pub const ANSWER_MAX: usize = 4000;
pub const CATEGORY_MAX: usize = 64;
/// Similar phrasings per entry.
pub const SIMILAR_MAX: usize = 50;
/// Hand-off keywords an admin may add.
pub const KEYWORDS_MAX: usize = 20;
pub const KEYWORD_MAX: usize = 32;
pub const GREETING_MAX: usize = 500;
/// A question longer than this is cut before matching (and as stored).
pub const ASKED_MAX: usize = 500;
/// Entries one knowledge-base page lists.
pub const PAGE_SIZE: u64 = 50;
/// Rows one import takes.
pub const IMPORT_ROWS_MAX: usize = 5000;

/// Which visitors an entry answers, by the language they chat in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum KbLang {
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
    #[default]
    #[serde(rename = "both")]
    Both,
}

impl KbLang {
    pub const ALL: [KbLang; 3] = [KbLang::Zh, KbLang::En, KbLang::Both];

    pub fn key(self) -> &'static str {
        match self {
            KbLang::Zh => "zh-CN",
            KbLang::En => "en",
            KbLang::Both => "both",
        }
    }

    /// Also what spreadsheets tend to make of it ("zh", "中文", "EN").
    pub fn from_key(key: &str) -> Option<KbLang> {
        match key.trim().to_lowercase().as_str() {
            "zh-cn" | "zh" | "中文" | "zh_cn" => Some(KbLang::Zh),
            "en" | "english" | "英文" => Some(KbLang::En),
            "both" | "" | "all" | "中英" | "全部" => Some(KbLang::Both),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KbEntry {
    pub id: i64,
    /// The standard question.
    pub question: String,
    /// Other ways visitors ask it.
    pub similar: Vec<String>,
    /// Paragraphs separated by a blank line; links are recognised; a line
    /// `![description](https://…)` shows an image.
    pub answer: String,
    pub category: String,
    pub lang: KbLang,
    pub enabled: bool,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KbEntryInput {
    pub question: String,
    #[serde(default)]
    pub similar: Vec<String>,
    pub answer: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub lang: KbLang,
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

/// A knowledge-base search: words in the questions and answer, a category,
/// enabled or not; pages of [`PAGE_SIZE`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
pub struct KbQuery {
    #[serde(default)]
    pub search: String,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub page: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KbPage {
    pub entries: Vec<KbEntry>,
    pub total: u64,
    /// Every category in use, for the filter.
    pub categories: Vec<String>,
}

/// One refused row of an import: its line in the file (the header is 1)
/// and why, as a field error code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KbRowError {
    pub row: usize,
    pub field: String,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KbImportReport {
    pub created: usize,
    /// Rows whose standard question was already an entry: that entry now
    /// says what the row says.
    pub updated: usize,
    pub errors: Vec<KbRowError>,
}

/// When a chat starts with the bot (per channel, and per chat link).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BotMode {
    /// Straight to a person.
    #[default]
    Off,
    /// The bot answers first; a person on request or when it cannot.
    First,
    /// The bot only outside working hours.
    OutsideHours,
}

impl BotMode {
    pub const ALL: [BotMode; 3] = [BotMode::Off, BotMode::First, BotMode::OutsideHours];

    pub fn key(self) -> &'static str {
        match self {
            BotMode::Off => "off",
            BotMode::First => "first",
            BotMode::OutsideHours => "outside_hours",
        }
    }

    pub fn from_key(key: &str) -> Option<BotMode> {
        BotMode::ALL.into_iter().find(|m| m.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct BotSettings {
    /// The web widget's chats (a chat link may say otherwise).
    pub web: BotMode,
    /// Chats from apps (C6).
    pub app: BotMode,
    /// Answer at or above this confidence (percent).
    pub answer_threshold: u8,
    /// Suggest at or above this one; below, "not understood".
    pub suggest_threshold: u8,
    /// Hand over after this many questions in a row the bot could not
    /// answer (0: never by itself).
    pub failures_before_handoff: u8,
    /// Words that ask for a person, besides 人工, 转人工, agent and human.
    pub handoff_keywords: Vec<String>,
    /// The bot's first words, per language (empty: none).
    pub greeting_zh: String,
    pub greeting_en: String,
}

impl Default for BotSettings {
    fn default() -> Self {
        Self {
            web: BotMode::Off,
            app: BotMode::Off,
            answer_threshold: 40,
            suggest_threshold: 20,
            failures_before_handoff: 2,
            handoff_keywords: vec![],
            greeting_zh: "您好，我是智能助手，请问有什么可以帮您？".into(),
            greeting_en: "Hi, I am the assistant. What can I help you with?".into(),
        }
    }
}

/// Words that always ask for a person.
pub const HANDOFF_WORDS: [&str; 6] = ["人工", "转人工", "人工客服", "agent", "human", "person"];

/// What a bot message is, for the reader to show it (its body holds the
/// same in words, for readers that show text only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BotReply {
    Greeting,
    /// An entry's answer; the visitor may rate it.
    Answer {
        entry_id: i64,
        question: String,
        #[serde(default)]
        helpful: Option<bool>,
    },
    /// "Did you mean…": standard questions to click, best first.
    Suggest {
        choices: Vec<BotChoice>,
    },
    /// Not understood; a person is one click away.
    NotUnderstood,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BotChoice {
    pub entry_id: i64,
    pub question: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HandOffReason {
    /// The visitor asked (button or keyword).
    Request,
    /// The bot failed too often in a row.
    Failure,
}

impl HandOffReason {
    pub fn key(self) -> &'static str {
        match self {
            HandOffReason::Request => "request",
            HandOffReason::Failure => "failure",
        }
    }
}

/// The bot's figures for one day (company time zone: UTC for now).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BotDay {
    pub day: NaiveDate,
    /// Conversations that started with the bot.
    pub handled: u64,
    /// …that ended without a person.
    pub resolved: u64,
    pub handed_off_request: u64,
    pub handed_off_failure: u64,
    pub answers_rated_helpful: u64,
    pub answers_rated_unhelpful: u64,
}

/// A question the bot could not answer, for an admin to turn into an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnansweredQuestion {
    pub question: String,
    /// How often it was asked in the period.
    pub count: u64,
    pub last_asked: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BotFigures {
    pub days: Vec<BotDay>,
    pub unanswered: Vec<UnansweredQuestion>,
}

/// A piece of an answer as shown: paragraphs of text and links, images.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerBlock {
    Paragraph(Vec<Inline>),
    Image { url: String, alt: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Link(String),
}

/// Whether `url` may be shown as a link or an image: web addresses and
/// this server's own paths only (never `javascript:` and the like).
pub fn safe_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || url.starts_with('/'))
        && !url.starts_with("//")
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
}

/// An answer's text as blocks: a blank line ends a paragraph, a line
/// `![alt](url)` is an image, `http(s)://…` in text is a link.
pub fn answer_blocks(text: &str) -> Vec<AnswerBlock> {
    let mut blocks = vec![];
    let mut para: Vec<&str> = vec![];
    let flush = |para: &mut Vec<&str>, blocks: &mut Vec<AnswerBlock>| {
        if !para.is_empty() {
            blocks.push(AnswerBlock::Paragraph(inlines(&para.join("\n"))));
            para.clear();
        }
    };
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            flush(&mut para, &mut blocks);
        } else if let Some((alt, url)) = image_line(t) {
            flush(&mut para, &mut blocks);
            blocks.push(AnswerBlock::Image { url, alt });
        } else {
            para.push(line.trim_end());
        }
    }
    flush(&mut para, &mut blocks);
    blocks
}

fn image_line(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix("![")?;
    let (alt, rest) = rest.split_once("](")?;
    let url = rest.strip_suffix(')')?;
    safe_url(url).then(|| (alt.to_owned(), url.to_owned()))
}

/// Text with its web addresses as links (ending at a space, a closing
/// bracket or Chinese punctuation; a trailing full stop or comma stays text).
fn inlines(text: &str) -> Vec<Inline> {
    let mut out = vec![];
    let mut rest = text;
    while let Some(start) = find_link(rest) {
        let tail = &rest[start..];
        let mut end = tail
            .char_indices()
            .find(|(_, c)| {
                c.is_whitespace() || "()<>\"，。！？；、）".contains(*c) || !c.is_ascii()
            })
            .map_or(tail.len(), |(i, _)| i);
        while end > 0 && tail[..end].ends_with(['.', ',', ';', ':', '!', '?']) {
            end -= 1;
        }
        if start > 0 {
            out.push(Inline::Text(rest[..start].to_owned()));
        }
        out.push(Inline::Link(tail[..end].to_owned()));
        rest = &tail[end..];
    }
    if !rest.is_empty() {
        out.push(Inline::Text(rest.to_owned()));
    }
    out
}

fn find_link(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    [lower.find("https://"), lower.find("http://")]
        .into_iter()
        .flatten()
        .min()
}

/// An answer as plain text (images as their description and address), for
/// channels and previews that show text only.
pub fn answer_plain_text(text: &str) -> String {
    answer_blocks(text)
        .into_iter()
        .map(|b| match b {
            AnswerBlock::Paragraph(inl) => inl
                .into_iter()
                .map(|i| match i {
                    Inline::Text(t) | Inline::Link(t) => t,
                })
                .collect::<String>(),
            AnswerBlock::Image { url, alt } if alt.is_empty() => url,
            AnswerBlock::Image { url, alt } => format!("{alt}: {url}"),
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_paragraphs_links_and_images() {
        let blocks = answer_blocks(
            "退款三个工作日到账。\n详情见 https://shop.example/refunds，谢谢。\n\n![退款流程](https://shop.example/r.png)\nSee http://a.example/x.",
        );
        assert_eq!(
            blocks,
            vec![
                AnswerBlock::Paragraph(vec![
                    Inline::Text("退款三个工作日到账。\n详情见 ".into()),
                    Inline::Link("https://shop.example/refunds".into()),
                    Inline::Text("，谢谢。".into()),
                ]),
                AnswerBlock::Image {
                    url: "https://shop.example/r.png".into(),
                    alt: "退款流程".into()
                },
                AnswerBlock::Paragraph(vec![
                    Inline::Text("See ".into()),
                    Inline::Link("http://a.example/x".into()),
                    Inline::Text(".".into()),
                ]),
            ]
        );
    }

    #[test]
    fn unsafe_images_stay_text() {
        let blocks = answer_blocks("![x](javascript:alert(1))");
        assert_eq!(
            blocks,
            vec![AnswerBlock::Paragraph(vec![Inline::Text(
                "![x](javascript:alert(1))".into()
            )])]
        );
        assert!(!safe_url("//evil.example/x.png"));
        assert!(safe_url("/api/v1/avatars/abc"));
    }

    #[test]
    fn plain_text_keeps_the_words_and_addresses() {
        assert_eq!(
            answer_plain_text("One\n\n![map](https://m.example/a.png)"),
            "One\n\nmap: https://m.example/a.png"
        );
    }

    #[test]
    fn languages_read_as_spreadsheets_write_them() {
        assert_eq!(KbLang::from_key("ZH"), Some(KbLang::Zh));
        assert_eq!(KbLang::from_key(" en "), Some(KbLang::En));
        assert_eq!(KbLang::from_key(""), Some(KbLang::Both));
        assert_eq!(KbLang::from_key("fr"), None);
    }
}
