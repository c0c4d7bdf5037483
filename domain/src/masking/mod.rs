//! Sensitive-data replacement (R8). Admins with *Manage automation* keep
//! the rules (audit-logged), try them on a sample, set the daily schedule,
//! start a run now and read the run log. The runs themselves are in
//! [`run`]; the pure parts in [`patterns`] and [`schedule`].

pub mod patterns;
pub mod run;
pub mod schedule;

use std::collections::HashMap;
use std::sync::Arc;

use model::audit::AuditKind;
use model::masking::{
    MaskMode, MaskPattern, MaskPreview, MaskRule, MaskRuleInput, MaskRun, MaskRunState,
    MaskSchedule, NAME_MAX, SAMPLE_MAX,
};
use model::Permission;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryOrder, QuerySelect, Set,
};
use tokio::sync::Notify;

use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::clock::Clock;
use crate::entities::{mask_rule, mask_run};
use crate::error::{Error, Result};
use crate::people::agent_names;
use crate::settings::{SettingsService, MASKING};
use crate::validate::Check;

use patterns::{Matcher, PatternError};

/// How many runs the log shows.
pub const LOG_LIMIT: u64 = 50;

fn rule_dto(row: mask_rule::Model) -> MaskRule {
    MaskRule {
        id: row.id,
        name: row.name,
        pattern: MaskPattern::from_key(&row.pattern).unwrap_or_default(),
        regex: row.regex,
        mode: MaskMode::from_key(&row.mode).unwrap_or_default(),
        enabled: row.enabled,
    }
}

/// The matchers of `rules`, in order; a stored rule that no longer
/// compiles fails the run rather than being skipped in silence.
pub(crate) fn matchers(rules: &[MaskRuleInput]) -> Result<Vec<Matcher>> {
    rules
        .iter()
        .map(|r| {
            Matcher::new(r.pattern, &r.regex, r.mode)
                .map_err(|_| Error::Internal(format!("rule {:?} does not compile", r.name)))
        })
        .collect()
}

#[derive(Clone)]
pub struct MaskingService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    audit: AuditLog,
    settings: SettingsService,
    /// Wakes this process's worker when an admin starts a run.
    wake: Arc<Notify>,
    /// This process's name on the runs it holds the lease of.
    owner: Arc<String>,
}

