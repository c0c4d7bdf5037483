//! A WeChat account's custom menu (C4), with *Manage channels*: kept with
//! the account, published through WeChat's `menu/create` and read back
//! through `menu/get`, so the console shows what followers really see.
//! WeChat's limits (3 × 5 buttons, name lengths) are checked first as
//! field errors; a refusal by WeChat is a field error on `menu`.

use model::audit::AuditKind;
use model::wechat_menu::{self, WechatMenu};
use model::{FieldError, Permission};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::channels::platform::PlatformError;
use crate::channels::tokens::TokenCache;
use crate::entities::channel_account;
use crate::error::{Error, Result};

#[derive(Clone)]
pub struct WechatMenuService {
    pub(crate) tokens: TokenCache,
    pub(crate) audit: AuditLog,
    pub(crate) db: sea_orm::DatabaseConnection,
}

/// WeChat's refusal as the field error the console shows.
fn refused(e: &PlatformError) -> Error {
    tracing::warn!(error = %e, "wechat menu call refused");
    let code = match e {
        PlatformError::Network(_) => "platform_unreachable",
        PlatformError::Api { .. } => "platform_refused",
    };
    Error::field("menu", code)
}

impl WechatMenuService {
    async fn account(&self, actor: &Actor, id: i32) -> Result<channel_account::Model> {
        actor.require(Permission::ManageChannels)?;
        let account = channel_account::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        if account.kind != model::channels::ChannelKind::Wechat.key() {
            return Err(Error::NotFound);
        }
        Ok(account)
    }

    /// The menu last published from here (empty before the first).
    pub async fn menu(&self, actor: &Actor, account_id: i32) -> Result<WechatMenu> {
        let account = self.account(actor, account_id).await?;
        Ok(account
            .menu
            .as_deref()
            .and_then(|m| serde_json::from_str(m).ok())
            .unwrap_or_default())
    }

    /// Check, publish to WeChat, and keep the menu.
    pub async fn publish(
        &self,
        actor: &Actor,
        account_id: i32,
        menu: WechatMenu,
    ) -> Result<WechatMenu> {
        let account = self.account(actor, account_id).await?;
        let errors = wechat_menu::check(&menu);
        if !errors.is_empty() {
            return Err(Error::Invalid(
                errors
                    .into_iter()
                    .map(|(field, code)| FieldError::new(&field, code))
                    .collect(),
            ));
        }
        let body = wechat_menu::to_wechat(&menu);
        let platforms = self.tokens.platforms().clone();
        self.tokens
            .with_token(account_id, |token| {
                let (platforms, body) = (platforms.clone(), body.clone());
                async move { platforms.wechat_menu_create(&token, &body).await }
            })
            .await
            .map_err(|e| refused(&e))?;
        // What WeChat stores is what we keep (trimmed, as sent).
        let kept = wechat_menu::from_wechat(&body);
        let before: WechatMenu = account
            .menu
            .as_deref()
            .and_then(|m| serde_json::from_str(m).ok())
            .unwrap_or_default();
        let name = account.name.clone();
        let mut row: channel_account::ActiveModel = account.into();
        row.menu = Set(Some(
            serde_json::to_string(&kept).map_err(|e| Error::Internal(e.to_string()))?,
        ));
        row.update(&self.db).await?;
        let entry = Entry::updated(
            AuditKind::WechatContent,
            account_id,
            &format!("{name}: menu"),
            &before,
            &kept,
        );
        self.audit.record(&self.db, actor, entry).await?;
        Ok(kept)
    }

    /// The menu WeChat has now (empty when it has none).
    pub async fn read_back(&self, actor: &Actor, account_id: i32) -> Result<WechatMenu> {
        self.account(actor, account_id).await?;
        let platforms = self.tokens.platforms().clone();
        let got = self
            .tokens
            .with_token(account_id, |token| {
                let platforms = platforms.clone();
                async move { platforms.wechat_menu_get(&token).await }
            })
            .await;
        match got {
            Ok(menu) => Ok(wechat_menu::from_wechat(&menu)),
            // 46003: the account has no menu.
            Err(PlatformError::Api { code: 46003, .. }) => Ok(WechatMenu::default()),
            Err(e) => Err(refused(&e)),
        }
    }
}
