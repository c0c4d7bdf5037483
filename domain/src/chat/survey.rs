//! Satisfaction survey (R5): the visitor rates a conversation once, when it
//! ends or when the agent invites a rating; admins read the results.

use model::automation::{Rating, RatingInput, COMMENT_MAX};
use model::chat::{ConversationStatus, Sender};
use model::Permission;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::{ChatService, Party};
use crate::actor::Actor;
use crate::entities::{message, rating, visitor};
use crate::error::{Error, Result};
use crate::validate::Check;

/// The body of the system line that asks the visitor for a rating.
pub const INVITE_LINE: &str = "system.rating_invited";

impl ChatService {
    /// The agent asks the visitor to rate the conversation now.
    pub async fn invite_rating(&self, actor: &Actor, id: i64) -> Result<()> {
        let conv = self.owned(actor, id).await?;
        if !self.settings.survey().await?.enabled {
            return Err(Error::field("survey", "survey_disabled"));
        }
        if self.rating_of(id).await?.is_some() {
            return Err(Error::field("survey", "already_rated"));
        }
        let stamp = self.clock.now().timestamp_millis();
        self.append(
            &conv,
            Sender::System,
            None,
            &format!("sys:rate-{id}-{stamp}"),
            INVITE_LINE,
            false,
        )
        .await?;
        Ok(())
    }

    async fn rating_of(&self, conversation_id: i64) -> Result<Option<rating::Model>> {
        Ok(rating::Entity::find()
            .filter(rating::Column::ConversationId.eq(conversation_id))
            .one(&self.db)
            .await?)
    }

    /// The visitor's rating. Allowed once, after the conversation ended or
    /// after the agent invited it.
    pub async fn rate(&self, visitor_id: i64, id: i64, input: RatingInput) -> Result<()> {
        let conv = self.visible(&Party::Visitor(visitor_id), id).await?;
        let survey = self.settings.survey().await?;
        if !survey.enabled {
            return Err(Error::field("survey", "survey_disabled"));
        }
        let invited = message::Entity::find()
            .filter(message::Column::ConversationId.eq(id))
            .filter(message::Column::Body.eq(INVITE_LINE))
            // Only the server's line counts, not a visitor typing the same text.
            .filter(message::Column::Sender.eq(Sender::System.key()))
            .one(&self.db)
            .await?
            .is_some();
        if conv.status != ConversationStatus::Ended.key() && !invited {
            return Err(Error::field("survey", "not_ended"));
        }
        let mut check = Check::new();
        let scale = survey.levels.len() as i64;
        check.range("level", input.level.into(), 1, scale);
        let comment = if survey.comment {
            check.optional_text("comment", input.comment.as_deref(), COMMENT_MAX)
        } else {
            None
        };
        check.finish()?;
        if self.rating_of(id).await?.is_some() {
            return Err(Error::field("survey", "already_rated"));
        }
        let label = survey
            .levels
            .get(input.level as usize - 1)
            .cloned()
            .unwrap_or_default();
        let saved = rating::ActiveModel {
            conversation_id: Set(id),
            visitor_id: Set(visitor_id),
            agent_id: Set(conv.agent_id),
            level: Set(input.level),
            scale: Set(scale as i32),
            label: Set(label),
            comment: Set(comment),
            created_at: Set(self.clock.now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await;
        match saved {
            Ok(_) => {}
            Err(e) if crate::people::is_unique_violation(&e) => {
                return Err(Error::field("survey", "already_rated"))
            }
            Err(e) => return Err(e.into()),
        }
        self.publish_conversation(&conv, None).await
    }

    /// The latest ratings, newest first (admins with report access; agents
    /// see their own).
    pub async fn ratings(&self, actor: &Actor, limit: u64) -> Result<Vec<Rating>> {
        let mut q = rating::Entity::find();
        if !actor.can(Permission::ViewReports) {
            q = q.filter(rating::Column::AgentId.eq(actor.agent_id));
        }
        let rows = q
            .order_by_desc(rating::Column::Id)
            .limit(limit.min(500))
            .all(&self.db)
            .await?;
        let agents = self
            .agent_names(rows.iter().filter_map(|r| r.agent_id).collect())
            .await?;
        let visitor_ids: Vec<i64> = rows.iter().map(|r| r.visitor_id).collect();
        let visitors: std::collections::HashMap<i64, String> = visitor::Entity::find()
            .filter(visitor::Column::Id.is_in(visitor_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|v| (v.id, super::visitor_display_name(&v)))
            .collect();
        Ok(rows
            .into_iter()
            .map(|r| Rating {
                conversation_id: r.conversation_id,
                visitor_name: visitors.get(&r.visitor_id).cloned().unwrap_or_default(),
                agent_id: r.agent_id,
                agent_name: r.agent_id.and_then(|a| agents.get(&a).cloned()),
                level: r.level,
                scale: r.scale,
                label: r.label,
                comment: r.comment,
                created_at: r.created_at,
            })
            .collect())
    }

    /// Which of these conversations were rated.
    pub(crate) async fn rated_ids(&self, ids: Vec<i64>) -> Result<Vec<i64>> {
        if ids.is_empty() {
            return Ok(vec![]);
        }
        Ok(rating::Entity::find()
            .filter(rating::Column::ConversationId.is_in(ids))
            .select_only()
            .column(rating::Column::ConversationId)
            .into_tuple()
            .all(&self.db)
            .await?)
    }
}
