//! WeChat access tokens (C4), one per account, kept in its row so every
//! server process shares it: fetched when missing or within five minutes
//! of expiry, one fetch at a time per account in this process (and the row
//! read again under that lock, so a token another process just stored is
//! used, not replaced). A refused token is cleared only if it is still the
//! stored one; a platform asking us to slow down blocks fetching a minute.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::platform::{PlatformError, Platforms};
use crate::clock::Clock;
use crate::entities::channel_account;

/// A token this close to its expiry is refreshed first.
const REFRESH_MARGIN: Duration = Duration::minutes(5);
/// How long fetching waits after the platform said "too many".
const BLOCK_AFTER_LIMIT: Duration = Duration::seconds(60);

#[derive(Clone)]
pub struct TokenCache {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    platforms: Platforms,
    /// One lock per account, so concurrent senders fetch once.
    locks: Arc<Mutex<HashMap<i32, Arc<tokio::sync::Mutex<()>>>>>,
    /// Accounts whose fetching is blocked until then.
    blocked: Arc<Mutex<HashMap<i32, DateTime<Utc>>>>,
}

/// Whether a stored token can still be used at `now`.
pub(crate) fn usable(
    token: Option<&str>,
    expires_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    token.is_some_and(|t| !t.is_empty()) && expires_at.is_some_and(|e| e - REFRESH_MARGIN > now)
}

impl TokenCache {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, platforms: Platforms) -> Self {
        Self {
            db,
            clock,
            platforms,
            locks: Arc::default(),
            blocked: Arc::default(),
        }
    }

    pub fn platforms(&self) -> &Platforms {
        &self.platforms
    }

    /// A usable token for the account: the stored one, or a new one.
    pub async fn token(&self, account_id: i32) -> Result<String, PlatformError> {
        if let Some(t) = self.stored(account_id).await? {
            return Ok(t);
        }
        let lock = {
            let mut locks = self.locks.lock().unwrap_or_else(|e| e.into_inner());
            locks.entry(account_id).or_default().clone()
        };
        let _held = lock.lock().await;
        // Fetched by another task (or process) while we waited.
        if let Some(t) = self.stored(account_id).await? {
            return Ok(t);
        }
        let now = self.clock.now();
        let blocked_until = {
            let blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
            blocked.get(&account_id).copied()
        };
        if blocked_until.is_some_and(|b| b > now) {
            return Err(PlatformError::Api {
                code: 45009,
                message: "token fetching paused after the platform's limit".into(),
            });
        }
        let account = self.account(account_id).await?;
        match self
            .platforms
            .wechat_token(&account.app_id, &account.app_secret)
            .await
        {
            Ok(fresh) => {
                let expires = now + Duration::seconds(fresh.expires_in.clamp(60, 7 * 86_400));
                channel_account::Entity::update_many()
                    .col_expr(
                        channel_account::Column::AccessToken,
                        Expr::value(fresh.token.clone()),
                    )
                    .col_expr(
                        channel_account::Column::TokenExpiresAt,
                        Expr::value(expires),
                    )
                    .filter(channel_account::Column::Id.eq(account_id))
                    .exec(&self.db)
                    .await
                    .map_err(|e| PlatformError::Network(e.to_string()))?;
                Ok(fresh.token)
            }
            Err(e) => {
                if e.rate_limited() {
                    let mut blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
                    blocked.insert(account_id, now + BLOCK_AFTER_LIMIT);
                }
                tracing::warn!(account = account_id, error = %e, "wechat access token");
                Err(e)
            }
        }
    }

    /// Call the platform with the account's token, and once more with a
    /// fresh one if it refused that token (40001/40014/42001). After two
    /// refusals the last one is the answer.
    pub async fn with_token<T, F, Fut>(&self, account_id: i32, call: F) -> Result<T, PlatformError>
    where
        F: Fn(String) -> Fut,
        Fut: std::future::Future<Output = Result<T, PlatformError>>,
    {
        let token = self.token(account_id).await?;
        match call(token.clone()).await {
            Err(e) if e.token_refused() => {
                self.refused(account_id, &token).await;
                let fresh = self.token(account_id).await?;
                let again = call(fresh.clone()).await;
                if matches!(&again, Err(e) if e.token_refused()) {
                    self.refused(account_id, &fresh).await;
                }
                again
            }
            other => other,
        }
    }

    /// Forget a token the platform refused, unless another process has
    /// stored a newer one meanwhile.
    pub async fn refused(&self, account_id: i32, token: &str) {
        let cleared = channel_account::Entity::update_many()
            .col_expr(
                channel_account::Column::AccessToken,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                channel_account::Column::TokenExpiresAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(channel_account::Column::Id.eq(account_id))
            .filter(channel_account::Column::AccessToken.eq(token))
            .exec(&self.db)
            .await;
        if let Err(e) = cleared {
            tracing::warn!(account = account_id, error = %e, "clearing a refused token");
        }
    }

    async fn account(&self, account_id: i32) -> Result<channel_account::Model, PlatformError> {
        channel_account::Entity::find_by_id(account_id)
            .one(&self.db)
            .await
            .map_err(|e| PlatformError::Network(e.to_string()))?
            .ok_or_else(|| PlatformError::Network("account removed".into()))
    }

    async fn stored(&self, account_id: i32) -> Result<Option<String>, PlatformError> {
        let account = self.account(account_id).await?;
        let now = self.clock.now();
        Ok(usable(
            account.access_token.as_deref(),
            account.token_expires_at,
            now,
        )
        .then(|| account.access_token.unwrap_or_default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_refreshed_five_minutes_before_it_expires() {
        let now = Utc::now();
        assert!(usable(Some("t"), Some(now + Duration::minutes(6)), now));
        assert!(!usable(Some("t"), Some(now + Duration::minutes(4)), now));
        assert!(!usable(None, Some(now + Duration::hours(2)), now));
        assert!(!usable(Some(""), Some(now + Duration::hours(2)), now));
        assert!(!usable(Some("t"), None, now));
    }
}
