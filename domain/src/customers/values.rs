//! A record's custom field values (a customer's, a company's or a
//! ticket's): checked against the definitions, stored as typed rows of
//! `field_values`, read back by field key. The callers (customer, company
//! and ticket services) check who may read or write the record itself.

use std::collections::BTreeMap;

use model::fields::{FieldDef, FieldEntity, FieldKind, FieldValues};
use model::FieldError;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::definitions::definitions_of;
use super::fields::{shown_value, stored_values, Stored};
use crate::entities::field_value;
use crate::error::{Error, Result};

/// The rows `values` become, checked against the definitions: unknown or
/// retired keys and bad values are field errors named `fields.<key>`, all
/// at once. With `complete`, every required field must be given (a new
/// record); otherwise only the fields given are checked (an edit).
pub fn check_values(
    defs: &[FieldDef],
    values: &FieldValues,
    complete: bool,
) -> std::result::Result<Vec<(i32, Vec<Stored>)>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for key in values.keys() {
        if !defs.iter().any(|d| d.key == *key && !d.retired) {
            errors.push(FieldError::new(&format!("fields.{key}"), "unknown_field"));
        }
    }
    for def in defs.iter().filter(|d| !d.retired) {
        let given = values.get(&def.key);
        if given.is_none() && !complete {
            continue;
        }
        match stored_values(def, given) {
            Ok(rows) => out.push((def.id, rows)),
            Err(code) => errors.push(FieldError::new(&format!("fields.{}", def.key), code)),
        }
    }
    match errors.is_empty() {
        true => Ok(out),
        false => Err(errors),
    }
}

/// Replace the given fields' values of record `record_id` (run it in the
/// record's transaction).
pub async fn save<C: ConnectionTrait>(
    db: &C,
    entity: FieldEntity,
    record_id: i64,
    values: &FieldValues,
    complete: bool,
) -> Result<()> {
    let defs = definitions_of(db, entity).await?;
    save_with(db, &defs, record_id, values, complete).await
}

/// As `save`, against the given definitions (a record template's fields).
pub async fn save_with<C: ConnectionTrait>(
    db: &C,
    defs: &[FieldDef],
    record_id: i64,
    values: &FieldValues,
    complete: bool,
) -> Result<()> {
    let checked = check_values(defs, values, complete).map_err(Error::Invalid)?;
    for (field_id, rows) in checked {
        field_value::Entity::delete_many()
            .filter(field_value::Column::FieldId.eq(field_id))
            .filter(field_value::Column::RecordId.eq(record_id))
            .exec(db)
            .await?;
        let long = defs
            .iter()
            .any(|d| d.id == field_id && d.kind == FieldKind::LongText);
        for stored in rows {
            let mut row = field_value::ActiveModel {
                field_id: Set(field_id),
                record_id: Set(record_id),
                value_text: Set(None),
                value_long: Set(None),
                value_number: Set(None),
                value_date: Set(None),
                value_flag: Set(None),
                ..Default::default()
            };
            match stored {
                Stored::Text(t) if long => row.value_long = Set(Some(t)),
                Stored::Text(t) => row.value_text = Set(Some(t)),
                Stored::Number(n) => row.value_number = Set(Some(n)),
                Stored::Date(d) => row.value_date = Set(Some(d)),
                Stored::Flag(b) => row.value_flag = Set(Some(b)),
            }
            sea_orm::ActiveModelTrait::insert(row, db).await?;
        }
    }
    Ok(())
}

/// Record `record_id`'s values by field key (retired fields' too).
pub async fn load<C: ConnectionTrait>(
    db: &C,
    entity: FieldEntity,
    record_id: i64,
) -> Result<FieldValues> {
    let defs = definitions_of(db, entity).await?;
    let rows = field_value::Entity::find()
        .filter(field_value::Column::FieldId.is_in(defs.iter().map(|d| d.id)))
        .filter(field_value::Column::RecordId.eq(record_id))
        .order_by_asc(field_value::Column::Id)
        .all(db)
        .await?;
    let mut by_field: BTreeMap<i32, Vec<Stored>> = BTreeMap::new();
    for r in rows {
        let stored = match (
            r.value_text,
            r.value_long,
            r.value_number,
            r.value_date,
            r.value_flag,
        ) {
            (Some(t), ..) | (_, Some(t), ..) => Stored::Text(t),
            (_, _, Some(n), ..) => Stored::Number(n),
            (_, _, _, Some(d), _) => Stored::Date(d),
            (_, _, _, _, Some(b)) => Stored::Flag(b),
            _ => continue,
        };
        by_field.entry(r.field_id).or_default().push(stored);
    }
    let mut out = FieldValues::new();
    for def in &defs {
        let rows = by_field.get(&def.id).map(Vec::as_slice).unwrap_or_default();
        if let Some(v) = shown_value(def, rows) {
            out.insert(def.key.clone(), v);
        }
    }
    Ok(out)
}

/// Move every value of record `from` to record `to` (merging two customers
/// or companies); `to`'s own value wins where both have one.
pub async fn merge<C: ConnectionTrait>(
    db: &C,
    entity: FieldEntity,
    from: i64,
    to: i64,
) -> Result<()> {
    let defs = definitions_of(db, entity).await?;
    let ids: Vec<i32> = defs.iter().map(|d| d.id).collect();
    let kept: Vec<i32> = field_value::Entity::find()
        .filter(field_value::Column::FieldId.is_in(ids.clone()))
        .filter(field_value::Column::RecordId.eq(to))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.field_id)
        .collect();
    field_value::Entity::delete_many()
        .filter(field_value::Column::FieldId.is_in(kept.clone()))
        .filter(field_value::Column::RecordId.eq(from))
        .exec(db)
        .await?;
    field_value::Entity::update_many()
        .col_expr(
            field_value::Column::RecordId,
            sea_orm::sea_query::Expr::value(to),
        )
        .filter(field_value::Column::FieldId.is_in(ids))
        .filter(field_value::Column::RecordId.eq(from))
        .exec(db)
        .await?;
    Ok(())
}
