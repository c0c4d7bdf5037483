//! Delivering agents' and the bot's messages to WeChat and Weibo followers
//! (C4, C5). The writer stores such a message as `pending` in the same
//! transaction as the message itself, so nothing is lost to a crash. A
//! worker in every process claims pending messages with a guarded UPDATE
//! (so two processes never send one twice), sends them through the
//! platform, and stores `sent` or `failed` with the reason, which agents
//! see under the message. A platform that cannot be reached is tried again
//! later, five times at most.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use model::channels::{
    ChannelKind, Delivery, DeliveryState, WECHAT_TEXT_MAX_BYTES, WEIBO_TEXT_MAX,
};
use model::chat::{Sender, ServerEvent, SystemLine};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::Notify;

use super::platform::{Media, PlatformError};
use super::tokens::TokenCache;
use crate::chat::core::ChatCore;
use crate::entities::{channel_account, channel_follower, conversation, message};
use crate::files::FileStore;
use crate::hub::Topic;

/// Stored states (`sending` reads as pending on the wire).
const PENDING: &str = "pending";
const SENDING: &str = "sending";
const SENT: &str = "sent";
const FAILED: &str = "failed";
/// A message claimed this long ago and still `sending` was left by a
/// worker that died: claim it again.
const STALE: Duration = Duration::seconds(60);
/// Tries before a platform that cannot be reached counts as a failure.
const MAX_TRIES: i32 = 5;
/// Messages one pass claims.
const BATCH: u64 = 32;
/// How often a worker looks without being woken (other processes' writes).
const POLL: std::time::Duration = std::time::Duration::from_secs(3);

/// Whether a message in a conversation on `channel` goes out to the
/// follower: agents' replies (not internal notes), the bot's answers, and
/// system lines with words of their own (welcome, reminders). Lines without
/// words are drawn by our own clients from their key and say nothing on a
/// platform.
pub(crate) fn goes_out(
    channel: &str,
    sender: Sender,
    internal: bool,
    system: Option<SystemLine>,
    body: &str,
) -> bool {
    if ChannelKind::from_key(channel).is_none() || internal {
        return false;
    }
    match sender {
        Sender::Agent | Sender::Bot => true,
        Sender::System => system.is_some() && !body.trim().is_empty(),
        Sender::Visitor => false,
    }
}

/// The stored value for a new message that goes out.
pub(crate) const NEW: &str = PENDING;

/// A message row's delivery as clients see it.
pub(crate) fn of_row(state: Option<&str>, error: Option<&str>) -> Option<Delivery> {
    let state = DeliveryState::from_key(state?)?;
    Some(Delivery {
        state,
        error: error.map(str::to_owned),
    })
}

/// What a send came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    Sent,
    /// Final: the reason agents see.
    Failed(String),
    /// The platform could not be reached: try again after the backoff.
    Retry(String),
}

/// The reason agents see for a platform's refusal.
pub(crate) fn reason(e: &PlatformError) -> Outcome {
    match e {
        PlatformError::Network(m) => Outcome::Retry(m.clone()),
        // Rate limits and "system busy" pass: try again later.
        e if e.rate_limited() => Outcome::Retry(e.to_string()),
        // WeChat: the follower has not written for 48 hours. Weibo's
        // 21602/21603: the user has not written, or blocked us.
        PlatformError::Api { code: 45015, .. } => Outcome::Failed("window_closed".into()),
        PlatformError::Api { code: 45002, .. } => Outcome::Failed("too_long".into()),
        PlatformError::Api { code, message } => {
            let words: String = message.chars().take(160).collect();
            Outcome::Failed(format!("{code} {words}"))
        }
    }
}

/// How long to wait before the next try: 2, 4, 8, 16 s.
pub(crate) fn backoff(tries: i32) -> Duration {
    Duration::seconds(2i64.pow(tries.clamp(1, 4) as u32))
}

/// Whether a text fits the platform's limit for one message.
pub(crate) fn fits(kind: ChannelKind, text: &str) -> bool {
    match kind {
        ChannelKind::Wechat => text.len() <= WECHAT_TEXT_MAX_BYTES,
        ChannelKind::Weibo => text.chars().count() <= WEIBO_TEXT_MAX,
    }
}

#[derive(Clone)]
pub struct DeliveryService {
    core: ChatCore,
    tokens: TokenCache,
    files: FileStore,
    wake: Arc<Notify>,
}

impl DeliveryService {
    pub(crate) fn new(core: ChatCore, tokens: TokenCache, files: FileStore) -> Self {
        let wake = core.outbox();
        Self {
            core,
            tokens,
            files,
            wake,
        }
    }

