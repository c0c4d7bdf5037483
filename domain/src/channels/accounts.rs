//! Connected WeChat official accounts and Weibo accounts (C4, C5), managed
//! with *Manage channels* and audit-logged. Secrets are stored for the
//! server's own calls and never shown again: the console sees only whether
//! each is set. Each account has an unguessable callback key, the last part
//! of the callback URL pasted into the platform's admin.

use std::sync::Arc;

use model::audit::AuditKind;
use model::channels::{
    ChannelAccount, ChannelAccountInput, ChannelKind, WechatMode, ACCOUNT_NAME_MAX, AES_KEY_LEN,
    APP_ID_MAX, REPLY_TEXT_MAX, SECRET_MAX, TOKEN_MAX, TOKEN_MIN,
};
use model::Permission;
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::wechat::crypto::MessageKey;
use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::clock::Clock;
use crate::entities::channel_account;
use crate::error::{Error, Result};
use crate::validate::Check;

/// Longest Weibo access token kept.
const ACCESS_TOKEN_MAX: usize = 512;

pub(crate) fn dto(row: &channel_account::Model) -> ChannelAccount {
    let kind = ChannelKind::from_key(&row.kind).unwrap_or(ChannelKind::Wechat);
    ChannelAccount {
        id: row.id,
        kind,
        name: row.name.clone(),
        enabled: row.enabled,
        app_id: row.app_id.clone(),
        mode: WechatMode::from_key(&row.mode).unwrap_or_default(),
        secret_set: !row.app_secret.is_empty(),
        token_set: !row.token.is_empty(),
        aes_key_set: !row.aes_key.is_empty(),
        access_token_set: kind == ChannelKind::Weibo
            && row.access_token.as_deref().is_some_and(|t| !t.is_empty()),
        callback_path: format!("/channels/{}/{}", kind.key(), row.callback_key),
        welcome_text: row.welcome_text.clone(),
        bot_mode: row
            .bot_mode
            .as_deref()
            .and_then(model::bot::BotMode::from_key),
    }
}

/// How a new conversation through this account starts: the platform's
/// channel, named after the account, with the account's bot setting.
pub(crate) fn channel_start(row: &channel_account::Model) -> crate::chat::ChannelStart {
    crate::chat::ChannelStart {
        kind: ChannelKind::from_key(&row.kind).unwrap_or(ChannelKind::Wechat),
        account_id: row.id,
        account_name: row.name.clone(),
        bot_mode: row
            .bot_mode
            .as_deref()
            .and_then(model::bot::BotMode::from_key),
    }
}

/// How far a signed callback's timestamp (in seconds) may be from our
/// clock, for WeChat and Weibo alike: a replay later than this is refused.
pub(crate) const CALLBACK_WINDOW_SECS: i64 = 300;

/// Whether a callback signed at `timestamp` is recent enough at `now`.
pub(crate) fn in_window(now: i64, timestamp: i64) -> bool {
    (now - timestamp).abs() <= CALLBACK_WINDOW_SECS
}

