//! Rows → wire types, loading the names they show in as few queries as possible.

use std::collections::HashMap;

use model::chat::{Attachment, Conversation, ConversationStatus, Message, Sender};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{visitor_display_name, ChatService};
use crate::entities::{conversation, message, visitor};
use crate::error::Result;

impl ChatService {
    pub(crate) async fn conversation_dto(&self, conv: conversation::Model) -> Result<Conversation> {
        Ok(self.conversation_dtos(vec![conv]).await?.remove(0))
    }

    pub(crate) async fn conversation_dtos(
        &self,
        rows: Vec<conversation::Model>,
    ) -> Result<Vec<Conversation>> {
        let agent_ids: Vec<i32> = rows.iter().filter_map(|c| c.agent_id).collect();
        let visitor_ids: Vec<i64> = rows.iter().map(|c| c.visitor_id).collect();
        let agents = self.agent_names(agent_ids).await?;
        let rated = self.rated_ids(rows.iter().map(|c| c.id).collect()).await?;
        let visitors: HashMap<i64, String> = visitor::Entity::find()
            .filter(visitor::Column::Id.is_in(visitor_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|v| (v.id, visitor_display_name(&v)))
            .collect();
        Ok(rows
            .into_iter()
            .map(|c| Conversation {
                unanswered: super::timers::is_unanswered(&c),
                rated: rated.contains(&c.id),
                id: c.id,
                visitor_id: c.visitor_id,
                visitor_name: visitors.get(&c.visitor_id).cloned().unwrap_or_default(),
                status: ConversationStatus::from_key(&c.status)
                    .unwrap_or(ConversationStatus::Ended),
                agent_id: c.agent_id,
                agent_name: c.agent_id.and_then(|a| agents.get(&a).cloned()),
                group_id: c.group_id,
                channel: c.channel,
                source_url: c.source_url,
                last_seq: c.last_seq,
                agent_read_seq: c.agent_read_seq,
                visitor_read_seq: c.visitor_read_seq,
                last_message: c.last_message,
                started_at: c.started_at,
                ended_at: c.ended_at,
            })
            .collect())
    }

    pub(crate) async fn message_dtos(&self, rows: Vec<message::Model>) -> Result<Vec<Message>> {
        message_dtos(&self.db, rows).await
    }

    pub(crate) async fn agent_names(&self, ids: Vec<i32>) -> Result<HashMap<i32, String>> {
        crate::people::agent_names(&self.db, ids).await
    }
}

/// Messages as sent to clients, with their agents' names (one query).
pub(crate) async fn message_dtos<C: sea_orm::ConnectionTrait>(
    db: &C,
    rows: Vec<message::Model>,
) -> Result<Vec<Message>> {
    let agents =
        crate::people::agent_names(db, rows.iter().filter_map(|m| m.agent_id).collect()).await?;
    Ok(rows.into_iter().map(|m| message_dto(m, &agents)).collect())
}

/// One message as sent to clients, its agent's name from `agents`.
pub(crate) fn message_dto(m: message::Model, agents: &HashMap<i32, String>) -> Message {
    Message {
        conversation_id: m.conversation_id,
        seq: m.seq,
        client_id: m.client_id,
        sender: Sender::from_key(&m.sender).unwrap_or(Sender::System),
        agent_name: m.agent_id.and_then(|a| agents.get(&a).cloned()),
        body: m.body,
        internal: m.internal,
        attachment: match (m.attachment_key, m.attachment_name, m.attachment_type) {
            (Some(key), Some(name), Some(content_type)) => Some(Attachment {
                key,
                name,
                content_type,
                size: m.attachment_size.unwrap_or_default(),
            }),
            _ => None,
        },
        created_at: m.created_at,
    }
}
