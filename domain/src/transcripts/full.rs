//! One conversation in full (M2): every line, and the visitor's rating,
//! for whoever may read the conversation.

use model::automation::Rating;
use model::transcripts::Transcript;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::TranscriptService;
use crate::actor::Actor;
use crate::chat::Party;
use crate::entities::rating;
use crate::error::Result;

impl TranscriptService {
    /// The conversation, its messages in seq order (system lines and
    /// internal notes too) and its rating. Someone else's conversation,
    /// without *View all transcripts*, is `not_found`.
    pub async fn open(&self, actor: &Actor, id: i64) -> Result<Transcript> {
        let party = Party::Agent(actor.clone());
        let conversation = self.conversations.get(&party, id).await?;
        let messages = self.conversations.history(&party, id, 0).await?;
        let row = rating::Entity::find()
            .filter(rating::Column::ConversationId.eq(id))
            .one(&self.db)
            .await?;
        let rating = match row {
            None => None,
            Some(r) => {
                let agents =
                    crate::people::agent_names(&self.db, r.agent_id.into_iter().collect()).await?;
                Some(Rating {
                    conversation_id: id,
                    visitor_name: conversation.visitor_name.clone(),
                    agent_id: r.agent_id,
                    agent_name: r.agent_id.and_then(|a| agents.get(&a).cloned()),
                    level: r.level,
                    scale: r.scale,
                    label: r.label,
                    comment: r.comment,
                    created_at: r.created_at,
                })
            }
        };
        Ok(Transcript {
            conversation,
            messages,
            rating,
        })
    }
}
