//! Quality assurance (M4): reviewers (*QA*) define scorecards and score
//! ended conversations against them ([`score`]); agents read their own
//! reviews and may dispute one once; a reviewer accepts (and may re-score)
//! or rejects. Periods count a review on its conversation's day, in the
//! company's time zone (reports' settings).

pub mod averages;
pub mod card;
mod reviews;
pub(crate) use reviews::agent_averages;
pub mod sample;
pub mod score;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use model::audit::AuditKind;
use model::qa::{QaScorecard, QaScorecardInput, NAME_MAX};
use model::Permission;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::clock::Clock;
use crate::entities::qa_scorecard;
use crate::error::{Error, Result};
use crate::reports::{conversation_report::check_days, period};
use crate::settings::SettingsService;
use crate::validate::Check;

pub(crate) fn card_dto(row: &qa_scorecard::Model) -> QaScorecard {
    QaScorecard {
        id: row.id,
        name: row.name.clone(),
        categories: serde_json::from_str(&row.categories).unwrap_or_default(),
        retired: row.retired_at.is_some(),
    }
}

#[derive(Clone)]
pub struct QaService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    audit: AuditLog,
    settings: SettingsService,
}

impl QaService {
    pub(crate) fn new(
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        audit: AuditLog,
        settings: SettingsService,
    ) -> Self {
        Self {
            db,
            clock,
            audit,
            settings,
        }
    }

    /// The days `from..=to` (or a preset's, counted in the company's zone),
    /// checked, and the instants they span.
    async fn days(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        preset: Option<&str>,
    ) -> Result<(NaiveDate, NaiveDate, DateTime<Utc>, DateTime<Utc>)> {
        let tz = period::zone(&self.settings.reports().await?.time_zone);
        let (from, to) = match preset.filter(|k| !k.is_empty()) {
            Some(key) => {
                let today = self.clock.now().with_timezone(&tz).date_naive();
                period::preset(key, today).ok_or(Error::field("preset", "invalid"))?
            }
            None => (from, to),
        };
        if let Some((field, code)) = check_days(from, to) {
            return Err(Error::field(field, code));
        }
        let (start, end) = period::range(tz, from, to);
        Ok((from, to, start, end))
    }

    /// Every scorecard by name, retired ones too.
    pub async fn scorecards(&self, actor: &Actor) -> Result<Vec<QaScorecard>> {
        actor.require(Permission::Qa)?;
        Ok(qa_scorecard::Entity::find()
            .order_by_asc(qa_scorecard::Column::Name)
            .all(&self.db)
            .await?
            .iter()
            .map(card_dto)
            .collect())
    }

    pub async fn save_scorecard(
        &self,
        actor: &Actor,
        id: Option<i32>,
        input: QaScorecardInput,
    ) -> Result<QaScorecard> {
        actor.require(Permission::Qa)?;
        let existing = match id {
            Some(id) => Some(
                qa_scorecard::Entity::find_by_id(id)
                    .one(&self.db)
                    .await?
                    .ok_or(Error::NotFound)?,
            ),
            None => None,
        };
        let before = existing.as_ref().map(card_dto);
        let old = before
            .as_ref()
            .map(|c| c.categories.clone())
            .unwrap_or_default();
        let mut check = Check::new();
        let name = check.required_text("name", &input.name, NAME_MAX);
        card::check_categories(&old, &input.categories, &mut check);
        let taken = qa_scorecard::Entity::find()
            .filter(qa_scorecard::Column::Name.eq(name.as_str()))
            .one(&self.db)
            .await?
            .is_some_and(|c| Some(c.id) != id);
        if taken {
            check.fail("name", "duplicate");
        }
        check.finish()?;
        let categories = card::with_ids(&old, input.categories);
        let now = self.clock.now();
        let mut row: qa_scorecard::ActiveModel = match existing {
            Some(c) => c.into(),
            None => qa_scorecard::ActiveModel {
                created_at: Set(now),
                retired_at: Set(None),
                ..Default::default()
            },
        };
        row.name = Set(name);
        row.categories = Set(serde_json::to_string(&categories).unwrap_or_else(|_| "[]".into()));
        row.updated_at = Set(now);
        let saved = match id {
            Some(_) => row.update(&self.db).await,
            None => row.insert(&self.db).await,
        };
        let after = match saved {
            Ok(c) => card_dto(&c),
            Err(e) if crate::people::is_unique_violation(&e) => {
                return Err(Error::field("name", "duplicate"))
            }
            Err(e) => return Err(e.into()),
        };
        let entry = Entry::saved(
            AuditKind::QaScorecard,
            after.id,
            &after.name,
            before.as_ref(),
            &after,
        );
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }

    /// Stop (or start again) offering a scorecard; its reviews stay.
    pub async fn set_scorecard_retired(
        &self,
        actor: &Actor,
        id: i32,
        retired: bool,
    ) -> Result<QaScorecard> {
        actor.require(Permission::Qa)?;
        let row = qa_scorecard::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let before = card_dto(&row);
        let mut row: qa_scorecard::ActiveModel = row.into();
        row.retired_at = Set(retired.then(|| self.clock.now()));
        row.updated_at = Set(self.clock.now());
        let after = card_dto(&row.update(&self.db).await?);
        let entry = Entry::updated(AuditKind::QaScorecard, id, &after.name, &before, &after);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }
}
