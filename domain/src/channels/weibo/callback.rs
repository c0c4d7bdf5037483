//! Weibo's callback (C5): `GET` verification and `POST` pushes, both
//! signed with SHA-1 over the sorted app secret, timestamp and nonce (the
//! same construction as WeChat's). A follower's message goes into their
//! conversation like a web visitor's, stored once per sender and
//! `created_at` however often Weibo pushes it; follow and unfollow change
//! the follower once; unknown types are ignored.
//!
//! Refusals as for WeChat: 404 unknown account, 403 bad signature or
//! stale timestamp, 400 a body that is not a push.

use model::channels::ChannelKind;

use super::push::{self, Push, PushKind};
use crate::channels::accounts::{channel_start, in_window, ChannelAccountService};
use crate::channels::followers::{first_sight, FollowerChange, FollowerService};
use crate::channels::wechat::crypto;
use crate::channels::wechat::CallbackQuery;
use crate::chat::core::ChatCore;
use crate::chat::{ConversationService, StartInfo};
use crate::entities::channel_account;
use crate::error::{Error, Result};

/// Weibo's timestamps may be in milliseconds (its documented example is).
pub(crate) fn seconds(timestamp: i64) -> i64 {
    if timestamp > 100_000_000_000 {
        timestamp / 1000
    } else {
        timestamp
    }
}

#[derive(Clone)]
pub struct WeiboService {
    pub(crate) accounts: ChannelAccountService,
    pub(crate) core: ChatCore,
    pub(crate) conversations: ConversationService,
    pub(crate) followers: FollowerService,
}

fn refused(why: &str) -> Error {
    tracing::info!(why, "weibo callback refused");
    Error::Forbidden
}

impl WeiboService {
    async fn signed(&self, key: &str, q: &CallbackQuery) -> Result<channel_account::Model> {
        let account = self.accounts.by_callback(ChannelKind::Weibo, key).await?;
        let (Some(timestamp), Some(nonce)) = (&q.timestamp, &q.nonce) else {
            return Err(refused("no timestamp or nonce"));
        };
        let ts: i64 = timestamp.parse().map_err(|_| refused("bad timestamp"))?;
        if !in_window(self.core.clock.now().timestamp(), seconds(ts)) {
            return Err(refused("timestamp outside the window"));
        }
        let given = q.signature.as_deref().unwrap_or_default();
        let parts = [
            account.app_secret.as_str(),
            timestamp.as_str(),
            nonce.as_str(),
        ];
        if !crypto::signature_matches(given, &parts) {
            return Err(refused("bad signature"));
        }
        Ok(account)
    }

    /// `GET`: Weibo checks the URL; we answer its `echostr`.
    pub async fn verify(&self, key: &str, q: &CallbackQuery) -> Result<String> {
        self.signed(key, q).await?;
        q.echostr
            .clone()
            .ok_or_else(|| Error::field("echostr", "required"))
    }

    /// `POST`: a push. Answered with an empty body: replies go through
    /// the reply API.
    pub async fn receive(&self, key: &str, q: &CallbackQuery, body: &str) -> Result<()> {
        let account = self.signed(key, q).await?;
        let push = push::parse(body).map_err(|e| {
            tracing::info!(error = %e, "weibo push refused");
            Error::field("body", "not_a_push")
        })?;
        self.handle(&account, &push).await
    }

    async fn handle(&self, account: &channel_account::Model, push: &Push) -> Result<()> {
        let change = match &push.kind {
            PushKind::Event { subtype, .. } => match subtype.as_str() {
                "follow" | "subscribe" | "scan_follow" => FollowerChange {
                    subscribed: Some(true),
                    ..Default::default()
                },
                "unfollow" | "unsubscribe" => FollowerChange {
                    subscribed: Some(false),
                    ..Default::default()
                },
                _ => FollowerChange::default(),
            },
            PushKind::Position { lat, lng } => FollowerChange {
                location: Some(format!("{lat},{lng}")),
                ..Default::default()
            },
            PushKind::Other { kind } => {
                tracing::info!(account = account.id, kind, "weibo push type ignored");
                return Ok(());
            }
            _ => FollowerChange::default(),
        };
        let is_event = matches!(push.kind, PushKind::Event { .. });
        let now = self.core.clock.now();
        if is_event && !first_sight(&self.core.db, now, account.id, &push.dedup_key()).await? {
            return Ok(());
        }
        let follower = self
            .followers
            .follower(account, &push.sender_id, None, change)
            .await?;
        self.followers.seen(follower.visitor_id).await?;
        let text = match &push.kind {
            PushKind::Text { text } => text.trim().to_owned(),
            PushKind::Position { lat, lng } => format!("📍 ({lat}, {lng})"),
            PushKind::Image => "[image]".into(),
            PushKind::Voice => "[voice]".into(),
            _ => return Ok(()),
        };
        if text.is_empty() {
            return Ok(());
        }
        let start = StartInfo {
            channel: Some(channel_start(account)),
            ..Default::default()
        };
        let text: String = text.chars().take(model::chat::MESSAGE_MAX).collect();
        self.conversations
            .visitor_send(follower.visitor_id, None, &push.client_id(), &text, &start)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millisecond_timestamps_are_read_as_seconds() {
        assert_eq!(seconds(1_397_022_061_823), 1_397_022_061);
        assert_eq!(seconds(1_397_022_061), 1_397_022_061);
    }
}