/// A random callback key: 24 hex digits.
fn callback_key() -> String {
    let mut bytes = [0u8; 12];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The token WeChat signs callbacks with: 3–32 letters and digits.
fn valid_token(token: &str) -> bool {
    (TOKEN_MIN..=TOKEN_MAX).contains(&token.len())
        && token.chars().all(|c| c.is_ascii_alphanumeric())
}

/// What an input changes, checked. Empty secrets keep what `existing` has.
fn checked(
    input: &ChannelAccountInput,
    kind: ChannelKind,
    existing: Option<&channel_account::Model>,
) -> Result<ChannelAccountInput> {
    let mut check = Check::new();
    let name = check.required_text("name", &input.name, ACCOUNT_NAME_MAX);
    let app_id = check.required_text("app_id", &input.app_id, APP_ID_MAX);
    if !app_id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        check.fail("app_id", "invalid");
    }
    let secret = input.secret.trim().to_owned();
    check.max_len("secret", &secret, SECRET_MAX);
    if secret.is_empty() && existing.is_none_or(|e| e.app_secret.is_empty()) {
        check.fail("secret", "required");
    }
    let welcome = input.welcome_text.trim().to_owned();
    check.max_len("welcome_text", &welcome, REPLY_TEXT_MAX);
    let token = input.token.trim().to_owned();
    let aes_key = input.aes_key.trim().to_owned();
    let access_token = input.access_token.trim().to_owned();
    match kind {
        ChannelKind::Wechat => {
            if token.is_empty() {
                if existing.is_none_or(|e| e.token.is_empty()) {
                    check.fail("token", "required");
                }
            } else if !valid_token(&token) {
                check.fail("token", "invalid");
            }
            let has_key = !aes_key.is_empty() || existing.is_some_and(|e| !e.aes_key.is_empty());
            if !aes_key.is_empty()
                && (aes_key.len() != AES_KEY_LEN || MessageKey::new(&aes_key).is_err())
            {
                check.fail("aes_key", "invalid");
            } else if input.mode != WechatMode::Plaintext && !has_key {
                check.fail("aes_key", "required");
            }
        }
        ChannelKind::Weibo => {
            check.max_len("access_token", &access_token, ACCESS_TOKEN_MAX);
            let has_token = !access_token.is_empty()
                || existing
                    .is_some_and(|e| e.access_token.as_deref().is_some_and(|t| !t.is_empty()));
            if !has_token {
                check.fail("access_token", "required");
            }
        }
    }
    check.finish()?;
    Ok(ChannelAccountInput {
        kind: Some(kind),
        name,
        enabled: input.enabled,
        app_id,
        secret,
        token,
        aes_key,
        mode: input.mode,
        access_token,
        welcome_text: welcome,
        bot_mode: input.bot_mode,
    })
}

#[derive(Clone)]
pub struct ChannelAccountService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    audit: AuditLog,
}

