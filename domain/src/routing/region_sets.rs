//! Region sets (P2): a named list of places ("East China" = Shanghai,
//! Jiangsu, Zhejiang, …) defined once and named by routing rules. A set a
//! rule still names cannot be deleted.

use std::sync::Arc;

use model::audit::AuditKind;
use model::routing::{Condition, RegionSet, RegionSetInput, REGION_SET_NAME_MAX};
use model::Permission;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, QueryOrder, Set};

use super::rule_check::{check_places, clean_places};
use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::clock::Clock;
use crate::entities::{region_set, routing_rule};
use crate::error::{Error, Result};
use crate::validate::Check;

#[derive(Clone)]
pub struct RegionSetService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    audit: AuditLog,
}

fn dto(row: region_set::Model) -> RegionSet {
    RegionSet {
        id: row.id,
        name: row.name,
        places: serde_json::from_str(&row.places).unwrap_or_default(),
    }
}

impl RegionSetService {
    pub(crate) fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, audit: AuditLog) -> Self {
        Self { db, clock, audit }
    }

    pub async fn list(&self, actor: &Actor) -> Result<Vec<RegionSet>> {
        actor.require(Permission::ManageRouting)?;
        Ok(region_set::Entity::find()
            .order_by_asc(region_set::Column::Name)
            .all(&self.db)
            .await?
            .into_iter()
            .map(dto)
            .collect())
    }

    /// Create (`id` None) or change a set. Names are unique ignoring case.
    pub async fn save(
        &self,
        actor: &Actor,
        id: Option<i32>,
        input: RegionSetInput,
    ) -> Result<RegionSet> {
        actor.require(Permission::ManageRouting)?;
        let existing = match id {
            Some(id) => Some(
                region_set::Entity::find_by_id(id)
                    .one(&self.db)
                    .await?
                    .ok_or(Error::NotFound)?,
            ),
            None => None,
        };
        let mut check = Check::new();
        let name = check.required_text("name", &input.name, REGION_SET_NAME_MAX);
        if input.places.is_empty() {
            check.fail("places", "required");
        }
        check_places(&mut check, "places", &input.places);
        let lower = name.to_lowercase();
        let taken = region_set::Entity::find()
            .all(&self.db)
            .await?
            .into_iter()
            .any(|s| s.name.to_lowercase() == lower && Some(s.id) != id);
        if taken {
            check.fail("name", "duplicate");
        }
        check.finish()?;
        let places = serde_json::to_string(&clean_places(&input.places))
            .map_err(|e| Error::Internal(format!("region set: {e}")))?;
        let before = existing.clone().map(dto);
        let mut row: region_set::ActiveModel = match existing {
            Some(s) => s.into(),
            None => region_set::ActiveModel {
                created_at: Set(self.clock.now()),
                ..Default::default()
            },
        };
        row.name = Set(name);
        row.places = Set(places);
        let saved = match id {
            Some(_) => row.update(&self.db).await,
            None => row.insert(&self.db).await,
        };
        let after = match saved {
            Ok(s) => dto(s),
            Err(e) if crate::people::is_unique_violation(&e) => {
                return Err(Error::field("name", "duplicate"))
            }
            Err(e) => return Err(e.into()),
        };
        let entry = Entry::saved(
            AuditKind::RegionSet,
            after.id,
            &after.name,
            before.as_ref(),
            &after,
        );
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }

    /// Delete a set no rule names (`in_use` otherwise).
    pub async fn delete(&self, actor: &Actor, id: i32) -> Result<()> {
        actor.require(Permission::ManageRouting)?;
        let row = region_set::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let used = routing_rule::Entity::find()
            .all(&self.db)
            .await?
            .iter()
            .any(|r| {
                serde_json::from_str::<Vec<Condition>>(&r.conditions)
                    .unwrap_or_default()
                    .iter()
                    .any(|c| matches!(c, Condition::Region { region_sets, .. } if region_sets.contains(&id)))
            });
        if used {
            return Err(Error::field("id", "in_use"));
        }
        let before = dto(row);
        region_set::Entity::delete_by_id(id).exec(&self.db).await?;
        let entry = Entry::deleted(AuditKind::RegionSet, id, &before.name, &before);
        self.audit.record(&self.db, actor, entry).await
    }
}
