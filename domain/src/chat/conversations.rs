//! Conversations (W1, W5, R1): starting one, sending through the writer,
//! reading history, read state, typing, and ending. A message is stored
//! (with its per-conversation `seq`, deduplicated on the client's id) before
//! it is acknowledged or published.

use model::chat::{
    Conversation, ConversationStatus, Message, Sender, ServerEvent, SystemLine, CLIENT_ID_MAX,
    MESSAGE_MAX,
};
use model::Permission;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};

use super::core::ChatCore;
use super::writer::{Append, Guard};
use super::{Party, StartInfo};
use crate::actor::Actor;
use crate::bot::BotService;
use crate::entities::{chat_link, conversation, message};
use crate::error::{Error, Result};
use crate::hub::Topic;
use crate::routing::nav_menus::NavMenuService;
use crate::routing::queue::QueueService;
use crate::routing::routing_rules::RoutingRuleService;
use crate::settings::SettingsService;
use crate::validate::Check;

/// Most ended conversations one history page lists.
const ENDED_LIMIT: u64 = 200;
/// Longest page address a conversation keeps (its column's size).
pub const PAGE_URL_MAX: usize = 2048;
/// Longest chat link name a new conversation may name.
pub const LINK_MAX: usize = 64;
/// An app's name (C6), as conversations keep it.
pub const APP_NAME_MAX: usize = 64;

/// Where a new conversation comes from, checked: over-long values are
/// field errors (`page_url`, `link`, `app`), never a failed insert.
fn check_start(start: &StartInfo, check: &mut Check) {
    if let Some(url) = &start.source_url {
        check.max_len("page_url", url, PAGE_URL_MAX);
    }
    if let Some(link) = &start.link {
        check.max_len("link", link, LINK_MAX);
    }
    if let Some(app) = &start.app {
        check.max_len("app", app, APP_NAME_MAX);
    }
    if let Some(referrer) = &start.referrer {
        check.max_len("referrer", referrer, PAGE_URL_MAX);
    }
    if let Some(item) = &start.menu_item {
        check.max_len("menu_item", item, model::routing::MENU_KEY_MAX);
    }
    if let Some(lang) = &start.lang {
        check.max_len("lang", lang, 16);
    }
}

#[derive(Clone)]
pub struct ConversationService {
    core: ChatCore,
    queue: QueueService,
    settings: SettingsService,
    /// Where a new conversation goes (P1, P2).
    routing: RoutingRuleService,
    menus: NavMenuService,
    /// Chats that start with the FAQ bot, and its answers (P3).
    bot: BotService,
}

impl ConversationService {
    pub(crate) fn new(
        core: ChatCore,
        queue: QueueService,
        settings: SettingsService,
        (routing, menus, bot): (RoutingRuleService, NavMenuService, BotService),
    ) -> Self {
        Self {
            routing,
            menus,
            bot,
            core,
            queue,
            settings,
        }
    }

    // ---------------------------------------------------------------- reads

    pub async fn get(&self, party: &Party, id: i64) -> Result<Conversation> {
        let conv = self.core.visible(party, id).await?;
        self.core.conversation_dto(conv).await
    }

    /// The agent's open conversations, newest first.
    pub async fn my_conversations(&self, actor: &Actor) -> Result<Vec<Conversation>> {
        let rows = conversation::Entity::find()
            .filter(conversation::Column::AgentId.eq(actor.agent_id))
            .filter(conversation::Column::Status.ne(ConversationStatus::Ended))
            .order_by_desc(conversation::Column::Id)
            .all(&self.core.db)
            .await?;
        self.core.conversation_dtos(rows).await
    }

    /// Ended conversations the agent served (all of them with
    /// `ViewAllTranscripts`), newest first (W5).
    pub async fn ended_conversations(
        &self,
        actor: &Actor,
        limit: u64,
    ) -> Result<Vec<Conversation>> {
        let mut q = conversation::Entity::find()
            .filter(conversation::Column::Status.eq(ConversationStatus::Ended));
        if !actor.can(Permission::ViewAllTranscripts) {
            q = q.filter(conversation::Column::AgentId.eq(actor.agent_id));
        }
        let rows = q
            .order_by_desc(conversation::Column::EndedAt)
            .limit(Ord::min(limit, ENDED_LIMIT))
            .all(&self.core.db)
            .await?;
        self.core.conversation_dtos(rows).await
    }

