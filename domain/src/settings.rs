//! Key/value settings stored as JSON: widget look (C1), welcome message
//! (R1), automation (R2–R4, R10), survey (R5), leave a message (R6). This is
//! only the store: each feature's service validates and saves its own
//! (`channels::widget`, `automation::{rules, survey, leave_message}`).
//!
//! A stored value that no longer parses (hand-edited, or written by a newer
//! version) is logged as an error and read as the defaults; `unreadable`
//! lists such keys so the console can say so.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use model::audit::AuditKind;
use model::automation::{AutomationSettings, LeaveMessageSettings, SurveySettings};
use model::chat::WidgetSettings;
use model::Permission;
use sea_orm::sea_query::OnConflict;
use sea_orm::{DatabaseConnection, EntityTrait, Set};
use serde::{de::DeserializeOwned, Serialize};

use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::entities::setting;
use crate::error::{Error, Result};

pub const WIDGET: &str = "widget";
pub const AUTOMATION: &str = "automation";
pub const SURVEY: &str = "survey";
pub const LEAVE_MESSAGE: &str = "leave_message";
pub const INVITATIONS: &str = "invitations";
pub const BOT: &str = "bot";
pub const MASKING: &str = "masking";
pub const REPORTS: &str = "reports";

/// A plain (not JSON) value written over any earlier one: a background
/// job's place, in the caller's transaction if it has one.
pub(crate) async fn put_plain<C: sea_orm::ConnectionTrait>(
    db: &C,
    key: &str,
    value: &str,
) -> Result<()> {
    setting::Entity::insert(setting::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value.to_owned()),
    })
    .on_conflict(
        OnConflict::column(setting::Column::Key)
            .update_column(setting::Column::Value)
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

#[derive(Clone)]
pub struct SettingsService {
    db: DatabaseConnection,
    /// Keys already logged as unreadable (the timers read some every few
    /// seconds; one error line per key is enough until it is saved again).
    reported: Arc<Mutex<HashSet<String>>>,
    secrets: Arc<Mutex<std::collections::HashMap<String, Vec<u8>>>>,
    audit: AuditLog,
}

impl SettingsService {
    pub(crate) fn new(db: DatabaseConnection, audit: AuditLog) -> Self {
        Self {
            db,
            reported: Arc::default(),
            secrets: Arc::default(),
            audit,
        }
    }

    /// The same settings read through `reads` (writes still go there, so
    /// give this one to readers only).
    pub(crate) fn reading_from(&self, reads: DatabaseConnection) -> Self {
        Self {
            db: reads,
            ..self.clone()
        }
    }

    /// The stored value, if there is one and it parses as `T`.
    fn parse<T: DeserializeOwned>(
        &self,
        key: &str,
        raw: Option<&str>,
    ) -> std::result::Result<Option<T>, ()> {
        match raw.map(serde_json::from_str::<T>) {
            None => Ok(None),
            Some(Ok(v)) => Ok(Some(v)),
            Some(Err(e)) => {
                let mut reported = self.reported.lock().unwrap_or_else(|e| e.into_inner());
                if reported.insert(key.to_owned()) {
                    tracing::error!(key, error = %e, "stored settings are unreadable; using defaults");
                }
                Err(())
            }
        }
    }

    async fn raw(&self, key: &str) -> Result<Option<String>> {
        Ok(setting::Entity::find_by_id(key.to_owned())
            .one(&self.db)
            .await?
            .map(|r| r.value))
    }

    async fn get<T: DeserializeOwned + Default>(&self, key: &str) -> Result<T> {
        let raw = self.raw(key).await?;
        Ok(self
            .parse(key, raw.as_deref())
            .ok()
            .flatten()
            .unwrap_or_default())
    }

    async fn readable<T: DeserializeOwned>(&self, key: &str) -> Result<bool> {
        let raw = self.raw(key).await?;
        Ok(self.parse::<T>(key, raw.as_deref()).is_ok())
    }

    /// A per-deployment secret (32 random bytes), made on first use and
    /// kept in the database so every node signs alike. Cached per process.
    pub(crate) async fn secret(&self, name: &str) -> Result<Vec<u8>> {
        if let Some(key) = self
            .secrets
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(name)
        {
            return Ok(key.clone());
        }
        let row = format!("secret.{name}");
        if self.raw(&row).await?.is_none() {
            use rand::RngCore;
            let mut key = [0u8; 32];
            rand::thread_rng().fill_bytes(&mut key);
            // Another node may write first: keep theirs (`DO NOTHING`), then read.
            let insert = setting::Entity::insert(setting::ActiveModel {
                key: Set(row.clone()),
                value: Set(hex::encode(key)),
            })
            .on_conflict_do_nothing()
            .exec(&self.db)
            .await;
            insert?;
        }
        let stored = self.raw(&row).await?.unwrap_or_default();
        let key = hex::decode(stored.trim()).map_err(|e| Error::Internal(format!("{row}: {e}")))?;
        self.secrets
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name.to_owned(), key.clone());
        Ok(key)
    }

    pub(crate) async fn put<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        let value = serde_json::to_string(value).map_err(|e| Error::Internal(e.to_string()))?;
        let row = setting::ActiveModel {
            key: Set(key.to_owned()),
            value: Set(value),
        };
        crate::stored_text::check(&row)?;
        setting::Entity::insert(row)
            .on_conflict(
                OnConflict::column(setting::Column::Key)
                    .update_column(setting::Column::Value)
                    .to_owned(),
            )
            .exec(&self.db)
            .await?;
        self.reported
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
        Ok(())
    }

    /// An administrator's save of settings page `key`: stored, and the
    /// changed fields written to the audit log as `kind`.
    pub(crate) async fn put_by<T>(
        &self,
        actor: &Actor,
        kind: AuditKind,
        key: &str,
        value: &T,
    ) -> Result<()>
    where
        T: Serialize + DeserializeOwned + Default,
    {
        let before: T = self.get(key).await?;
        self.put(key, value).await?;
        let entry = Entry::settings(kind, &before, value);
        self.audit.record(&self.db, actor, entry).await
    }

    pub async fn widget(&self) -> Result<WidgetSettings> {
        self.get(WIDGET).await
    }

    pub async fn automation(&self) -> Result<AutomationSettings> {
        self.get(AUTOMATION).await
    }

    pub async fn survey(&self) -> Result<SurveySettings> {
        self.get(SURVEY).await
    }

    pub async fn leave_message(&self) -> Result<LeaveMessageSettings> {
        self.get(LEAVE_MESSAGE).await
    }

    pub async fn invitations(&self) -> Result<model::online::InvitationSettings> {
        self.get(INVITATIONS).await
    }

    pub async fn bot(&self) -> Result<model::bot::BotSettings> {
        self.get(BOT).await
    }

    pub async fn masking(&self) -> Result<model::masking::MaskSchedule> {
        self.get(MASKING).await
    }

    pub async fn reports(&self) -> Result<model::reports::ReportSettings> {
        self.get(REPORTS).await
    }

    /// The settings the actor manages whose stored value cannot be read
    /// (defaults are in use until the page is saved again).
    pub async fn unreadable(&self, actor: &Actor) -> Result<Vec<String>> {
        let mut out = vec![];
        if actor.can(Permission::ManageChannels) && !self.readable::<WidgetSettings>(WIDGET).await?
        {
            out.push(WIDGET.to_owned());
        }
        if actor.can(Permission::ManageRouting)
            && !self
                .readable::<model::online::InvitationSettings>(INVITATIONS)
                .await?
        {
            out.push(INVITATIONS.to_owned());
        }
        if actor.can(Permission::ManageBot)
            && !self.readable::<model::bot::BotSettings>(BOT).await?
        {
            out.push(BOT.to_owned());
        }
        if actor.can(Permission::ManageAutomation) {
            if !self.readable::<AutomationSettings>(AUTOMATION).await? {
                out.push(AUTOMATION.to_owned());
            }
            if !self.readable::<SurveySettings>(SURVEY).await? {
                out.push(SURVEY.to_owned());
            }
            if !self.readable::<LeaveMessageSettings>(LEAVE_MESSAGE).await? {
                out.push(LEAVE_MESSAGE.to_owned());
            }
        }
        Ok(out)
    }
}
