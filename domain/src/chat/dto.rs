//! Rows → wire types, loading the names they show in as few queries as possible.

use std::collections::HashMap;

use model::chat::{Attachment, Conversation, Message};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::automation::timers::is_unanswered;
use crate::entities::{conversation, message, rating, visitor};
use crate::error::Result;
use crate::people::AgentFace;

/// Conversations as sent to clients, with their visitors' and agents' names
/// and whether each was rated (three queries for the whole list).
pub(crate) async fn conversation_dtos<C: ConnectionTrait>(
    db: &C,
    rows: Vec<conversation::Model>,
) -> Result<Vec<Conversation>> {
    let agent_ids: Vec<i32> = rows.iter().filter_map(|c| c.agent_id).collect();
    let visitor_ids: Vec<i64> = rows.iter().map(|c| c.visitor_id).collect();
    let agents = crate::people::agent_names(db, agent_ids).await?;
    let rated = rated_ids(db, rows.iter().map(|c| c.id).collect()).await?;
    let visitors = visitor_names(db, visitor_ids).await?;
    Ok(rows
        .into_iter()
        .map(|c| Conversation {
            unanswered: is_unanswered(&c),
            rated: rated.contains(&c.id),
            id: c.id,
            visitor_id: c.visitor_id,
            visitor_name: visitors.get(&c.visitor_id).cloned().unwrap_or_default(),
            status: c.status,
            agent_id: c.agent_id,
            agent_name: c.agent_id.and_then(|a| agents.get(&a).cloned()),
            group_id: c.group_id,
            channel: c.channel,
            channel_name: c.channel_name,
            source_url: c.source_url,
            last_seq: c.last_seq,
            agent_read_seq: c.agent_read_seq,
            visitor_read_seq: c.visitor_read_seq,
            last_message: c.last_message,
            last_line: c.last_line,
            started_at: c.started_at,
            ended_at: c.ended_at,
        })
        .collect())
}

/// How these visitors are shown, in one query.
pub(crate) async fn visitor_names<C: ConnectionTrait>(
    db: &C,
    ids: Vec<i64>,
) -> Result<HashMap<i64, String>> {
    Ok(visitor::Entity::find()
        .filter(visitor::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, visitor_display_name(&v)))
        .collect())
}

/// Which of these conversations were rated (R5).
async fn rated_ids<C: ConnectionTrait>(db: &C, ids: Vec<i64>) -> Result<Vec<i64>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(rating::Entity::find()
        .filter(rating::Column::ConversationId.is_in(ids))
        .select_only()
        .column(rating::Column::ConversationId)
        .into_tuple()
        .all(db)
        .await?)
}

/// How a visitor is named on every surface.
pub(crate) fn visitor_display_name(v: &visitor::Model) -> String {
    v.name.clone()
}

/// Messages as sent to clients, with their agents' names (one query).
pub(crate) async fn message_dtos<C: ConnectionTrait>(
    db: &C,
    rows: Vec<message::Model>,
) -> Result<Vec<Message>> {
    let agents =
        crate::people::agent_faces(db, rows.iter().filter_map(|m| m.agent_id).collect()).await?;
    Ok(rows.into_iter().map(|m| message_dto(m, &agents)).collect())
}

/// One message as sent to clients, its agent's name and avatar from `agents`.
pub(crate) fn message_dto(m: message::Model, agents: &HashMap<i32, AgentFace>) -> Message {
    let face = m.agent_id.and_then(|a| agents.get(&a));
    Message {
        conversation_id: m.conversation_id,
        seq: m.seq,
        client_id: m.client_id,
        sender: m.sender,
        agent_name: face.map(|f| f.name.clone()),
        agent_avatar: face.and_then(|f| f.avatar_url.clone()),
        body: m.body,
        system: m.system_line,
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
        bot: m.bot.as_deref().and_then(|b| serde_json::from_str(b).ok()),
        delivery: crate::channels::delivery::of_row(
            m.delivery.as_deref(),
            m.delivery_error.as_deref(),
        ),
        created_at: m.created_at,
    }
}