impl MaskingService {
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
            wake: Arc::default(),
            owner: Arc::new(format!("{:016x}", rand::random::<u64>())),
        }
    }

    pub async fn rules(&self, actor: &Actor) -> Result<Vec<MaskRule>> {
        actor.require(Permission::ManageAutomation)?;
        Ok(self
            .stored_rules()
            .await?
            .into_iter()
            .map(rule_dto)
            .collect())
    }

    async fn stored_rules(&self) -> Result<Vec<mask_rule::Model>> {
        Ok(mask_rule::Entity::find()
            .order_by_asc(mask_rule::Column::Position)
            .order_by_asc(mask_rule::Column::Id)
            .all(&self.db)
            .await?)
    }

    /// Create (`id` None) or change a rule. A custom pattern must compile
    /// within the size limit.
    pub async fn save_rule(
        &self,
        actor: &Actor,
        id: Option<i32>,
        input: MaskRuleInput,
    ) -> Result<MaskRule> {
        actor.require(Permission::ManageAutomation)?;
        let existing = match id {
            Some(id) => Some(
                mask_rule::Entity::find_by_id(id)
                    .one(&self.db)
                    .await?
                    .ok_or(Error::NotFound)?,
            ),
            None => None,
        };
        let mut check = Check::new();
        let name = check.required_text("name", &input.name, NAME_MAX);
        let regex = if input.pattern == MaskPattern::Custom {
            match patterns::compile_custom(&input.regex) {
                Ok(_) => input.regex.trim().to_owned(),
                Err(e) => {
                    check.fail(
                        "regex",
                        match e {
                            PatternError::Empty => "required",
                            PatternError::TooLong => "too_long",
                            PatternError::Invalid(_) => "invalid_regex",
                        },
                    );
                    String::new()
                }
            }
        } else {
            String::new()
        };
        check.finish()?;
        let now = self.clock.now();
        let before = existing.clone().map(rule_dto);
        let mut row: mask_rule::ActiveModel = match existing {
            Some(r) => r.into(),
            None => {
                let last = mask_rule::Entity::find()
                    .select_only()
                    .column_as(mask_rule::Column::Position.max(), "max")
                    .into_tuple::<Option<i32>>()
                    .one(&self.db)
                    .await?
                    .flatten();
                mask_rule::ActiveModel {
                    position: Set(last.map_or(0, |p| p + 1)),
                    created_at: Set(now),
                    ..Default::default()
                }
            }
        };
        row.name = Set(name);
        row.pattern = Set(input.pattern.key().into());
        row.regex = Set(regex);
        row.mode = Set(input.mode.key().into());
        row.enabled = Set(input.enabled);
        row.updated_at = Set(now);
        let after = rule_dto(match id {
            Some(_) => row.update(&self.db).await?,
            None => row.insert(&self.db).await?,
        });
        let entry = Entry::saved(
            AuditKind::Masking,
            after.id,
            &after.name,
            before.as_ref(),
            &after,
        );
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }

    pub async fn delete_rule(&self, actor: &Actor, id: i32) -> Result<()> {
        actor.require(Permission::ManageAutomation)?;
        let row = mask_rule::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        mask_rule::Entity::delete_by_id(id).exec(&self.db).await?;
        let row = rule_dto(row);
        let entry = Entry::deleted(AuditKind::Masking, id, &row.name, &row);
        self.audit.record(&self.db, actor, entry).await
    }

    /// What `sample` becomes under `rules` (the enabled ones when `None`):
    /// the test box, which may try a rule before it is saved.
    pub async fn preview(
        &self,
        actor: &Actor,
        sample: &str,
        rules: Option<Vec<MaskRuleInput>>,
    ) -> Result<MaskPreview> {
        actor.require(Permission::ManageAutomation)?;
        let mut check = Check::new();
        check.max_len("sample", sample, SAMPLE_MAX);
        check.finish()?;
        let rules = match rules {
            Some(rules) => rules,
            None => self.enabled_rules().await?,
        };
        let compiled = matchers(&rules).map_err(|_| Error::field("regex", "invalid_regex"))?;
        let (text, replaced) = patterns::mask(&compiled, sample);
        Ok(MaskPreview { text, replaced })
    }

    /// The enabled rules as a run applies them.
    pub(crate) async fn enabled_rules(&self) -> Result<Vec<MaskRuleInput>> {
        Ok(self
            .stored_rules()
            .await?
            .into_iter()
            .filter(|r| r.enabled)
            .map(rule_dto)
            .map(|r| MaskRuleInput {
                name: r.name,
                pattern: r.pattern,
                regex: r.regex,
                mode: r.mode,
                enabled: true,
            })
            .collect())
    }

    pub async fn schedule(&self, actor: &Actor) -> Result<MaskSchedule> {
        actor.require(Permission::ManageAutomation)?;
        self.settings.masking().await
    }

    pub async fn save_schedule(&self, actor: &Actor, input: MaskSchedule) -> Result<MaskSchedule> {
        actor.require(Permission::ManageAutomation)?;
        let mut check = Check::new();
        if crate::routing::hours::parse_time(&input.time).is_none() {
            check.fail("time", "invalid_time");
        }
        check.range("utc_offset_mins", input.utc_offset_mins.into(), -720, 840);
        check.finish()?;
        let value = MaskSchedule {
            time: input.time.trim().to_owned(),
            ..input
        };
        self.settings
            .put_by(actor, AuditKind::Masking, MASKING, &value)
            .await?;
        Ok(value)
    }

    /// Start a run of the enabled rules now. Refused while another run is
    /// going (on any process), or when no rule is enabled.
    pub async fn run_now(&self, actor: &Actor) -> Result<MaskRun> {
        actor.require(Permission::ManageAutomation)?;
        let rules = self.enabled_rules().await?;
        if rules.is_empty() {
            return Err(Error::field("rules", "no_rules"));
        }
        let row = match run::create(
            &self.db,
            self.clock.now(),
            Some(actor.agent_id),
            None,
            &rules,
        )
        .await?
        {
            Some(row) => row,
            None => return Err(Error::field("run", "already_running")),
        };
        self.wake.notify_one();
        let names = agent_names(&self.db, vec![actor.agent_id]).await?;
        Ok(run_dto(row, &names))
    }

    /// The newest runs first: the log, and the progress of a running one.
    pub async fn runs(&self, actor: &Actor) -> Result<Vec<MaskRun>> {
        actor.require(Permission::ManageAutomation)?;
        let rows = mask_run::Entity::find()
            .order_by_desc(mask_run::Column::Id)
            .limit(LOG_LIMIT)
            .all(&self.db)
            .await?;
        // The log is read every second while a run goes: one query for
        // the names of whoever started its runs.
        let names = agent_names(&self.db, rows.iter().filter_map(|r| r.agent_id).collect()).await?;
        Ok(rows.into_iter().map(|row| run_dto(row, &names)).collect())
    }
}

/// A run as the log shows it; `names` has the display names of the agents
/// who started runs.
fn run_dto(row: mask_run::Model, names: &HashMap<i32, String>) -> MaskRun {
    let started_by = row
        .agent_id
        .map(|id| names.get(&id).cloned().unwrap_or_default());
    let rules: Vec<MaskRuleInput> = serde_json::from_str(&row.rules).unwrap_or_default();
    let state = match row.state.as_str() {
        run::RUNNING => MaskRunState::Running,
        run::DONE => MaskRunState::Done,
        _ => MaskRunState::Failed,
    };
    MaskRun {
        id: row.id,
        started_by,
        rules: rules.into_iter().map(|r| r.name).collect(),
        state,
        total: row.total,
        done: row.done,
        conversations_changed: row.conversations_changed,
        messages_changed: row.messages_changed,
        started_at: row.started_at,
        finished_at: row.finished_at,
        duration_ms: row
            .finished_at
            .map(|f| (f - row.started_at).num_milliseconds()),
        error: row.error,
    }
}
