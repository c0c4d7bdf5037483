//! What every conversation service shares: the connection, the clock, the
//! hub and the message writer, with the reads that decide who may see a
//! conversation, the system lines the services add, and the publishing of a
//! conversation's new state.

use std::sync::Arc;

use model::chat::{Conversation, ConversationStatus, Message, Sender, ServerEvent, SystemLine};
use model::Permission;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::dto;
use super::writer::{Append, Guard, Outcome, Writer};
use super::Party;
use crate::actor::Actor;
use crate::clock::Clock;
use crate::entities::{conversation, message};
use crate::error::{Error, Result};
use crate::hub::{Hub, Topic};

#[derive(Clone)]
pub(crate) struct ChatCore {
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
    pub hub: Hub,
    /// Stores messages in group commits.
    writer: Writer,
    /// Wakes the delivery worker (C4, C5) after messages for a platform's
    /// follower were stored.
    outbox: Arc<tokio::sync::Notify>,
}

/// Whether an agent may read a conversation: theirs, every one with
/// "view all transcripts", and every ended one with "QA" (a reviewer
/// scores what they read, M4). The one rule for every path (chat,
/// tickets…).
pub(crate) fn agent_sees(actor: &Actor, conv: &conversation::Model) -> bool {
    conv.agent_id == Some(actor.agent_id)
        || actor.can(Permission::ViewAllTranscripts)
        || (conv.ended_at.is_some() && actor.can(Permission::Qa))
}

impl ChatCore {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, hub: Hub) -> Self {
        let outbox = Arc::new(tokio::sync::Notify::new());
        let writer = Writer::start(db.clone(), clock.clone(), hub.clone(), outbox.clone());
        Self {
            db,
            clock,
            hub,
            writer,
            outbox,
        }
    }

    /// What the delivery worker waits on.
    pub fn outbox(&self) -> Arc<tokio::sync::Notify> {
        self.outbox.clone()
    }

    // ---------------------------------------------------------------- reads

    pub async fn find(&self, id: i64) -> Result<conversation::Model> {
        conversation::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)
    }

    /// Load a conversation the party may see. Visitors see only their own;
    /// agents as [`agent_sees`] says.
    pub async fn visible(&self, party: &Party, id: i64) -> Result<conversation::Model> {
        let conv = self.find(id).await?;
        let ok = match party {
            Party::Visitor(v) => conv.visitor_id == *v,
            Party::Agent(a) => agent_sees(a, &conv),
        };
        // Someone else's conversation looks the same as a missing one.
        if ok {
            Ok(conv)
        } else {
            Err(Error::NotFound)
        }
    }

    /// A conversation the agent may act on (send, end, transfer).
    pub async fn owned(&self, actor: &Actor, id: i64) -> Result<conversation::Model> {
        let conv = self.visible(&Party::Agent(actor.clone()), id).await?;
        if conv.agent_id != Some(actor.agent_id) {
            return Err(Error::Forbidden);
        }
        Ok(conv)
    }

    /// A conversation this party takes part in: the visitor's own, or the
    /// agent's assigned one. Reading state and typing belong to the two
    /// people in the chat; a supervisor who may watch it stays read-only.
    pub async fn participant(&self, party: &Party, id: i64) -> Result<conversation::Model> {
        match party {
            Party::Visitor(_) => self.visible(party, id).await,
            Party::Agent(actor) => self.owned(actor, id).await,
        }
    }

    /// The visitor's open conversation (a visitor has at most one).
    pub async fn open_conversation_of(
        &self,
        visitor_id: i64,
    ) -> Result<Option<conversation::Model>> {
        Ok(conversation::Entity::find()
            .filter(conversation::Column::VisitorId.eq(visitor_id))
            .filter(conversation::Column::Status.ne(ConversationStatus::Ended))
            .order_by_desc(conversation::Column::Id)
            .one(&self.db)
            .await?)
    }

    /// A message this visitor sent with this client id, in any of their
    /// conversations (one query: the conversations as a subquery).
    pub async fn visitor_message_by_client_id(
        &self,
        visitor_id: i64,
        client_id: &str,
    ) -> Result<Option<Message>> {
        let theirs = sea_orm::sea_query::Query::select()
            .column(conversation::Column::Id)
            .from(conversation::Entity)
            .and_where(conversation::Column::VisitorId.eq(visitor_id))
            .to_owned();
        let row = message::Entity::find()
            .filter(message::Column::ConversationId.in_subquery(theirs))
            .filter(message::Column::ClientId.eq(client_id))
            .filter(message::Column::Sender.eq(Sender::Visitor))
            .one(&self.db)
            .await?;
        match row {
            Some(r) => Ok(dto::message_dtos(&self.db, vec![r]).await?.pop()),
            None => Ok(None),
        }
    }

    pub async fn conversation_dto(&self, conv: conversation::Model) -> Result<Conversation> {
        Ok(self.conversation_dtos(vec![conv]).await?.remove(0))
    }

    pub async fn conversation_dtos(
        &self,
        rows: Vec<conversation::Model>,
    ) -> Result<Vec<Conversation>> {
        dto::conversation_dtos(&self.db, rows).await
    }

    pub async fn message_dtos(&self, rows: Vec<message::Model>) -> Result<Vec<Message>> {
        dto::message_dtos(&self.db, rows).await
    }

    // ---------------------------------------------------------------- writes

    /// A line from the system (or on behalf of someone whose right to write
    /// the caller already checked); `body` is what it shows as written, if
    /// anything. `client_id` starts with `sys:`, which no client can send, so
    /// a retried timer or action never doubles it.
    pub async fn system_line(
        &self,
        conv: &conversation::Model,
        agent_id: Option<i32>,
        client_id: &str,
        line: SystemLine,
        body: &str,
    ) -> Result<(Message, bool)> {
        self.store(Append {
            conversation_id: conv.id,
            guard: Guard::Any,
            sender: Sender::System,
            agent_id,
            client_id: client_id.to_owned(),
            body: body.to_owned(),
            system: Some(line),
            internal: line.internal(),
            attachment: None,
            bot: None,
        })
        .await
    }

    /// Store one message with the next seq, exactly once per client id, then
    /// publish it. Returns the stored message and whether it is new.
    pub async fn store(&self, append: Append) -> Result<(Message, bool)> {
        let (message, conversation) = self.store_returning(append).await?;
        Ok((message, conversation.is_some()))
    }

    /// As [`Self::store`], with the conversation as this write left it
    /// when the message is new (`None` for a retry).
    pub async fn store_returning(
        &self,
        append: Append,
    ) -> Result<(Message, Option<conversation::Model>)> {
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
                Ok((message, Some(*conversation)))
            }
            Outcome::Existing(message) => Ok((message, None)),
            Outcome::Taken => Err(Error::field("client_id", "duplicate")),
            Outcome::Refused => {
                // A retry whose conversation ended (and another began) since
                // the first attempt was stored: that message is the answer.
                if let Guard::Visitor(v) = guard {
                    if let Some(stored) = self.visitor_message_by_client_id(v, &client_id).await? {
                        return Ok((stored, None));
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

    /// Tell the visitor and the agent (and a previous agent) about a
    /// conversation's new state, and the supervisors watching (M1). Queue changes go out through the queue.
    pub async fn publish_conversation(
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
            self.hub.publish(Topic::Agent(p), event.clone());
        }
        self.hub.publish(Topic::Supervisors, event);
        Ok(())
    }
}
