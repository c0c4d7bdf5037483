//! What a follower's WeChat message or event does (C4), once the callback
//! is proven WeChat's. A message with no conversation open may be answered
//! by a keyword reply at once (nothing is routed); any other message goes
//! into the follower's conversation through the same path as a web
//! visitor's, so routing, the bot, the queue and exactly-once storage apply
//! unchanged. Its client id is `wx-<MsgId>`: a retried callback finds the
//! stored message. Events change the follower once (`channel_events_seen`).

use model::channels::keyword_match;
use model::chat::{Attachment, Sender};

use super::replies::WechatContentService;
use super::xml::{Article, Inbound, InboundKind};
use crate::channels::accounts::channel_start;
use crate::channels::followers::{first_sight, FollowerChange, FollowerService};
use crate::channels::text_menu::{MenuStep, TextMenu};
use crate::channels::tokens::TokenCache;
use crate::chat::core::ChatCore;
use crate::chat::writer::{Append, Guard};
use crate::chat::{ConversationService, StartInfo};
use crate::entities::{channel_account, channel_follower};
use crate::error::{Error, Result};
use crate::files::FileStore;

/// A passive reply, in the callback's response.
#[derive(Debug, Clone, PartialEq)]
pub enum Passive {
    Text(String),
    News(Vec<Article>),
}

#[derive(Clone)]
pub(crate) struct WechatInbound {
    pub core: ChatCore,
    pub conversations: ConversationService,
    pub followers: FollowerService,
    pub content: WechatContentService,
    pub tokens: TokenCache,
    pub files: FileStore,
    pub menu: TextMenu,
}

/// The client id a message is stored under: `wx-` and the MsgId's digits.
pub(crate) fn client_id(message: &Inbound) -> String {
    let id: String = message
        .msg_id
        .as_deref()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(60)
        .collect();
    if id.is_empty() {
        // No MsgId (should not happen for messages): the sender and time.
        let time = message.create_time;
        let who: String = message
            .from_user
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .take(40)
            .collect();
        format!("wx-{who}-{time}")
    } else {
        format!("wx-{id}")
    }
}