    /// Messages after `after_seq`, in order. Visitors never see internal notes.
    pub async fn history(
        &self,
        party: &Party,
        conversation_id: i64,
        after_seq: i64,
    ) -> Result<Vec<Message>> {
        self.core.visible(party, conversation_id).await?;
        let mut q = message::Entity::find()
            .filter(message::Column::ConversationId.eq(conversation_id))
            .filter(message::Column::Seq.gt(after_seq));
        if matches!(party, Party::Visitor(_)) {
            q = q.filter(message::Column::Internal.eq(false));
        }
        let rows = q
            .order_by_asc(message::Column::Seq)
            .all(&self.core.db)
            .await?;
        self.core.message_dtos(rows).await
    }

    // ---------------------------------------------------------------- writes

    /// A visitor's message. Without `conversation_id` it goes to the visitor's
    /// open conversation, or starts one (welcome message, assignment).
    pub async fn visitor_send(
        &self,
        visitor_id: i64,
        conversation_id: Option<i64>,
        client_id: &str,
        body: &str,
        start: &StartInfo,
    ) -> Result<Message> {
        let body = check_message(client_id, body)?;
        let mut check = Check::new();
        check_start(start, &mut check);
        check.finish()?;
        // With a conversation named, the writer checks it is theirs and open
        // as it writes (and answers retries): no reads first.
        let target = match conversation_id {
            Some(id) => id,
            None => {
                // A retry of a first message must not start a conversation.
                if let Some(existing) = self
                    .core
                    .visitor_message_by_client_id(visitor_id, client_id)
                    .await?
                {
                    return Ok(existing);
                }
                match self.core.open_conversation_of(visitor_id).await? {
                    Some(conv) => conv.id,
                    None => self.start(visitor_id, start).await?.id,
                }
            }
        };
        let append = Append {
            conversation_id: target,
            guard: Guard::Visitor(visitor_id),
            sender: Sender::Visitor,
            agent_id: None,
            client_id: client_id.to_owned(),
            body,
            system: None,
            internal: false,
            attachment: None,
            bot: None,
        };
        let (message, conv) = self.core.store_returning(append).await?;
        // A new question in a chat with the bot gets its answer before
        // the visitor's acknowledgement: the bot never makes them wait
        // long (an index lookup), and a retry finds it answered.
        if let Some(conv) = conv.filter(|c| c.status == ConversationStatus::Bot) {
            if let Err(e) = self.bot.on_question(&conv, &message).await {
                tracing::error!(conversation = conv.id, error = %e, "the bot could not answer");
            }
        }
        Ok(message)
    }

    /// A visitor's open conversation, or a new one started now with `start`
    /// (a navigation menu choice starts the chat before any message).
    pub async fn visitor_open(&self, visitor_id: i64, start: &StartInfo) -> Result<Conversation> {
        let mut check = Check::new();
        check_start(start, &mut check);
        check.finish()?;
        let conv = match self.core.open_conversation_of(visitor_id).await? {
            Some(conv) => conv,
            None => self.start(visitor_id, start).await?,
        };
        self.core.conversation_dto(conv).await
    }

    /// The conversation a visitor's message goes to: the one named (if it is
    /// theirs and still open), else their open one, else a new one.
    pub(crate) async fn visitor_target(
        &self,
        visitor_id: i64,
        conversation_id: Option<i64>,
        start: &StartInfo,
    ) -> Result<conversation::Model> {
        let mut check = Check::new();
        check_start(start, &mut check);
        check.finish()?;
        match conversation_id {
            Some(id) => {
                let conv = self.core.visible(&Party::Visitor(visitor_id), id).await?;
                open(conv)
            }
            None => match self.core.open_conversation_of(visitor_id).await? {
                Some(conv) => Ok(conv),
                None => self.start(visitor_id, start).await,
            },
        }
    }

    /// An agent's target conversation: assigned to them and still open.
    pub(crate) async fn agent_target(
        &self,
        actor: &Actor,
        conversation_id: i64,
    ) -> Result<conversation::Model> {
        open(self.core.owned(actor, conversation_id).await?)
    }

    pub async fn agent_send(
        &self,
        actor: &Actor,
        conversation_id: i64,
        client_id: &str,
        body: &str,
    ) -> Result<Message> {
        let body = check_message(client_id, body)?;
        let conv = self.agent_target(actor, conversation_id).await?;
        let append = Append {
            conversation_id: conv.id,
            guard: Guard::Agent(actor.agent_id),
            sender: Sender::Agent,
            agent_id: Some(actor.agent_id),
            client_id: client_id.to_owned(),
            body,
            system: None,
            internal: false,
            attachment: None,
            bot: None,
        };
        Ok(self.core.store(append).await?.0)
    }

