//! Canned replies (W7): every agent keeps their own; shared ones are
//! managed with *Manage customer data* (and audit-logged). An agent reads
//! their own and the shared ones; anyone else's look missing.

use std::sync::Arc;

use model::audit::AuditKind;
use model::canned::{CannedReply, CannedReplyInput, BODY_MAX, CATEGORY_MAX, TITLE_MAX};
use model::Permission;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::clock::Clock;
use crate::entities::canned_reply;
use crate::error::{Error, Result};
use crate::validate::Check;

fn dto(row: canned_reply::Model) -> CannedReply {
    CannedReply {
        id: row.id,
        shared: row.owner_id.is_none(),
        category: row.category,
        title: row.title,
        body: row.body,
    }
}

#[derive(Clone)]
pub struct CannedReplyService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    audit: AuditLog,
}

impl CannedReplyService {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, audit: AuditLog) -> Self {
        Self { db, clock, audit }
    }

    /// The agent's own replies and the shared ones, by category and title.
    pub async fn list(&self, actor: &Actor) -> Result<Vec<CannedReply>> {
        Ok(canned_reply::Entity::find()
            .filter(
                Condition::any()
                    .add(canned_reply::Column::OwnerId.is_null())
                    .add(canned_reply::Column::OwnerId.eq(actor.agent_id)),
            )
            .order_by_asc(canned_reply::Column::Category)
            .order_by_asc(canned_reply::Column::Title)
            .all(&self.db)
            .await?
            .into_iter()
            .map(dto)
            .collect())
    }

    /// Create (`id` None) or change a reply. A reply stays shared or
    /// personal as it was made.
    pub async fn save(
        &self,
        actor: &Actor,
        id: Option<i32>,
        input: CannedReplyInput,
    ) -> Result<CannedReply> {
        let existing = match id {
            Some(id) => Some(self.writable(actor, id).await?),
            None => None,
        };
        let shared = existing
            .as_ref()
            .map_or(input.shared, |r| r.owner_id.is_none());
        if shared {
            actor.require(Permission::ManageCustomerData)?;
        }
        let mut check = Check::new();
        let title = check.required_text("title", &input.title, TITLE_MAX);
        let body = check.required_text("body", &input.body, BODY_MAX);
        let category = check
            .optional_text("category", Some(&input.category), CATEGORY_MAX)
            .unwrap_or_default();
        check.finish()?;
        let now = self.clock.now();
        let before = existing.clone().map(dto);
        let mut row: canned_reply::ActiveModel = match existing {
            Some(r) => r.into(),
            None => canned_reply::ActiveModel {
                owner_id: Set((!shared).then_some(actor.agent_id)),
                created_at: Set(now),
                ..Default::default()
            },
        };
        row.title = Set(title);
        row.body = Set(body);
        row.category = Set(category);
        row.updated_at = Set(now);
        let after = dto(match id {
            Some(_) => row.update(&self.db).await?,
            None => row.insert(&self.db).await?,
        });
        if shared {
            let entry = Entry::saved(
                AuditKind::CannedReply,
                after.id,
                &after.title,
                before.as_ref(),
                &after,
            );
            self.audit.record(&self.db, actor, entry).await?;
        }
        Ok(after)
    }

    pub async fn delete(&self, actor: &Actor, id: i32) -> Result<()> {
        let row = self.writable(actor, id).await?;
        canned_reply::Entity::delete_by_id(id)
            .exec(&self.db)
            .await?;
        if row.owner_id.is_none() {
            let row = dto(row);
            let entry = Entry::deleted(AuditKind::CannedReply, id, &row.title, &row);
            self.audit.record(&self.db, actor, entry).await?;
        }
        Ok(())
    }

    /// The agent's own reply, or a shared one they may manage.
    async fn writable(&self, actor: &Actor, id: i32) -> Result<canned_reply::Model> {
        let row = canned_reply::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        match row.owner_id {
            Some(owner) if owner == actor.agent_id => Ok(row),
            Some(_) => Err(Error::NotFound),
            None => {
                actor.require(Permission::ManageCustomerData)?;
                Ok(row)
            }
        }
    }
}