impl ChannelAccountService {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, audit: AuditLog) -> Self {
        Self { db, clock, audit }
    }

    /// The accounts of one platform (all with `None`), by name.
    pub async fn list(
        &self,
        actor: &Actor,
        kind: Option<ChannelKind>,
    ) -> Result<Vec<ChannelAccount>> {
        actor.require(Permission::ManageChannels)?;
        let mut q = channel_account::Entity::find().order_by_asc(channel_account::Column::Name);
        if let Some(kind) = kind {
            q = q.filter(channel_account::Column::Kind.eq(kind.key()));
        }
        Ok(q.all(&self.db).await?.iter().map(dto).collect())
    }

    pub async fn get(&self, actor: &Actor, id: i32) -> Result<ChannelAccount> {
        actor.require(Permission::ManageChannels)?;
        Ok(dto(&self.row(id).await?))
    }

    /// Connect an account (`id` None) or change one. Its platform is fixed
    /// when it is made.
    pub async fn save(
        &self,
        actor: &Actor,
        id: Option<i32>,
        input: ChannelAccountInput,
    ) -> Result<ChannelAccount> {
        actor.require(Permission::ManageChannels)?;
        let existing = match id {
            Some(id) => Some(self.row(id).await?),
            None => None,
        };
        let kind = match &existing {
            Some(e) => ChannelKind::from_key(&e.kind).unwrap_or(ChannelKind::Wechat),
            None => input.kind.ok_or_else(|| Error::field("kind", "required"))?,
        };
        let input = checked(&input, kind, existing.as_ref())?;
        let now = self.clock.now();
        let before = existing.as_ref().map(dto);
        let mut row: channel_account::ActiveModel = match existing.clone() {
            Some(r) => r.into(),
            None => channel_account::ActiveModel {
                kind: Set(kind.key().to_owned()),
                callback_key: Set(callback_key()),
                app_secret: Set(String::new()),
                token: Set(String::new()),
                aes_key: Set(String::new()),
                created_at: Set(now),
                ..Default::default()
            },
        };
        let app_changed = existing.as_ref().is_some_and(|e| e.app_id != input.app_id);
        row.name = Set(input.name);
        row.enabled = Set(input.enabled);
        row.app_id = Set(input.app_id);
        row.mode = Set(input.mode.key().to_owned());
        row.welcome_text = Set(input.welcome_text);
        row.bot_mode = Set(input.bot_mode.map(|m| m.key().to_owned()));
        row.updated_at = Set(now);
        let secret_changed = !input.secret.is_empty();
        if secret_changed {
            row.app_secret = Set(input.secret);
        }
        if !input.token.is_empty() {
            row.token = Set(input.token);
        }
        if !input.aes_key.is_empty() {
            row.aes_key = Set(input.aes_key);
        }
        match kind {
            ChannelKind::Weibo if !input.access_token.is_empty() => {
                row.access_token = Set(Some(input.access_token));
            }
            // A cached WeChat token belongs to the old AppID or secret.
            ChannelKind::Wechat if secret_changed || app_changed => {
                row.access_token = Set(None);
                row.token_expires_at = Set(None);
            }
            _ => {}
        }
        let saved = match id {
            Some(_) => row.update(&self.db).await?,
            None => row.insert(&self.db).await?,
        };
        let after = dto(&saved);
        let entry = Entry::saved(
            AuditKind::ChannelAccount,
            after.id,
            &after.name,
            before.as_ref(),
            &after,
        );
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }

    /// Disconnect an account: its followers' conversations stay, its
    /// keyword replies and news go with it. Deleting it again is a no-op.
    pub async fn delete(&self, actor: &Actor, id: i32) -> Result<()> {
        actor.require(Permission::ManageChannels)?;
        let Some(row) = channel_account::Entity::find_by_id(id)
            .one(&self.db)
            .await?
        else {
            return Ok(());
        };
        channel_account::Entity::delete_by_id(id)
            .exec(&self.db)
            .await?;
        let row = dto(&row);
        let entry = Entry::deleted(AuditKind::ChannelAccount, id, &row.name, &row);
        self.audit.record(&self.db, actor, entry).await
    }

    async fn row(&self, id: i32) -> Result<channel_account::Model> {
        channel_account::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)
    }

    /// The enabled account a callback URL names (no actor: the platform
    /// proves itself by signature).
    pub(crate) async fn by_callback(
        &self,
        kind: ChannelKind,
        key: &str,
    ) -> Result<channel_account::Model> {
        channel_account::Entity::find()
            .filter(channel_account::Column::CallbackKey.eq(key))
            .filter(channel_account::Column::Kind.eq(kind.key()))
            .filter(channel_account::Column::Enabled.eq(true))
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wechat(mode: WechatMode, aes_key: &str) -> ChannelAccountInput {
        ChannelAccountInput {
            kind: Some(ChannelKind::Wechat),
            name: "服务号".into(),
            enabled: true,
            app_id: "wx1234567890abcdef".into(),
            secret: "s3cret".into(),
            token: "tok123".into(),
            aes_key: aes_key.into(),
            mode,
            ..Default::default()
        }
    }

    fn codes(r: Result<ChannelAccountInput>) -> Vec<(String, String)> {
        match r {
            Err(Error::Invalid(f)) => f.into_iter().map(|f| (f.field, f.code)).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn safe_mode_needs_a_valid_key() {
        let key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        assert!(checked(&wechat(WechatMode::Safe, key), ChannelKind::Wechat, None).is_ok());
        assert_eq!(
            codes(checked(
                &wechat(WechatMode::Safe, ""),
                ChannelKind::Wechat,
                None
            )),
            vec![("aes_key".into(), "required".into())]
        );
        assert_eq!(
            codes(checked(
                &wechat(WechatMode::Safe, "short"),
                ChannelKind::Wechat,
                None
            )),
            vec![("aes_key".into(), "invalid".into())]
        );
        assert!(checked(
            &wechat(WechatMode::Plaintext, ""),
            ChannelKind::Wechat,
            None
        )
        .is_ok());
    }

    #[test]
    fn tokens_are_letters_and_digits() {
        assert!(valid_token("abc"));
        assert!(!valid_token("ab"));
        assert!(!valid_token("has space"));
        assert!(!valid_token(&"a".repeat(33)));
    }

    #[test]
    fn weibo_needs_its_access_token() {
        let input = ChannelAccountInput {
            kind: Some(ChannelKind::Weibo),
            name: "微博".into(),
            app_id: "12345".into(),
            secret: "xyz123xyz".into(),
            ..Default::default()
        };
        assert_eq!(
            codes(checked(&input, ChannelKind::Weibo, None)),
            vec![("access_token".into(), "required".into())]
        );
    }
}