    /// Run the worker on the current runtime until the process ends.
    pub fn start(&self) {
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                match this.run_once().await {
                    Ok(n) if n > 0 => continue,
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "message delivery"),
                }
                let _ = tokio::time::timeout(POLL, this.wake.notified()).await;
            }
        });
    }

    /// One pass: claim what is due and send it, in order. Returns how many
    /// messages it handled.
    pub async fn run_once(&self) -> crate::error::Result<usize> {
        let now = self.core.clock.now();
        let due = Condition::any()
            .add(
                Condition::all()
                    .add(message::Column::Delivery.eq(PENDING))
                    .add(
                        Condition::any()
                            .add(message::Column::DeliveryAt.is_null())
                            .add(message::Column::DeliveryAt.lte(now)),
                    ),
            )
            .add(
                Condition::all()
                    .add(message::Column::Delivery.eq(SENDING))
                    .add(message::Column::DeliveryAt.lt(now - STALE)),
            );
        let ids: Vec<i64> = message::Entity::find()
            .select_only()
            .column(message::Column::Id)
            .filter(due.clone())
            .order_by_asc(message::Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(&self.core.db)
            .await?;
        let mut handled = 0;
        for id in ids {
            let claimed = message::Entity::update_many()
                .col_expr(message::Column::Delivery, Expr::value(SENDING))
                .col_expr(message::Column::DeliveryAt, Expr::value(now))
                .filter(message::Column::Id.eq(id))
                .filter(due.clone())
                .exec(&self.core.db)
                .await?
                .rows_affected
                == 1;
            if !claimed {
                continue;
            }
            let Some(row) = message::Entity::find_by_id(id).one(&self.core.db).await? else {
                continue;
            };
            let outcome = self.send(&row).await;
            self.settle(row, outcome).await?;
            handled += 1;
        }
        Ok(handled)
    }

    /// Send one claimed message to its follower.
    async fn send(&self, row: &message::Model) -> Outcome {
        let target = match self.target(row.conversation_id).await {
            Ok(Some(t)) => t,
            Ok(None) => return Outcome::Failed("no_follower".into()),
            Err(e) => return Outcome::Retry(e.to_string()),
        };
        let (account, follower) = target;
        let Some(kind) = ChannelKind::from_key(&account.kind) else {
            return Outcome::Failed("unsupported".into());
        };
        if !account.enabled {
            return Outcome::Failed("account_disabled".into());
        }
        let is_image = row
            .attachment_type
            .as_deref()
            .is_some_and(|t| t.starts_with("image/"));
        if row.attachment_key.is_some() && !(is_image && kind == ChannelKind::Wechat) {
            return Outcome::Failed("unsupported".into());
        }
        if !fits(kind, &row.body) {
            return Outcome::Failed("too_long".into());
        }
        match kind {
            ChannelKind::Weibo => {
                let token = account.access_token.clone().unwrap_or_default();
                let sent = self
                    .tokens
                    .platforms()
                    .weibo_reply(&token, &follower.external_id, &row.body)
                    .await;
                match sent {
                    Ok(()) => Outcome::Sent,
                    Err(e) => reason(&e),
                }
            }
            ChannelKind::Wechat => {
                let open_id = follower.external_id.as_str();
                let sent = self
                    .tokens
                    .with_token(account.id, |token| async move {
                        self.wechat_send(&token, open_id, row).await
                    })
                    .await;
                match sent {
                    Ok(()) => Outcome::Sent,
                    Err(e) if e.token_refused() => Outcome::Retry("token refused twice".into()),
                    Err(e) => reason(&e),
                }
            }
        }
    }

    async fn wechat_send(
        &self,
        token: &str,
        open_id: &str,
        row: &message::Model,
    ) -> Result<(), PlatformError> {
        let platforms = self.tokens.platforms();
        match (&row.attachment_key, &row.attachment_type) {
            (Some(key), Some(content_type)) => {
                let bytes = self
                    .files
                    .read(key)
                    .await
                    .map_err(|e| PlatformError::Network(e.to_string()))?;
                let media = Media {
                    bytes,
                    content_type: content_type.clone(),
                };
                let name = row.attachment_name.as_deref().unwrap_or("image");
                let media_id = platforms.wechat_upload_image(token, name, media).await?;
                let part = serde_json::json!({ "media_id": media_id });
                platforms.wechat_send(token, open_id, "image", part).await
            }
            _ => {
                let part = serde_json::json!({ "content": row.body });
                platforms.wechat_send(token, open_id, "text", part).await
            }
        }
    }

    /// The account and follower a conversation's messages go to.
    async fn target(
        &self,
        conversation_id: i64,
    ) -> crate::error::Result<Option<(channel_account::Model, channel_follower::Model)>> {
        let Some(conv) = conversation::Entity::find_by_id(conversation_id)
            .one(&self.core.db)
            .await?
        else {
            return Ok(None);
        };
        let Some(account_id) = conv.channel_account_id else {
            return Ok(None);
        };
        let account = channel_account::Entity::find_by_id(account_id)
            .one(&self.core.db)
            .await?;
        let follower = channel_follower::Entity::find()
            .filter(channel_follower::Column::VisitorId.eq(conv.visitor_id))
            .one(&self.core.db)
            .await?;
        Ok(account.zip(follower))
    }

    /// Store what became of a send and tell the conversation's agent.
    async fn settle(&self, row: message::Model, outcome: Outcome) -> crate::error::Result<()> {
        let now = self.core.clock.now();
        let tries = row.delivery_tries + 1;
        let (state, error, at): (&str, Option<String>, DateTime<Utc>) = match outcome {
            Outcome::Sent => (SENT, None, now),
            Outcome::Failed(why) => (FAILED, Some(why), now),
            Outcome::Retry(why) if tries >= MAX_TRIES => {
                tracing::warn!(message = row.id, error = %why, "delivery given up");
                (FAILED, Some("unreachable".into()), now)
            }
            Outcome::Retry(why) => {
                tracing::info!(message = row.id, error = %why, "delivery to retry");
                (PENDING, None, now + backoff(tries))
            }
        };
        message::Entity::update_many()
            .col_expr(message::Column::Delivery, Expr::value(state))
            .col_expr(message::Column::DeliveryError, Expr::value(error.clone()))
            .col_expr(message::Column::DeliveryAt, Expr::value(at))
            .col_expr(message::Column::DeliveryTries, Expr::value(tries))
            .filter(message::Column::Id.eq(row.id))
            .exec(&self.core.db)
            .await?;
        if state == PENDING {
            return Ok(());
        }
        if let Some(conv) = conversation::Entity::find_by_id(row.conversation_id)
            .one(&self.core.db)
            .await?
        {
            if let (Some(agent), Some(delivery)) =
                (conv.agent_id, of_row(Some(state), error.as_deref()))
            {
                self.core.hub.publish(
                    Topic::Agent(agent),
                    ServerEvent::Delivery {
                        conversation_id: row.conversation_id,
                        seq: row.seq,
                        delivery,
                    },
                );
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_the_follower_should_read_goes_out() {
        assert!(goes_out("wechat", Sender::Agent, false, None, "hi"));
        assert!(goes_out("weibo", Sender::Bot, false, None, "hi"));
        assert!(!goes_out("wechat", Sender::Agent, true, None, "note"));
        assert!(!goes_out("web", Sender::Agent, false, None, "hi"));
        assert!(!goes_out("wechat", Sender::Visitor, false, None, "hi"));
        let welcome = Some(SystemLine::Welcome);
        assert!(goes_out("wechat", Sender::System, false, welcome, "欢迎"));
        assert!(!goes_out("wechat", Sender::System, false, welcome, " "));
    }

    #[test]
    fn refusals_read_as_reasons() {
        let window = PlatformError::Api {
            code: 45015,
            message: "response out of time limit".into(),
        };
        assert_eq!(reason(&window), Outcome::Failed("window_closed".into()));
        let busy = PlatformError::Api {
            code: -1,
            message: "system error".into(),
        };
        assert!(matches!(reason(&busy), Outcome::Retry(_)));
        let other = PlatformError::Api {
            code: 40003,
            message: "invalid openid".into(),
        };
        assert_eq!(
            reason(&other),
            Outcome::Failed("40003 invalid openid".into())
        );
        assert!(matches!(
            reason(&PlatformError::Network("refused".into())),
            Outcome::Retry(_)
        ));
    }

    #[test]
    fn limits_and_backoff() {
        assert!(fits(ChannelKind::Wechat, &"字".repeat(682)));
        assert!(!fits(ChannelKind::Wechat, &"字".repeat(683)));
        assert!(fits(ChannelKind::Weibo, &"字".repeat(300)));
        assert!(!fits(ChannelKind::Weibo, &"字".repeat(301)));
        assert_eq!(backoff(1), Duration::seconds(2));
        assert_eq!(backoff(9), Duration::seconds(16));
    }
}
