//! Record templates: *Manage customer data* defines them; every agent
//! reads them to fill one in. A retired template is no longer offered;
//! records made from it stay.

use std::sync::Arc;

use model::audit::AuditKind;
use model::fields::{FieldDef, FieldEntity};
use model::records::{RecordTemplate, RecordTemplateInput, TEMPLATE_FIELDS_MAX, TEMPLATE_NAME_MAX};
use model::Permission;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::clock::Clock;
use crate::customers::definitions::definitions_of;
use crate::entities::record_template;
use crate::error::{Error, Result};
use crate::validate::Check;

pub(crate) fn dto(row: &record_template::Model) -> RecordTemplate {
    RecordTemplate {
        id: row.id,
        name: row.name.clone(),
        fields: serde_json::from_str(&row.fields).unwrap_or_default(),
        retired: row.retired_at.is_some(),
    }
}

/// The template's fields in its order (retired fields left out: they are
/// no longer asked for).
pub(crate) async fn template_fields<C: ConnectionTrait>(
    db: &C,
    template: &RecordTemplate,
) -> Result<Vec<FieldDef>> {
    let all = definitions_of(db, FieldEntity::Record).await?;
    Ok(template
        .fields
        .iter()
        .filter_map(|id| all.iter().find(|d| d.id == *id && !d.retired).cloned())
        .collect())
}

/// The ids checked: known, live record fields, each once, 1 to
/// `TEMPLATE_FIELDS_MAX` of them.
pub fn check_field_ids(ids: &[i32], defs: &[FieldDef], check: &mut Check) {
    if ids.is_empty() {
        check.fail("fields", "required");
    }
    if ids.len() > TEMPLATE_FIELDS_MAX {
        check.fail("fields", "too_many");
    }
    for (i, id) in ids.iter().enumerate() {
        if ids[..i].contains(id) {
            check.fail("fields", "duplicate");
        }
        if !defs.iter().any(|d| d.id == *id && !d.retired) {
            check.fail("fields", "unknown_field");
        }
    }
}

#[derive(Clone)]
pub struct RecordTemplateService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    audit: AuditLog,
}

impl RecordTemplateService {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, audit: AuditLog) -> Self {
        Self { db, clock, audit }
    }

    /// Every template by name, retired ones too (the console shows them).
    pub async fn list(&self, _actor: &Actor) -> Result<Vec<RecordTemplate>> {
        Ok(record_template::Entity::find()
            .order_by_asc(record_template::Column::Name)
            .all(&self.db)
            .await?
            .iter()
            .map(dto)
            .collect())
    }

    pub async fn save(
        &self,
        actor: &Actor,
        id: Option<i32>,
        input: RecordTemplateInput,
    ) -> Result<RecordTemplate> {
        actor.require(Permission::ManageCustomerData)?;
        let existing = match id {
            Some(id) => Some(
                record_template::Entity::find_by_id(id)
                    .one(&self.db)
                    .await?
                    .ok_or(Error::NotFound)?,
            ),
            None => None,
        };
        let mut check = Check::new();
        let name = check.required_text("name", &input.name, TEMPLATE_NAME_MAX);
        let defs = definitions_of(&self.db, FieldEntity::Record).await?;
        check_field_ids(&input.fields, &defs, &mut check);
        let taken = record_template::Entity::find()
            .filter(record_template::Column::Name.eq(name.as_str()))
            .one(&self.db)
            .await?
            .is_some_and(|t| Some(t.id) != id);
        if taken {
            check.fail("name", "duplicate");
        }
        check.finish()?;
        let before = existing.as_ref().map(dto);
        let mut row: record_template::ActiveModel = match existing {
            Some(t) => t.into(),
            None => record_template::ActiveModel {
                created_at: Set(self.clock.now()),
                retired_at: Set(None),
                ..Default::default()
            },
        };
        row.name = Set(name);
        row.fields = Set(serde_json::to_string(&input.fields).unwrap_or_else(|_| "[]".into()));
        let saved = match id {
            Some(_) => row.update(&self.db).await,
            None => row.insert(&self.db).await,
        };
        let after = match saved {
            Ok(t) => dto(&t),
            Err(e) if crate::people::is_unique_violation(&e) => {
                return Err(Error::field("name", "duplicate"))
            }
            Err(e) => return Err(e.into()),
        };
        let entry = Entry::saved(
            AuditKind::RecordTemplate,
            after.id,
            &after.name,
            before.as_ref(),
            &after,
        );
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }

    /// Stop (or start again) offering a template; its records stay.
    pub async fn set_retired(
        &self,
        actor: &Actor,
        id: i32,
        retired: bool,
    ) -> Result<RecordTemplate> {
        actor.require(Permission::ManageCustomerData)?;
        let row = record_template::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let before = dto(&row);
        let mut row: record_template::ActiveModel = row.into();
        row.retired_at = Set(retired.then(|| self.clock.now()));
        let after = dto(&row.update(&self.db).await?);
        let entry = Entry::updated(AuditKind::RecordTemplate, id, &after.name, &before, &after);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }
}
