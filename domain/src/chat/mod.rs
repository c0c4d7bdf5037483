//! Live chat (C1, C3, W1, W4, W5, R1): visitors, conversations and messages
//! with exactly-once delivery. A message is stored (with its per-conversation
//! `seq`, deduplicated on the client's id) before it is acknowledged or
//! published through the hub.

pub mod assignment;
mod dto;
pub mod hours;
mod links;
mod routing;
mod survey;
mod timers;
mod uploads;
mod visitors;
mod writer;

use std::sync::Arc;

use model::chat::{
    Conversation, ConversationStatus, Message, Sender, ServerEvent, CLIENT_ID_MAX, MESSAGE_MAX,
};
use model::Permission;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::actor::Actor;
use crate::clock::Clock;
use crate::entities::{agent, chat_link, conversation, message, visitor};
use crate::error::{Error, Result};
use crate::files::FileStore;
use crate::hub::{Hub, Topic};
use crate::settings::SettingsService;
use crate::validate::Check;
use writer::{Append, Guard, Outcome, Writer};

/// Who acts on a conversation.
#[derive(Debug, Clone)]
pub enum Party {
    Visitor(i64),
    Agent(Actor),
}

pub use links::DEFAULT_LINK;
pub use model::chat::TransferTarget;
pub use timers::TimerRun;
pub use uploads::Upload;

pub const NOTE_MAX: usize = 500;

#[derive(Clone)]
pub struct ChatService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    hub: Hub,
    settings: SettingsService,
    files: FileStore,
    /// One assignment decision at a time in this process (R3 race-free).
    assign_lock: Arc<tokio::sync::Mutex<()>>,
    /// The queue places last sent, so only changes go out (R4).
    queue_sent: Arc<std::sync::Mutex<routing::QueueSent>>,
    /// Stores messages in group commits.
    writer: Writer,
}

