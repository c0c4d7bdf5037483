//! Platform channels (C4 WeChat official accounts, C5 Weibo private
//! messages): the accounts an admin connects, their keyword auto-replies
//! and news messages, the WeChat custom menu, and what an agent sees of a
//! platform message's delivery.

use serde::{Deserialize, Serialize};

pub const ACCOUNT_NAME_MAX: usize = 64;
/// WeChat AppIDs are 18 characters (`wx` + 16 hex); Weibo app keys are
/// digits. Both stay well under this.
pub const APP_ID_MAX: usize = 64;
pub const SECRET_MAX: usize = 128;
/// The callback token: 3 to 32 letters and digits (WeChat's rule).
pub const TOKEN_MIN: usize = 3;
pub const TOKEN_MAX: usize = 32;
/// EncodingAESKey: exactly 43 characters of base64 without the `=`.
pub const AES_KEY_LEN: usize = 43;
pub const KEYWORD_MAX: usize = 64;
/// WeChat's passive and custom text replies: 2,048 bytes.
pub const REPLY_TEXT_MAX: usize = 600;
pub const NEWS_TITLE_MAX: usize = 64;
pub const NEWS_DESCRIPTION_MAX: usize = 120;
pub const NEWS_URL_MAX: usize = 1024;
/// The most keyword replies one account keeps.
pub const KEYWORD_REPLIES_MAX: usize = 200;
/// Weibo's reply API takes text of up to 300 characters (its documented
/// limit for a private-message reply).
pub const WEIBO_TEXT_MAX: usize = 300;
/// WeChat's custom-service text message: 2,048 bytes of UTF-8.
pub const WECHAT_TEXT_MAX_BYTES: usize = 2048;

/// Which platform an account is on; also a conversation's `channel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Wechat,
    Weibo,
}

impl ChannelKind {
    pub fn key(self) -> &'static str {
        match self {
            ChannelKind::Wechat => "wechat",
            ChannelKind::Weibo => "weibo",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "wechat" => Some(ChannelKind::Wechat),
            "weibo" => Some(ChannelKind::Weibo),
            _ => None,
        }
    }
}

/// How a WeChat account's callbacks are sent (its admin's 消息加解密方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WechatMode {
    /// 明文模式: XML in the clear, signed by `signature`.
    #[default]
    Plaintext,
    /// 兼容模式: clear and encrypted side by side; we read either.
    Compatible,
    /// 安全模式: only the encrypted XML, signed by `msg_signature`.
    Safe,
}

impl WechatMode {
    pub fn key(self) -> &'static str {
        match self {
            WechatMode::Plaintext => "plaintext",
            WechatMode::Compatible => "compatible",
            WechatMode::Safe => "safe",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "plaintext" => Some(WechatMode::Plaintext),
            "compatible" => Some(WechatMode::Compatible),
            "safe" => Some(WechatMode::Safe),
            _ => None,
        }
    }
}

/// A connected account, as the console shows it. Secrets never leave the
/// server: only whether each is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelAccount {
    pub id: i32,
    pub kind: ChannelKind,
    pub name: String,
    pub enabled: bool,
    /// WeChat AppID, or Weibo app key.
    pub app_id: String,
    pub mode: WechatMode,
    pub secret_set: bool,
    /// WeChat: the callback token is set.
    pub token_set: bool,
    /// WeChat: the EncodingAESKey is set.
    pub aes_key_set: bool,
    /// Weibo: the account's access token is set.
    pub access_token_set: bool,
    /// The path of the callback URL to paste into the platform's admin
    /// (`/channels/wechat/<key>`); the console prefixes the public address.
    pub callback_path: String,
    /// Text sent to a new follower (WeChat subscribe event).
    pub welcome_text: String,
    /// Whether this account's chats start with the bot (None: the web
    /// channel's setting).
    pub bot_mode: Option<crate::bot::BotMode>,
}

/// What an admin submits. Empty secrets keep the stored ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelAccountInput {
    pub kind: Option<ChannelKind>,
    pub name: String,
    #[serde(default = "yes")]
    pub enabled: bool,
    pub app_id: String,
    #[serde(default)]
    pub secret: String,
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub aes_key: String,
    #[serde(default)]
    pub mode: WechatMode,
    /// Weibo only.
    #[serde(default)]
    pub access_token: String,
    #[serde(default)]
    pub welcome_text: String,
    #[serde(default)]
    pub bot_mode: Option<crate::bot::BotMode>,
}

fn yes() -> bool {
    true
}

/// How a keyword reply's words must appear in the follower's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KeywordMatch {
    /// The whole message, ignoring case and surrounding spaces.
    #[default]
    Exact,
    Contains,
}

