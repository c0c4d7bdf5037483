use sea_orm::entity::prelude::*;

/// A connected WeChat official account or Weibo account (C4, C5).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "channel_accounts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `model::channels::ChannelKind` key.
    pub kind: String,
    pub name: String,
    pub enabled: bool,
    /// The random part of the callback URL (`/channels/<kind>/<key>`).
    pub callback_key: String,
    /// WeChat AppID or Weibo app key.
    pub app_id: String,
    pub app_secret: String,
    /// WeChat's callback token.
    pub token: String,
    /// WeChat's EncodingAESKey (43 characters).
    pub aes_key: String,
    /// `model::channels::WechatMode` key.
    pub mode: String,
    pub welcome_text: String,
    pub bot_mode: Option<String>,
    /// WeChat: the cached access token, shared by every process; Weibo:
    /// the token the admin entered.
    pub access_token: Option<String>,
    pub token_expires_at: Option<DateTimeUtc>,
    /// JSON of the custom menu last published (WeChat).
    pub menu: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