impl ChatService {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, hub: Hub, files: FileStore) -> Self {
        let settings = SettingsService::new(db.clone());
        let writer = Writer::start(db.clone(), clock.clone(), hub.clone());
        Self {
            writer,
            db,
            clock,
            hub,
            settings,
            files,
            assign_lock: Arc::default(),
            queue_sent: Arc::default(),
        }
    }

    pub fn hub(&self) -> &Hub {
        &self.hub
    }

    // ---------------------------------------------------------------- reads

    async fn find(&self, id: i64) -> Result<conversation::Model> {
        conversation::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)
    }

    /// Load a conversation the party may see. Visitors see only their own;
    /// agents the ones assigned to them, or all with `ViewAllTranscripts`.
    async fn visible(&self, party: &Party, id: i64) -> Result<conversation::Model> {
        let conv = self.find(id).await?;
        let ok = match party {
            Party::Visitor(v) => conv.visitor_id == *v,
            Party::Agent(a) => {
                conv.agent_id == Some(a.agent_id) || a.can(Permission::ViewAllTranscripts)
            }
        };
        // Someone else's conversation looks the same as a missing one.
        if ok {
            Ok(conv)
        } else {
            Err(Error::NotFound)
        }
    }

    /// A conversation the agent may act on (send, end, transfer).
    async fn owned(&self, actor: &Actor, id: i64) -> Result<conversation::Model> {
        let conv = self.visible(&Party::Agent(actor.clone()), id).await?;
        if conv.agent_id != Some(actor.agent_id) {
            return Err(Error::Forbidden);
        }
        Ok(conv)
    }

    pub async fn get(&self, party: &Party, id: i64) -> Result<Conversation> {
        let conv = self.visible(party, id).await?;
        self.conversation_dto(conv).await
    }

    /// The agent's open conversations, newest activity first.
    pub async fn my_conversations(&self, actor: &Actor) -> Result<Vec<Conversation>> {
        let rows = conversation::Entity::find()
            .filter(conversation::Column::AgentId.eq(actor.agent_id))
            .filter(conversation::Column::Status.ne(ConversationStatus::Ended.key()))
            .order_by_desc(conversation::Column::Id)
            .all(&self.db)
            .await?;
        self.conversation_dtos(rows).await
    }

    /// Ended conversations the agent served (all of them with
    /// `ViewAllTranscripts`), newest first (W5).
    pub async fn ended_conversations(
        &self,
        actor: &Actor,
        limit: u64,
    ) -> Result<Vec<Conversation>> {
        let mut q = conversation::Entity::find()
            .filter(conversation::Column::Status.eq(ConversationStatus::Ended.key()));
        if !actor.can(Permission::ViewAllTranscripts) {
            q = q.filter(conversation::Column::AgentId.eq(actor.agent_id));
        }
        let rows = q
            .order_by_desc(conversation::Column::EndedAt)
            .limit(Ord::min(limit, 200))
            .all(&self.db)
            .await?;
        self.conversation_dtos(rows).await
    }

    /// Messages after `after_seq`, in order. Visitors never see internal notes.
    pub async fn history(
        &self,
        party: &Party,
        conversation_id: i64,
        after_seq: i64,
    ) -> Result<Vec<Message>> {
        self.visible(party, conversation_id).await?;
        let mut q = message::Entity::find()
            .filter(message::Column::ConversationId.eq(conversation_id))
            .filter(message::Column::Seq.gt(after_seq));
        if matches!(party, Party::Visitor(_)) {
            q = q.filter(message::Column::Internal.eq(false));
        }
        let rows = q.order_by_asc(message::Column::Seq).all(&self.db).await?;
        self.message_dtos(rows).await
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
        // With a conversation named, the writer checks it is theirs and open
        // as it writes (and answers retries): no reads first.
        let target = match conversation_id {
            Some(id) => id,
            None => {
                // A retry of a first message must not start a conversation.
                if let Some(existing) = self
                    .visitor_message_by_client_id(visitor_id, client_id)
                    .await?
                {
                    return Ok(existing);
                }
                match self.open_conversation_of(visitor_id).await? {
                    Some(conv) => conv.id,
                    None => self.start_conversation(visitor_id, start).await?.id,
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
            internal: false,
            attachment: None,
        };
        Ok(self.store(append).await?.0)
    }

    /// The conversation a visitor's message goes to: the one named (if it is
    /// theirs and still open), else their open one, else a new one.
    async fn visitor_target(
        &self,
        visitor_id: i64,
        conversation_id: Option<i64>,
        start: &StartInfo,
    ) -> Result<conversation::Model> {
        match conversation_id {
            Some(id) => {
                let conv = self.visible(&Party::Visitor(visitor_id), id).await?;
                if conv.status == ConversationStatus::Ended.key() {
                    return Err(Error::field("conversation_id", "conversation_ended"));
                }
                Ok(conv)
            }
            None => match self.open_conversation_of(visitor_id).await? {
                Some(conv) => Ok(conv),
                None => self.start_conversation(visitor_id, start).await,
            },
        }
    }

    /// An agent's target conversation: assigned to them and still open.
    async fn agent_target(
        &self,
        actor: &Actor,
        conversation_id: i64,
    ) -> Result<conversation::Model> {
        let conv = self.owned(actor, conversation_id).await?;
        if conv.status == ConversationStatus::Ended.key() {
            return Err(Error::field("conversation_id", "conversation_ended"));
        }
        Ok(conv)
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
            internal: false,
            attachment: None,
        };
        Ok(self.store(append).await?.0)
    }

    /// A message from the system or on behalf of someone whose right to
    /// write the caller already checked.
    async fn append(
        &self,
        conv: &conversation::Model,
        sender: Sender,
        agent_id: Option<i32>,
        client_id: &str,
        body: &str,
        internal: bool,
    ) -> Result<(Message, bool)> {
        self.store(Append {
            conversation_id: conv.id,
            guard: Guard::Any,
            sender,
            agent_id,
            client_id: client_id.to_owned(),
            body: body.to_owned(),
            internal,
            attachment: None,
        })
        .await
    }

    /// Store one message with the next seq, exactly once per client id, then
    /// publish it. Returns the stored message and whether it is new.
    async fn store(&self, append: Append) -> Result<(Message, bool)> {
        let (conversation_id, guard) = (append.conversation_id, append.guard);
        // Kept for the rare refused retry below; the append goes to the writer.
        let client_id = append.client_id.clone();
        let outcome = self.writer.append(append).await?;
        match outcome {
            Outcome::Stored {
                message,
                conversation,
                first_reply,
            } => {
                // The writer has published the message; the first reply
                // also clears the unanswered alert (R10).
                if first_reply && conversation.alerted_at.is_some() {
                    self.publish_conversation(&conversation, None).await?;
                }
                Ok((message, true))
            }
            Outcome::Existing(message) => Ok((message, false)),
            Outcome::Taken => Err(Error::field("client_id", "duplicate")),
            Outcome::Refused => {
                // A retry whose conversation ended (and another began) since
                // the first attempt was stored: that message is the answer.
                if let Guard::Visitor(v) = guard {
                    if let Some(stored) = self.visitor_message_by_client_id(v, &client_id).await? {
                        return Ok((stored, false));
                    }
                }
                Err(self.refusal(guard, conversation_id).await)
            }
        }
    }

    /// Why the writer refused a message: the error its sender sees.
    async fn refusal(&self, guard: Guard, conversation_id: i64) -> Error {
        let conv = match self.find(conversation_id).await {
            Ok(conv) => conv,
            Err(e) => return e,
        };
        match guard {
            Guard::Any => Error::NotFound,
            // Someone else's conversation looks the same as a missing one.
            Guard::Visitor(v) if conv.visitor_id != v => Error::NotFound,
            // Transferred away meanwhile.
            Guard::Agent(a) if conv.agent_id != Some(a) => Error::Forbidden,
            _ => Error::field("conversation_id", "conversation_ended"),
        }
    }

    async fn visitor_message_by_client_id(
        &self,
        visitor_id: i64,
        client_id: &str,
    ) -> Result<Option<Message>> {
        // One query: the visitor's conversations as a subquery.
        let theirs = sea_orm::sea_query::Query::select()
            .column(conversation::Column::Id)
            .from(conversation::Entity)
            .and_where(conversation::Column::VisitorId.eq(visitor_id))
            .to_owned();
        let row = message::Entity::find()
            .filter(message::Column::ConversationId.in_subquery(theirs))
            .filter(message::Column::ClientId.eq(client_id))
            .filter(message::Column::Sender.eq(Sender::Visitor.key()))
            .one(&self.db)
            .await?;
        match row {
            Some(r) => Ok(self.message_dtos(vec![r]).await?.pop()),
            None => Ok(None),
        }
    }

    pub(crate) async fn open_conversation_of(
        &self,
        visitor_id: i64,
    ) -> Result<Option<conversation::Model>> {
        Ok(conversation::Entity::find()
            .filter(conversation::Column::VisitorId.eq(visitor_id))
            .filter(conversation::Column::Status.ne(ConversationStatus::Ended.key()))
            .order_by_desc(conversation::Column::Id)
            .one(&self.db)
            .await?)
    }

    async fn start_conversation(
        &self,
        visitor_id: i64,
        start: &StartInfo,
    ) -> Result<conversation::Model> {
        let link = match &start.link {
            Some(slug) => {
                chat_link::Entity::find()
                    .filter(chat_link::Column::Slug.eq(slug.as_str()))
                    .one(&self.db)
                    .await?
            }
            None => None,
        };
        let conv = conversation::ActiveModel {
            visitor_id: Set(visitor_id),
            link_id: Set(link.as_ref().map(|l| l.id)),
            channel: Set("web".into()),
            status: Set(ConversationStatus::Queued.key().into()),
            agent_id: Set(None),
            group_id: Set(link.as_ref().and_then(|l| l.group_id)),
            source_url: Set(start.source_url.clone()),
            last_seq: Set(0),
            agent_read_seq: Set(0),
            visitor_read_seq: Set(0),
            last_message: Set(None),
            started_at: Set(self.clock.now()),
            ended_at: Set(None),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        let welcome = self.settings.widget().await?.welcome_message;
        if !welcome.trim().is_empty() {
            self.append(&conv, Sender::System, None, "sys:welcome", &welcome, false)
                .await?;
        }
        self.assign_new(conv).await
    }

    /// End a conversation, by its visitor or its agent.
    pub async fn end(&self, party: &Party, id: i64) -> Result<Conversation> {
        let conv = match party {
            Party::Agent(actor) => self.owned(actor, id).await?,
            Party::Visitor(_) => self.visible(party, id).await?,
        };
        if conv.status == ConversationStatus::Ended.key() {
            return self.conversation_dto(conv).await;
        }
        let key = match party {
            Party::Agent(_) => "system.ended_by_agent",
            Party::Visitor(_) => "system.ended_by_visitor",
        };
        self.finish(conv, key).await
    }

    /// End an open conversation with a last system line, free the agent's
    /// capacity for the queue. Ending twice (a timer racing a click) is a
    /// no-op the second time.
    pub(crate) async fn finish(
        &self,
        conv: conversation::Model,
        line: &str,
    ) -> Result<Conversation> {
        Ok(self.finish_if(conv, line, Condition::all()).await?.0)
    }

    /// `finish`, but only while `guard` still holds for the stored row (a
    /// timer's reason to end it). Returns the conversation and whether this
    /// call ended it.
    pub(crate) async fn finish_if(
        &self,
        conv: conversation::Model,
        line: &str,
        guard: Condition,
    ) -> Result<(Conversation, bool)> {
        let ended = conversation::Entity::update_many()
            .col_expr(
                conversation::Column::Status,
                Expr::value(ConversationStatus::Ended.key()),
            )
            .col_expr(conversation::Column::EndedAt, Expr::value(self.clock.now()))
            .filter(conversation::Column::Id.eq(conv.id))
            .filter(conversation::Column::Status.ne(ConversationStatus::Ended.key()))
            .filter(guard)
            .exec(&self.db)
            .await?
            .rows_affected
            == 1;
        if ended {
            self.append(
                &conv,
                Sender::System,
                None,
                &format!("sys:end-{}", conv.id),
                line,
                false,
            )
            .await?;
        }
        let row = self.find(conv.id).await?;
        if ended {
            self.publish_conversation(&row, None).await?;
            self.assign_queued().await?;
        }
        Ok((self.conversation_dto(row).await?, ended))
    }

    /// Hand a conversation to another agent or group with a note for the
    /// receiver (W4). The visitor sees a system line.
    pub async fn transfer(
        &self,
        actor: &Actor,
        id: i64,
        target: TransferTarget,
        note: &str,
    ) -> Result<Conversation> {
        let conv = self.owned(actor, id).await?;
        if conv.status == ConversationStatus::Ended.key() {
            return Err(Error::field("conversation_id", "conversation_ended"));
        }
        let mut check = Check::new();
        let note = check
            .optional_text("note", Some(note), NOTE_MAX)
            .unwrap_or_default();
        let (to_agent, group_id) = match target {
            TransferTarget::Agent(a) => {
                let found = agent::Entity::find_by_id(a).one(&self.db).await?;
                match found {
                    Some(ag) if ag.enabled && ag.id != actor.agent_id => {
                        (Some(ag.id), conv.group_id)
                    }
                    Some(ag) if ag.id == actor.agent_id => {
                        check.fail("target", "same_agent");
                        (None, None)
                    }
                    _ => {
                        check.fail("target", "not_found");
                        (None, None)
                    }
                }
            }
            TransferTarget::Group(g) => {
                if crate::entities::agent_group::Entity::find_by_id(g)
                    .one(&self.db)
                    .await?
                    .is_none()
                {
                    check.fail("target", "not_found");
                }
                (None, Some(g))
            }
        };
        check.finish()?;
        let previous = conv.agent_id;
        // Move it: straight to the chosen agent, or into the group's queue,
        // from where the group's rules pick someone other than the sender
        // (the same guarded assignment as for new visitors).
        let mut row: conversation::ActiveModel = self.find(id).await?.into();
        row.agent_id = Set(to_agent);
        row.group_id = Set(group_id);
        row.agent_read_seq = Set(0);
        row.assigned_at = Set(to_agent.map(|_| self.clock.now()));
        row.agent_replied_at = Set(None);
        row.alerted_at = Set(None);
        row.status = Set(if to_agent.is_some() {
            ConversationStatus::Active
        } else {
            ConversationStatus::Queued
        }
        .key()
        .into());
        let mut moved = row.update(&self.db).await?;
        if to_agent.is_none() {
            let _turn = self.assign_lock.lock().await;
            moved = self.assign_locked(moved, Some(actor.agent_id)).await?;
        }
        // The receiver learns of the conversation before its first new line.
        self.publish_conversation(&moved, previous).await?;
        let from_name = agent_name(&self.db, actor.agent_id).await?;
        let to_name = match moved.agent_id {
            Some(a) => agent_name(&self.db, a).await?,
            None => "queue".into(),
        };
        let stamp = self.clock.now().timestamp_millis();
        let internal = format!(
            "{from_name} → {to_name}{}",
            if note.is_empty() {
                String::new()
            } else {
                format!(": {note}")
            }
        );
        self.append(
            &moved,
            Sender::System,
            Some(actor.agent_id),
            &format!("sys:note-{stamp}"),
            &internal,
            true,
        )
        .await?;
        self.append(
            &moved,
            Sender::System,
            None,
            &format!("sys:transfer-{stamp}"),
            "system.transferred",
            false,
        )
        .await?;
        let moved = self.find(id).await?;
        if moved.agent_id.is_none() {
            self.publish_queue().await?;
        }
        self.conversation_dto(moved).await
    }

    pub async fn mark_read(&self, party: &Party, id: i64, seq: i64) -> Result<()> {
        let conv = self.visible(party, id).await?;
        let seq = seq.clamp(0, conv.last_seq);
        let col = match party {
            Party::Visitor(_) => conversation::Column::VisitorReadSeq,
            Party::Agent(_) => conversation::Column::AgentReadSeq,
        };
        conversation::Entity::update_many()
            .col_expr(col, Expr::value(seq))
            .filter(conversation::Column::Id.eq(id))
            .filter(col.lt(seq))
            .exec(&self.db)
            .await?;
        let conv = self.find(id).await?;
        self.publish_conversation(&conv, None).await
    }

    /// Typing indicators are not stored; they only go to the other side.
    pub async fn typing(&self, party: &Party, id: i64, typing: bool) -> Result<()> {
        let conv = self.visible(party, id).await?;
        match party {
            Party::Visitor(_) => {
                if let Some(a) = conv.agent_id {
                    self.hub.publish(
                        Topic::Agent(a),
                        ServerEvent::Typing {
                            conversation_id: id,
                            sender: Sender::Visitor,
                            typing,
                        },
                    );
                }
            }
            Party::Agent(_) => self.hub.publish(
                Topic::Visitor(conv.visitor_id),
                ServerEvent::Typing {
                    conversation_id: id,
                    sender: Sender::Agent,
                    typing,
                },
            ),
        }
        Ok(())
    }

    /// Tell the visitor and the agent (and a previous agent) about a
    /// conversation's new state. Queue changes go out in `publish_queue`.
    async fn publish_conversation(
        &self,
        conv: &conversation::Model,
        previous_agent: Option<i32>,
    ) -> Result<()> {
        let dto = self.conversation_dto(conv.clone()).await?;
        let event = ServerEvent::Conversation { conversation: dto };
        self.hub
            .publish(Topic::Visitor(conv.visitor_id), event.clone());
        if let Some(a) = conv.agent_id {
            self.hub.publish(Topic::Agent(a), event.clone());
        }
        if let Some(p) = previous_agent.filter(|p| Some(*p) != conv.agent_id) {
            self.hub.publish(Topic::Agent(p), event);
        }
        Ok(())
    }
}

/// Where a new conversation comes from.
#[derive(Debug, Clone, Default)]
pub struct StartInfo {
    pub link: Option<String>,
    pub source_url: Option<String>,
}

/// Client ids are letters, digits, `-` and `_`; the server's own messages use
/// `sys:…` ids, which no client can send.
fn check_message(client_id: &str, body: &str) -> Result<String> {
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

async fn agent_name(db: &DatabaseConnection, id: i32) -> Result<String> {
    Ok(agent::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|a| a.display_name)
        .unwrap_or_default())
}

pub(crate) fn visitor_display_name(v: &visitor::Model) -> String {
    v.name.clone()
}

impl ChatService {
    /// Who an agent may transfer to: other enabled agents and all groups.
    pub async fn transfer_targets(&self, actor: &Actor) -> Result<model::chat::TransferTargets> {
        self.agents_and_groups(Some(actor.agent_id)).await
    }

    /// The widget's look for a chat link; `NotFound` for an unknown link.
    pub async fn public_widget(&self, link: &str) -> Result<model::chat::WidgetSettings> {
        if !self.link_exists(link).await? {
            return Err(Error::NotFound);
        }
        self.settings.widget().await
    }
}