    /// A new conversation from the link it came through: welcome message
    /// (R1), then an agent or the queue.
    async fn start(&self, visitor_id: i64, start: &StartInfo) -> Result<conversation::Model> {
        let app = start
            .app
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned);
        let link = match &start.link {
            Some(slug) => {
                chat_link::Entity::find()
                    .filter(chat_link::Column::Slug.eq(slug.as_str()))
                    .one(&self.core.db)
                    .await?
            }
            None => None,
        };
        // A link that requires a verified identity takes chats only from
        // visitors who have one, however they reached it (C3, C6).
        if link.as_ref().is_some_and(|l| l.identity_required)
            && !crate::customers::access::is_verified_visitor(&self.core.db, visitor_id).await?
        {
            return Err(Error::field("identity", "identity_required"));
        }
        let platform = start.channel.as_ref();
        let channel = match (platform, &app) {
            (Some(p), _) => p.kind.key(),
            (None, Some(_)) => "app",
            (None, None) => "web",
        };
        let channel_name = match platform {
            Some(p) => Some(p.account_name.clone()),
            None => app,
        };
        let routed = self
            .routing
            .route_start(&self.menus, visitor_id, link.as_ref(), channel, start)
            .await?;
        let group = routed
            .group_id
            .or_else(|| link.as_ref().and_then(|l| l.group_id));
        let with_bot = self
            .bot
            .starts_with_bot(
                link.as_ref(),
                group,
                (channel, platform.and_then(|p| p.bot_mode)),
            )
            .await?;
        let conv = conversation::ActiveModel {
            visitor_id: Set(visitor_id),
            link_id: Set(link.as_ref().map(|l| l.id)),
            channel: Set(channel.into()),
            channel_name: Set(channel_name),
            channel_account_id: Set(platform.map(|p| p.account_id)),
            status: Set(if with_bot {
                ConversationStatus::Bot
            } else {
                ConversationStatus::Queued
            }),
            bot_handled: Set(with_bot),
            agent_id: Set(None),
            group_id: Set(routed
                .group_id
                .or_else(|| link.as_ref().and_then(|l| l.group_id))),
            target_agent_id: Set(routed.target_agent_id),
            route_rule_id: Set(routed.decision.rule_id),
            routing: Set(routed.decision_json()),
            menu_item: Set(routed.menu_item.clone()),
            visitor_region: Set(routed.region.clone()),
            referrer_url: Set(routed.referrer_url.clone()),
            search_engine: Set(routed.engine.clone()),
            search_keyword: Set(routed.keyword.clone()),
            source_url: Set(start.source_url.clone()),
            last_seq: Set(0),
            agent_read_seq: Set(0),
            visitor_read_seq: Set(0),
            last_message: Set(None),
            started_at: Set(self.core.clock.now()),
            ended_at: Set(None),
            ..Default::default()
        }
        .insert(&self.core.db)
        .await;
        let conv = match conv {
            Ok(conv) => conv,
            // Another tab or process started this visitor's conversation
            // first (one open conversation per visitor): use theirs.
            Err(e) if crate::people::is_unique_violation(&e) => {
                return self
                    .core
                    .open_conversation_of(visitor_id)
                    .await?
                    .ok_or(Error::Db(e));
            }
            Err(e) => return Err(e.into()),
        };
        let welcome = self.settings.widget().await?.welcome_message;
        if !welcome.trim().is_empty() {
            self.core
                .system_line(&conv, None, "sys:welcome", SystemLine::Welcome, &welcome)
                .await?;
        }
        if with_bot {
            self.bot.greet(&conv, start.lang.as_deref()).await?;
            let conv = self.core.find(conv.id).await?;
            self.core.publish_conversation(&conv, None).await?;
            return Ok(conv);
        }
        self.queue.assign_new(conv).await
    }

    /// How a conversation was routed and where its visitor came from, for
    /// an agent who may see the conversation.
    pub async fn routing(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<model::routing::ConversationRouting> {
        let conv = self.core.visible(&Party::Agent(actor.clone()), id).await?;
        Ok(model::routing::ConversationRouting {
            region: conv.visitor_region,
            referrer: conv.referrer_url,
            engine: conv
                .search_engine
                .as_deref()
                .and_then(model::routing::SearchEngine::from_key),
            keyword: conv.search_keyword,
            landing_page: conv.source_url,
            decision: conv
                .routing
                .as_deref()
                .and_then(|j| serde_json::from_str(j).ok())
                .unwrap_or_default(),
        })
    }

    /// End a conversation, by its visitor or its agent.
    pub async fn end(&self, party: &Party, id: i64) -> Result<Conversation> {
        let conv = match party {
            Party::Agent(actor) => self.core.owned(actor, id).await?,
            Party::Visitor(_) => self.core.visible(party, id).await?,
        };
        if conv.status == ConversationStatus::Ended {
            return self.core.conversation_dto(conv).await;
        }
        let line = match party {
            Party::Agent(_) => SystemLine::EndedByAgent,
            Party::Visitor(_) => SystemLine::EndedByVisitor,
        };
        Ok(self.finish_if(conv, (line, ""), Condition::all()).await?.0)
    }

    /// End an open conversation with a last system line (and its words, if
    /// any) while `guard` still
    /// holds for the stored row (a timer's reason to end it), then free the
    /// agent's capacity for the queue. Ending twice (a timer racing a click)
    /// is a no-op the second time. Returns the conversation and whether this
    /// call ended it.
    pub(crate) async fn finish_if(
        &self,
        conv: conversation::Model,
        (line, body): (SystemLine, &str),
        guard: Condition,
    ) -> Result<(Conversation, bool)> {
        let ended = conversation::Entity::update_many()
            .col_expr(
                conversation::Column::Status,
                Expr::value(ConversationStatus::Ended),
            )
            .col_expr(
                conversation::Column::EndedAt,
                Expr::value(self.core.clock.now()),
            )
            .filter(conversation::Column::Id.eq(conv.id))
            .filter(conversation::Column::Status.ne(ConversationStatus::Ended))
            .filter(guard)
            .exec(&self.core.db)
            .await?
            .rows_affected
            == 1;
        if ended {
            let client_id = format!("sys:end-{}", conv.id);
            self.core
                .system_line(&conv, None, &client_id, line, body)
                .await?;
        }
        let row = self.core.find(conv.id).await?;
        if ended {
            crate::reports::facts::refresh(&self.core.db, conv.id, self.core.clock.now()).await;
            self.core.publish_conversation(&row, None).await?;
            self.queue.drain().await?;
        }
        Ok((self.core.conversation_dto(row).await?, ended))
    }

    /// The reader has seen everything up to `seq`.
    pub async fn mark_read(&self, party: &Party, id: i64, seq: i64) -> Result<()> {
        let conv = self.core.participant(party, id).await?;
        let seq = seq.clamp(0, conv.last_seq);
        let col = match party {
            Party::Visitor(_) => conversation::Column::VisitorReadSeq,
            Party::Agent(_) => conversation::Column::AgentReadSeq,
        };
        conversation::Entity::update_many()
            .col_expr(col, Expr::value(seq))
            .filter(conversation::Column::Id.eq(id))
            .filter(col.lt(seq))
            .exec(&self.core.db)
            .await?;
        let conv = self.core.find(id).await?;
        self.core.publish_conversation(&conv, None).await
    }

    /// Typing indicators are not stored; they only go to the other side.
    pub async fn typing(&self, party: &Party, id: i64, typing: bool) -> Result<()> {
        let conv = self.core.participant(party, id).await?;
        let (topic, sender) = match party {
            Party::Visitor(_) => match conv.agent_id {
                Some(a) => (Topic::Agent(a), Sender::Visitor),
                None => return Ok(()),
            },
            Party::Agent(_) => (Topic::Visitor(conv.visitor_id), Sender::Agent),
        };
        self.core.hub.publish(
            topic,
            ServerEvent::Typing {
                conversation_id: id,
                sender,
                typing,
            },
        );
        Ok(())
    }
}

/// A conversation that can still take messages.
fn open(conv: conversation::Model) -> Result<conversation::Model> {
    if conv.status == ConversationStatus::Ended {
        return Err(Error::field("conversation_id", "conversation_ended"));
    }
    Ok(conv)
}

/// Client ids are letters, digits, `-` and `_`; the server's own messages use
/// `sys:…` ids, which no client can send.
pub(crate) fn check_message(client_id: &str, body: &str) -> Result<String> {
    let mut check = Check::new();
    if client_id.is_empty()
        || client_id.len() > CLIENT_ID_MAX
        || !client_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        check.fail("client_id", "invalid_client_id");
    }
    let body = check.required_text("body", body, MESSAGE_MAX);
    check.finish()?;
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_ids_exclude_the_servers_own() {
        assert!(check_message("abc-1_2", "hi").is_ok());
        assert!(check_message("sys:welcome", "hi").is_err());
        assert!(check_message("", "hi").is_err());
        assert!(check_message(&"a".repeat(CLIENT_ID_MAX + 1), "hi").is_err());
        assert!(check_message("abc", "  ").is_err());
    }
}