/// How a message without a file reads to the agent.
pub(crate) fn text_of(kind: &InboundKind) -> Option<String> {
    Some(match kind {
        InboundKind::Text { content } => content.clone(),
        InboundKind::Location { lat, lng, label } => {
            format!("📍 {} ({lat}, {lng})", label.trim())
        }
        InboundKind::Link {
            title,
            description,
            url,
        } => [title.as_str(), description.as_str(), url.as_str()]
            .iter()
            .filter(|s| !s.trim().is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("\n"),
        InboundKind::Video { .. } => "[video]".into(),
        _ => return None,
    })
}

impl WechatInbound {
    pub async fn handle(
        &self,
        account: &channel_account::Model,
        message: &Inbound,
    ) -> Result<Option<Passive>> {
        let (change, is_event) = match &message.kind {
            InboundKind::Subscribe { scene } => (
                FollowerChange {
                    subscribed: Some(true),
                    scene: scene.clone(),
                    ..Default::default()
                },
                true,
            ),
            InboundKind::Unsubscribe => (
                FollowerChange {
                    subscribed: Some(false),
                    ..Default::default()
                },
                true,
            ),
            InboundKind::Scan { scene } => (
                FollowerChange {
                    scene: Some(scene.clone()),
                    ..Default::default()
                },
                true,
            ),
            InboundKind::ReportedLocation { lat, lng } | InboundKind::Location { lat, lng, .. } => {
                (
                    FollowerChange {
                        location: Some(format!("{lat},{lng}")),
                        ..Default::default()
                    },
                    matches!(message.kind, InboundKind::ReportedLocation { .. }),
                )
            }
            InboundKind::MenuClick { .. } | InboundKind::MenuView { .. } => {
                (FollowerChange::default(), true)
            }
            InboundKind::Other { msg_type } => {
                tracing::info!(
                    account = account.id,
                    msg_type,
                    "wechat message type ignored"
                );
                return Ok(None);
            }
            _ => (FollowerChange::default(), false),
        };
        let now = self.core.clock.now();
        let first_time =
            !is_event || first_sight(&self.core.db, now, account.id, &message.dedup_key()).await?;
        let follower = self
            .followers
            .follower(
                account,
                &message.from_user,
                None,
                if first_time {
                    change
                } else {
                    FollowerChange::default()
                },
            )
            .await?;
        self.followers.seen(follower.visitor_id).await?;
        match &message.kind {
            InboundKind::Subscribe { .. } => {
                let welcome = account.welcome_text.trim();
                Ok((!welcome.is_empty()).then(|| Passive::Text(welcome.to_owned())))
            }
            InboundKind::MenuClick { key } => self.keyword_reply(account.id, key).await,
            _ if is_event => Ok(None),
            kind => {
                let open = self
                    .core
                    .open_conversation_of(follower.visitor_id)
                    .await?
                    .is_some();
                let mut chosen = None;
                if let (false, InboundKind::Text { content }) = (open, kind) {
                    if let Some(reply) = self.keyword_reply(account.id, content).await? {
                        return Ok(Some(reply));
                    }
                    let key = format!("menu:{}", message.dedup_key());
                    let fresh = first_sight(&self.core.db, now, account.id, &key).await?;
                    match self.menu.step(&follower, content, fresh).await? {
                        MenuStep::Off => {}
                        MenuStep::Reply(text) => return Ok(Some(Passive::Text(text))),
                        MenuStep::Chosen { key, pending } => chosen = Some((key, pending)),
                    }
                }
                self.store(account, &follower, message, chosen).await?;
                Ok(None)
            }
        }
    }

    /// The account's keyword reply to `text`, if one matches and says
    /// something.
    async fn keyword_reply(&self, account_id: i32, text: &str) -> Result<Option<Passive>> {
        let replies = self.content.replies_of(account_id).await?;
        let Some(reply) = keyword_match(&replies, text) else {
            return Ok(None);
        };
        if let Some(news_id) = reply.news_id {
            return Ok(self.content.news_of(account_id, news_id).await?.map(|n| {
                Passive::News(vec![Article {
                    title: n.title,
                    description: n.description,
                    pic_url: n.cover_url,
                    url: n.url,
                }])
            }));
        }
        let text = reply.reply_text.trim();
        Ok((!text.is_empty()).then(|| Passive::Text(text.to_owned())))
    }

    /// Put a follower's message into their conversation (started now if
    /// none is open).
    async fn store(
        &self,
        account: &channel_account::Model,
        follower: &channel_follower::Model,
        message: &Inbound,
        chosen: Option<(String, Option<String>)>,
    ) -> Result<()> {
        let visitor = follower.visitor_id;
        let client_id = client_id(message);
        // A menu choice routes as its leaf says; the text written before
        // the menu is the conversation's first message.
        let (menu_item, pending) = match chosen {
            Some((key, pending)) => (Some(key), pending),
            None => (None, None),
        };
        let start = StartInfo {
            link: menu_item
                .as_ref()
                .map(|_| crate::chat::DEFAULT_LINK.to_owned()),
            lang: menu_item.as_ref().map(|_| "zh-CN".to_owned()),
            menu_item,
            channel: Some(channel_start(account)),
            ..Default::default()
        };
        if let Some(text) = pending.or_else(|| text_of(&message.kind)) {
            if text.trim().is_empty() {
                return Ok(());
            }
            let text: String = text.chars().take(model::chat::MESSAGE_MAX).collect();
            self.conversations
                .visitor_send(visitor, None, &client_id, &text, &start)
                .await?;
            return Ok(());
        }
        let (media_id, what, fallback) = match &message.kind {
            InboundKind::Image { media_id, pic_url } => {
                (media_id, "image", format!("[image] {pic_url}"))
            }
            InboundKind::Voice {
                media_id,
                recognition,
                ..
            } => (
                media_id,
                "voice",
                recognition.clone().unwrap_or_else(|| "[voice]".into()),
            ),
            _ => return Ok(()),
        };
        // A retried callback: stored already, nothing to download.
        if self
            .core
            .visitor_message_by_client_id(visitor, &client_id)
            .await?
            .is_some()
        {
            return Ok(());
        }
        let attachment = match self.download(account.id, media_id, what).await {
            Ok(a) => Some(a),
            Err(e) => {
                tracing::warn!(account = account.id, error = %e, "wechat media not fetched");
                None
            }
        };
        let body = match &attachment {
            Some(a) => a.name.clone(),
            None => fallback,
        };
        let conv = self
            .conversations
            .visitor_target(visitor, None, &start)
            .await?;
        let append = Append {
            conversation_id: conv.id,
            guard: Guard::Visitor(visitor),
            sender: Sender::Visitor,
            agent_id: None,
            client_id,
            body,
            system: None,
            internal: false,
            attachment: attachment.clone(),
            bot: None,
        };
        match self.core.store(append).await {
            Ok((_, true)) => Ok(()),
            other => {
                if let Some(a) = attachment {
                    self.files.remove(&a.key).await;
                }
                other.map(drop)
            }
        }
    }

    /// Fetch a follower's image or voice through the media API into the
    /// file store. Images must be an image type we accept; voice any audio.
    async fn download(&self, account_id: i32, media_id: &str, what: &str) -> Result<Attachment> {
        let platforms = self.tokens.platforms();
        let media = self
            .tokens
            .with_token(account_id, |token| async move {
                platforms.wechat_media(&token, media_id).await
            })
            .await
            .map_err(|e| Error::Internal(e.to_string()))?;
        let sniffed = infer::get(&media.bytes).map(|k| k.mime_type().to_owned());
        let (name, content_type) = match (what, sniffed) {
            ("image", _) => {
                let checked = crate::files::check("image", &media.bytes, self.files.max_bytes)?;
                if !checked.content_type.starts_with("image/") {
                    return Err(Error::field("file", "file_type"));
                }
                let ext = checked.content_type.trim_start_matches("image/").to_owned();
                (format!("image.{ext}"), checked.content_type)
            }
            (_, Some(t)) if t.starts_with("audio/") => {
                let ext = t.trim_start_matches("audio/").to_owned();
                (format!("voice.{ext}"), t)
            }
            _ => return Err(Error::field("file", "file_type")),
        };
        let key = self.files.save(&media.bytes).await?;
        Ok(Attachment {
            key,
            name,
            content_type,
            size: media.bytes.len() as i64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inbound(msg_id: Option<&str>, kind: InboundKind) -> Inbound {
        Inbound {
            to_user: "gh_1".into(),
            from_user: "oABC-123_x".into(),
            create_time: 1_700_000_000,
            msg_id: msg_id.map(str::to_owned),
            kind,
        }
    }

    #[test]
    fn client_ids_come_from_the_msg_id() {
        let text = InboundKind::Text {
            content: "hi".into(),
        };
        assert_eq!(
            client_id(&inbound(Some("6054768590064713728"), text.clone())),
            "wx-6054768590064713728"
        );
        assert_eq!(client_id(&inbound(None, text)), "wx-oABC-123_x-1700000000");
    }

    #[test]
    fn locations_and_links_read_as_text() {
        let place = InboundKind::Location {
            lat: "23.1".into(),
            lng: "113.3".into(),
            label: "广州塔".into(),
        };
        assert_eq!(text_of(&place).unwrap(), "📍 广州塔 (23.1, 113.3)");
        let link = InboundKind::Link {
            title: "标题".into(),
            description: "".into(),
            url: "https://example.com".into(),
        };
        assert_eq!(text_of(&link).unwrap(), "标题\nhttps://example.com");
        assert!(text_of(&InboundKind::Unsubscribe).is_none());
    }
}
