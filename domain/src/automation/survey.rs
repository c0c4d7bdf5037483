//! Satisfaction survey (R5): the visitor rates a conversation once, when it
//! ends or when the agent invites a rating; admins read the results.

use model::audit::AuditKind;
use model::automation::{
    Rating, RatingInput, SurveySettings, COMMENT_MAX, SURVEY_LABEL_MAX, SURVEY_LEVELS_MAX,
    SURVEY_LEVELS_MIN,
};
use model::chat::{ConversationStatus, SystemLine};
use model::Permission;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::actor::Actor;
use crate::chat::core::ChatCore;
use crate::chat::Party;
use crate::entities::{message, rating, visitor};
use crate::error::{Error, Result};
use crate::settings::{SettingsService, SURVEY};
use crate::validate::Check;

#[derive(Clone)]
pub struct SurveyService {
    core: ChatCore,
    settings: SettingsService,
}

/// The levels as stored: each named, none twice, 2–5 of them.
pub(crate) fn clean_levels(levels: &[String], check: &mut Check) -> Vec<String> {
    let levels: Vec<String> = levels
        .iter()
        .enumerate()
        .map(|(i, l)| check.required_text(&format!("levels.{i}"), l, SURVEY_LABEL_MAX))
        .collect();
    if !(SURVEY_LEVELS_MIN..=SURVEY_LEVELS_MAX).contains(&levels.len()) {
        check.fail("levels", "level_count");
    }
    for (i, l) in levels.iter().enumerate() {
        if levels[..i].contains(l) {
            check.fail(&format!("levels.{i}"), "duplicate");
        }
    }
    levels
}

impl SurveyService {
    pub(crate) fn new(core: ChatCore, settings: SettingsService) -> Self {
        Self { core, settings }
    }

    /// The survey as admins set it (those who run the automation).
    pub async fn settings(&self, actor: &Actor) -> Result<SurveySettings> {
        actor.require(Permission::ManageAutomation)?;
        self.settings.survey().await
    }

    pub async fn set_settings(
        &self,
        actor: &Actor,
        input: SurveySettings,
    ) -> Result<SurveySettings> {
        actor.require(Permission::ManageAutomation)?;
        let mut check = Check::new();
        let levels = clean_levels(&input.levels, &mut check);
        check.finish()?;
        let clean = SurveySettings { levels, ..input };
        self.settings
            .put_by(actor, AuditKind::Survey, SURVEY, &clean)
            .await?;
        Ok(clean)
    }

    /// The agent asks the visitor to rate the conversation now.
    pub async fn invite_rating(&self, actor: &Actor, id: i64) -> Result<()> {
        let conv = self.core.owned(actor, id).await?;
        if !self.settings.survey().await?.enabled {
            return Err(Error::field("survey", "survey_disabled"));
        }
        if self.rating_of(id).await?.is_some() {
            return Err(Error::field("survey", "already_rated"));
        }
        let stamp = self.core.clock.now().timestamp_millis();
        self.core
            .system_line(
                &conv,
                None,
                &format!("sys:rate-{id}-{stamp}"),
                SystemLine::RatingInvited,
                "",
            )
            .await?;
        Ok(())
    }

    async fn rating_of(&self, conversation_id: i64) -> Result<Option<rating::Model>> {
        Ok(rating::Entity::find()
            .filter(rating::Column::ConversationId.eq(conversation_id))
            .one(&self.core.db)
            .await?)
    }

    /// The visitor's rating. Allowed once, after the conversation ended or
    /// after the agent invited it.
    pub async fn rate(&self, visitor_id: i64, id: i64, input: RatingInput) -> Result<()> {
        let conv = self.core.visible(&Party::Visitor(visitor_id), id).await?;
        let survey = self.settings.survey().await?;
        if !survey.enabled {
            return Err(Error::field("survey", "survey_disabled"));
        }
        let invited = message::Entity::find()
            .filter(message::Column::ConversationId.eq(id))
            .filter(message::Column::SystemLine.eq(SystemLine::RatingInvited))
            .one(&self.core.db)
            .await?
            .is_some();
        if conv.status != ConversationStatus::Ended && !invited {
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
            created_at: Set(self.core.clock.now()),
            ..Default::default()
        }
        .insert(&self.core.db)
        .await;
        match saved {
            Ok(_) => {}
            Err(e) if crate::people::is_unique_violation(&e) => {
                return Err(Error::field("survey", "already_rated"))
            }
            Err(e) => return Err(e.into()),
        }
        // A rating after the end changes the conversation's facts (M3).
        if conv.status == model::chat::ConversationStatus::Ended {
            crate::reports::facts::refresh(&self.core.db, id, self.core.clock.now()).await;
        }
        self.core.publish_conversation(&conv, None).await
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
            .all(&self.core.db)
            .await?;
        let agents = crate::people::agent_names(
            &self.core.db,
            rows.iter().filter_map(|r| r.agent_id).collect(),
        )
        .await?;
        let visitor_ids: Vec<i64> = rows.iter().map(|r| r.visitor_id).collect();
        let visitors: std::collections::HashMap<i64, String> = visitor::Entity::find()
            .filter(visitor::Column::Id.is_in(visitor_ids))
            .all(&self.core.db)
            .await?
            .into_iter()
            .map(|v| (v.id, crate::chat::visitor_display_name(&v)))
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(levels: &[&str]) -> Vec<(String, String)> {
        let mut check = Check::new();
        let levels: Vec<String> = levels.iter().map(|l| l.to_string()).collect();
        clean_levels(&levels, &mut check);
        match check.finish() {
            Ok(()) => vec![],
            Err(Error::Invalid(f)) => f.into_iter().map(|f| (f.field, f.code)).collect(),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn two_to_five_named_levels_none_twice() {
        assert!(codes(&["Good", "Bad"]).is_empty());
        assert_eq!(codes(&["Only"]), [("levels".into(), "level_count".into())]);
        assert_eq!(codes(&["A", "B", "C", "D", "E", "F"])[0].1, "level_count");
        assert_eq!(
            codes(&["Fine", "Fine"]),
            [("levels.1".into(), "duplicate".into())]
        );
        assert_eq!(codes(&["Fine", " "])[0].0, "levels.1");
    }
}
