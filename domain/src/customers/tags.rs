//! The tag set (A3): admins (*Manage customer data*) name and colour tags;
//! every agent reads the set to put tags on customers they serve
//! (`CustomerService::set_tag`). Removing a tag takes it off every customer.

use std::collections::BTreeMap;
use std::sync::Arc;

use model::audit::AuditKind;
use model::customers::{Tag, TagInput, TAG_NAME_MAX};
use model::Permission;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::clock::Clock;
use crate::entities::{customer_tag, tag};
use crate::error::{Error, Result};
use crate::validate::Check;

pub(crate) fn dto(row: tag::Model) -> Tag {
    Tag {
        id: row.id,
        name: row.name,
        color: row.color,
    }
}

/// `#rrggbb`, stored lower-case.
pub fn valid_color(color: &str) -> bool {
    color.len() == 7 && color.starts_with('#') && color[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// The tags of each of these customers, by name.
pub(crate) async fn tags_of<C: ConnectionTrait>(
    db: &C,
    customer_ids: Vec<i64>,
) -> Result<BTreeMap<i64, Vec<Tag>>> {
    let links = customer_tag::Entity::find()
        .filter(customer_tag::Column::CustomerId.is_in(customer_ids))
        .all(db)
        .await?;
    let tags: BTreeMap<i32, Tag> = tag::Entity::find()
        .filter(tag::Column::Id.is_in(links.iter().map(|l| l.tag_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, dto(t)))
        .collect();
    let mut out: BTreeMap<i64, Vec<Tag>> = BTreeMap::new();
    for l in links {
        if let Some(t) = tags.get(&l.tag_id) {
            out.entry(l.customer_id).or_default().push(t.clone());
        }
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }
    Ok(out)
}

#[derive(Clone)]
pub struct TagService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    audit: AuditLog,
}

impl TagService {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, audit: AuditLog) -> Self {
        Self { db, clock, audit }
    }

    /// Every tag, by name (any signed-in agent: they tag customers).
    pub async fn list(&self, _actor: &Actor) -> Result<Vec<Tag>> {
        Ok(tag::Entity::find()
            .order_by_asc(tag::Column::Name)
            .all(&self.db)
            .await?
            .into_iter()
            .map(dto)
            .collect())
    }

    /// Create (`id` None) or rename/recolour a tag. Names are unique
    /// ignoring case.
    pub async fn save(&self, actor: &Actor, id: Option<i32>, input: TagInput) -> Result<Tag> {
        actor.require(Permission::ManageCustomerData)?;
        let existing = match id {
            Some(id) => Some(
                tag::Entity::find_by_id(id)
                    .one(&self.db)
                    .await?
                    .ok_or(Error::NotFound)?,
            ),
            None => None,
        };
        let mut check = Check::new();
        let name = check.required_text("name", &input.name, TAG_NAME_MAX);
        let color = input.color.trim().to_ascii_lowercase();
        if !valid_color(&color) {
            check.fail("color", "invalid_color");
        }
        let lower = name.to_lowercase();
        let taken = tag::Entity::find()
            .all(&self.db)
            .await?
            .into_iter()
            .any(|t| t.name.to_lowercase() == lower && Some(t.id) != id);
        if taken {
            check.fail("name", "duplicate");
        }
        check.finish()?;
        let before = existing.clone().map(dto);
        let mut row: tag::ActiveModel = match existing {
            Some(t) => t.into(),
            None => tag::ActiveModel {
                created_at: Set(self.clock.now()),
                ..Default::default()
            },
        };
        row.name = Set(name);
        row.color = Set(color);
        let saved = match id {
            Some(_) => row.update(&self.db).await,
            None => row.insert(&self.db).await,
        };
        let after = match saved {
            Ok(t) => dto(t),
            Err(e) if crate::people::is_unique_violation(&e) => {
                return Err(Error::field("name", "duplicate"))
            }
            Err(e) => return Err(e.into()),
        };
        let entry = Entry::saved(
            AuditKind::Tag,
            after.id,
            &after.name,
            before.as_ref(),
            &after,
        );
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }

    pub async fn delete(&self, actor: &Actor, id: i32) -> Result<()> {
        actor.require(Permission::ManageCustomerData)?;
        let row = tag::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        customer_tag::Entity::delete_many()
            .filter(customer_tag::Column::TagId.eq(id))
            .exec(&self.db)
            .await?;
        tag::Entity::delete_by_id(id).exec(&self.db).await?;
        let row = dto(row);
        let entry = Entry::deleted(AuditKind::Tag, id, &row.name, &row);
        self.audit.record(&self.db, actor, entry).await
    }
}

#[cfg(test)]
mod tests {
    use super::valid_color;

    #[test]
    fn colours_are_six_hex_digits() {
        assert!(valid_color("#1a2b3c"));
        assert!(!valid_color("#1a2b3"));
        assert!(!valid_color("1a2b3cd"));
        assert!(!valid_color("#1a2b3g"));
        assert!(!valid_color("#ééé"));
    }
}