impl KeywordMatch {
    pub fn key(self) -> &'static str {
        match self {
            KeywordMatch::Exact => "exact",
            KeywordMatch::Contains => "contains",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "exact" => Some(KeywordMatch::Exact),
            "contains" => Some(KeywordMatch::Contains),
            _ => None,
        }
    }
}

/// A keyword auto-reply: answered at once, before routing, when the
/// follower has no conversation open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeywordReply {
    pub id: i32,
    pub account_id: i32,
    pub keyword: String,
    pub matching: KeywordMatch,
    /// The text answer; empty when a news message answers.
    pub reply_text: String,
    pub news_id: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeywordReplyInput {
    pub keyword: String,
    #[serde(default)]
    pub matching: KeywordMatch,
    #[serde(default)]
    pub reply_text: String,
    #[serde(default)]
    pub news_id: Option<i32>,
}

/// A news (graphic) message: one card with a cover that opens a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewsMessage {
    pub id: i32,
    pub account_id: i32,
    pub title: String,
    pub description: String,
    pub cover_url: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewsMessageInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub cover_url: String,
    pub url: String,
}

/// Which reply `text` gets, if any: the first exact match, else the first
/// reply whose keyword it contains (in the order given). Case and the
/// spaces around the text do not count.
pub fn keyword_match<'a>(replies: &'a [KeywordReply], text: &str) -> Option<&'a KeywordReply> {
    let text = text.trim().to_lowercase();
    if text.is_empty() {
        return None;
    }
    let key = |r: &KeywordReply| r.keyword.trim().to_lowercase();
    replies
        .iter()
        .find(|r| r.matching == KeywordMatch::Exact && key(r) == text)
        .or_else(|| {
            replies.iter().find(|r| {
                let k = key(r);
                r.matching == KeywordMatch::Contains && !k.is_empty() && text.contains(&k)
            })
        })
}

/// Where a message to a platform's follower stands (agents see it under
/// the message).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Stored; the platform has not confirmed it yet.
    Pending,
    Sent,
    Failed,
}

impl DeliveryState {
    pub fn key(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Sent => "sent",
            DeliveryState::Failed => "failed",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            // A message a worker is sending right now is still pending.
            "pending" | "sending" => Some(DeliveryState::Pending),
            "sent" => Some(DeliveryState::Sent),
            "failed" => Some(DeliveryState::Failed),
            _ => None,
        }
    }
}

/// A platform message's delivery: its state and, when it failed, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    pub state: DeliveryState,
    /// Why it failed: `window_closed` (the follower has not written for 48
    /// hours, WeChat 45015), `too_long`, `unsupported`, or the platform's
    /// own code and words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What a platform tells us of a follower, for the customer panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowerProfile {
    pub kind: Option<ChannelKind>,
    pub account_name: String,
    /// WeChat openid, or Weibo uid.
    pub external_id: String,
    #[serde(default)]
    pub union_id: Option<String>,
    /// Still following (WeChat unsubscribe clears it).
    pub subscribed: bool,
    /// The last location the follower sent: "lat,lng label".
    #[serde(default)]
    pub location: Option<String>,
    /// The QR scene they followed through, when they scanned one.
    #[serde(default)]
    pub scene: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(id: i32, keyword: &str, matching: KeywordMatch) -> KeywordReply {
        KeywordReply {
            id,
            account_id: 1,
            keyword: keyword.into(),
            matching,
            reply_text: format!("r{id}"),
            news_id: None,
        }
    }

    #[test]
    fn exact_beats_contains_and_case_does_not_count() {
        let replies = vec![
            reply(1, "营业", KeywordMatch::Contains),
            reply(2, "营业时间", KeywordMatch::Exact),
            reply(3, "Price", KeywordMatch::Contains),
        ];
        assert_eq!(keyword_match(&replies, " 营业时间 ").unwrap().id, 2);
        assert_eq!(keyword_match(&replies, "你们营业吗").unwrap().id, 1);
        assert_eq!(keyword_match(&replies, "what is the PRICE?").unwrap().id, 3);
        assert!(keyword_match(&replies, "我要退款").is_none());
        assert!(keyword_match(&replies, "  ").is_none());
    }

    #[test]
    fn an_empty_contains_keyword_matches_nothing() {
        let replies = vec![reply(1, " ", KeywordMatch::Contains)];
        assert!(keyword_match(&replies, "anything").is_none());
    }

    #[test]
    fn keys_round_trip() {
        for k in [ChannelKind::Wechat, ChannelKind::Weibo] {
            assert_eq!(ChannelKind::from_key(k.key()), Some(k));
        }
        for m in [
            WechatMode::Plaintext,
            WechatMode::Compatible,
            WechatMode::Safe,
        ] {
            assert_eq!(WechatMode::from_key(m.key()), Some(m));
        }
        assert_eq!(
            DeliveryState::from_key("sending"),
            Some(DeliveryState::Pending)
        );
    }
}
