//! Console → Data → Fields: admins define fields for customers, companies
//! and tickets (kind, label, stable key, required, options, order) and
//! retire them without losing stored values. Agents read the definitions
//! (to show and fill the fields); changing them needs *Manage customer
//! data*. Every change is audit-logged.

use std::sync::Arc;

use model::audit::AuditKind;
use model::fields::{
    FieldDef, FieldDefInput, FieldEntity, FieldOption, FIELD_KEY_MAX, FIELD_LABEL_MAX, OPTIONS_MAX,
};
use model::Permission;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::clock::Clock;
use crate::entities::field_def;
use crate::error::{Error, Result};
use crate::validate::Check;

/// A stable key: lower-case letters, digits and `_`, starting with a letter.
pub fn valid_key(key: &str) -> bool {
    key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && key.len() <= FIELD_KEY_MAX
}

/// The definition as typed, cleaned, or every field error at once.
pub fn clean_definition(input: &FieldDefInput) -> Result<FieldDefInput> {
    let mut check = Check::new();
    let key = input.key.trim().to_owned();
    if key.is_empty() {
        check.fail("key", "required");
    } else if !valid_key(&key) {
        check.fail("key", "invalid_key");
    }
    let label = check.required_text("label", &input.label, FIELD_LABEL_MAX);
    let mut options: Vec<FieldOption> = Vec::new();
    if input.kind.has_options() {
        for (i, o) in input.options.iter().enumerate() {
            let field = format!("options.{i}");
            let key = o.key.trim().to_owned();
            if !valid_key(&key) {
                check.fail(&field, "invalid_key");
            } else if options.iter().any(|p| p.key == key) {
                check.fail(&field, "duplicate");
            }
            let label = check.required_text(&format!("{field}.label"), &o.label, FIELD_LABEL_MAX);
            options.push(FieldOption { key, label });
        }
        if options.is_empty() {
            check.fail("options", "required");
        }
        check.range("options", options.len() as i64, 0, OPTIONS_MAX as i64);
    }
    check.finish()?;
    Ok(FieldDefInput {
        entity: input.entity,
        key,
        label,
        kind: input.kind,
        required: input.required,
        options,
    })
}

/// Every field of `entity` in form order, retired ones included (their
/// values are still read).
pub(crate) async fn definitions_of<C: ConnectionTrait>(
    db: &C,
    entity: FieldEntity,
) -> Result<Vec<FieldDef>> {
    Ok(field_def::Entity::find()
        .filter(field_def::Column::Entity.eq(entity))
        .order_by_asc(field_def::Column::Position)
        .order_by_asc(field_def::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(to_dto)
        .collect())
}

fn to_dto(row: &field_def::Model) -> FieldDef {
    FieldDef {
        id: row.id,
        entity: row.entity,
        key: row.key.clone(),
        label: row.label.clone(),
        kind: row.kind,
        required: row.required,
        position: row.position,
        options: serde_json::from_str(&row.options).unwrap_or_default(),
        retired: row.retired_at.is_some(),
    }
}

#[derive(Clone)]
pub struct FieldService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    audit: AuditLog,
}

impl FieldService {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, audit: AuditLog) -> Self {
        Self { db, clock, audit }
    }

    /// The fields of `entity` in form order, retired ones last. Every
    /// signed-in agent may read them.
    pub async fn list(&self, _actor: &Actor, entity: FieldEntity) -> Result<Vec<FieldDef>> {
        let mut defs = definitions_of(&self.db, entity).await?;
        defs.sort_by_key(|d| d.retired);
        Ok(defs)
    }

    pub async fn create(&self, actor: &Actor, input: FieldDefInput) -> Result<FieldDef> {
        actor.require(Permission::ManageCustomerData)?;
        let clean = clean_definition(&input)?;
        self.key_is_free(clean.entity, &clean.key, None).await?;
        let last = field_def::Entity::find()
            .filter(field_def::Column::Entity.eq(clean.entity))
            .order_by_desc(field_def::Column::Position)
            .one(&self.db)
            .await?
            .map_or(0, |d| d.position + 1);
        let row = field_def::ActiveModel {
            entity: Set(clean.entity),
            key: Set(clean.key),
            label: Set(clean.label),
            kind: Set(clean.kind),
            required: Set(clean.required),
            position: Set(last),
            options: Set(serde_json::to_string(&clean.options).unwrap_or_else(|_| "[]".into())),
            retired_at: Set(None),
            created_at: Set(self.clock.now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        let def = to_dto(&row);
        let entry = Entry::created(AuditKind::Field, def.id, &def.label, &def);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(def)
    }

    /// Change the label, key, required flag or options. The kind and what
    /// the field describes stay (stored values would be misread).
    pub async fn update(&self, actor: &Actor, id: i32, input: FieldDefInput) -> Result<FieldDef> {
        actor.require(Permission::ManageCustomerData)?;
        let existing = self.find(id).await?;
        let clean = clean_definition(&input)?;
        if clean.kind != existing.kind {
            return Err(Error::field("kind", "fixed"));
        }
        if clean.entity != existing.entity {
            return Err(Error::field("entity", "fixed"));
        }
        self.key_is_free(clean.entity, &clean.key, Some(id)).await?;
        let before = to_dto(&existing);
        let mut row: field_def::ActiveModel = existing.into();
        row.key = Set(clean.key);
        row.label = Set(clean.label);
        row.required = Set(clean.required);
        row.options = Set(serde_json::to_string(&clean.options).unwrap_or_else(|_| "[]".into()));
        let after = to_dto(&row.update(&self.db).await?);
        let entry = Entry::updated(AuditKind::Field, id, &after.label, &before, &after);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }

    /// Retire (or bring back) a field: no longer asked for or required,
    /// its stored values kept.
    pub async fn set_retired(&self, actor: &Actor, id: i32, retired: bool) -> Result<FieldDef> {
        actor.require(Permission::ManageCustomerData)?;
        let existing = self.find(id).await?;
        let before = to_dto(&existing);
        let mut row: field_def::ActiveModel = existing.into();
        row.retired_at = Set(retired.then(|| self.clock.now()));
        let after = to_dto(&row.update(&self.db).await?);
        let entry = Entry::updated(AuditKind::Field, id, &after.label, &before, &after);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }

    /// Put `entity`'s fields in this order (every field, each once).
    pub async fn reorder(
        &self,
        actor: &Actor,
        entity: FieldEntity,
        ids: &[i32],
    ) -> Result<Vec<FieldDef>> {
        actor.require(Permission::ManageCustomerData)?;
        let current = self.list(actor, entity).await?;
        let mut wanted = ids.to_vec();
        wanted.sort_unstable();
        let mut have: Vec<i32> = current.iter().map(|d| d.id).collect();
        have.sort_unstable();
        if wanted != have {
            return Err(Error::field("ids", "not_all_fields"));
        }
        for (position, id) in ids.iter().enumerate() {
            field_def::Entity::update_many()
                .col_expr(
                    field_def::Column::Position,
                    sea_orm::sea_query::Expr::value(position as i32),
                )
                .filter(field_def::Column::Id.eq(*id))
                .exec(&self.db)
                .await?;
        }
        self.list(actor, entity).await
    }

    async fn find(&self, id: i32) -> Result<field_def::Model> {
        field_def::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)
    }

    async fn key_is_free(&self, entity: FieldEntity, key: &str, except: Option<i32>) -> Result<()> {
        let taken = field_def::Entity::find()
            .filter(field_def::Column::Entity.eq(entity))
            .filter(field_def::Column::Key.eq(key))
            .one(&self.db)
            .await?;
        match taken {
            Some(d) if Some(d.id) != except => Err(Error::field("key", "duplicate")),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::fields::FieldKind;

    fn input(kind: FieldKind, key: &str, options: &[(&str, &str)]) -> FieldDefInput {
        FieldDefInput {
            entity: FieldEntity::Customer,
            key: key.into(),
            label: "Level".into(),
            kind,
            required: false,
            options: options
                .iter()
                .map(|(k, l)| FieldOption {
                    key: (*k).into(),
                    label: (*l).into(),
                })
                .collect(),
        }
    }

    fn codes(r: Result<FieldDefInput>) -> Vec<(String, String)> {
        match r {
            Err(Error::Invalid(f)) => f.into_iter().map(|e| (e.field, e.code)).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn keys_are_stable_identifiers() {
        assert!(valid_key("vip_level2"));
        for bad in ["", "2fast", "Vip", "vip-level", "vip level", "会员"] {
            assert!(!valid_key(bad), "{bad}");
        }
    }

    #[test]
    fn selects_need_distinct_options_and_other_kinds_drop_them() {
        let ok = clean_definition(&input(
            FieldKind::SingleSelect,
            "level",
            &[("gold", "Gold"), ("silver", "银")],
        ))
        .unwrap();
        assert_eq!(ok.options.len(), 2);
        assert_eq!(
            codes(clean_definition(&input(
                FieldKind::MultiSelect,
                "level",
                &[]
            ))),
            vec![("options".into(), "required".into())]
        );
        assert_eq!(
            codes(clean_definition(&input(
                FieldKind::SingleSelect,
                "level",
                &[("gold", "Gold"), ("gold", "Again"), ("Bad", "")]
            ))),
            vec![
                ("options.1".into(), "duplicate".into()),
                ("options.2".into(), "invalid_key".into()),
                ("options.2.label".into(), "required".into()),
            ]
        );
        let text = clean_definition(&input(FieldKind::Text, "note", &[("x", "X")])).unwrap();
        assert!(text.options.is_empty());
        assert_eq!(
            codes(clean_definition(&input(FieldKind::Text, "Bad Key", &[]))),
            vec![("key".into(), "invalid_key".into())]
        );
    }
}
