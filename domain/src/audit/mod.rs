//! The audit log (Console → Audit log): every administrative change —
//! roles, agents, groups, channels, routing and automation settings, API
//! tokens, two-factor resets — with who made it, when, and each changed
//! field before → after. Services record an [`Entry`] after the change
//! succeeds; the actor's name is copied so the event survives a rename or
//! a disabled account. Reading needs `ViewAuditLog`.

mod diff;

pub use diff::{changes, json};

use std::sync::Arc;

use model::audit::{
    AuditAction, AuditActor, AuditChange, AuditEvent, AuditFilter, AuditKind, AuditPage,
    AUDIT_PAGE_MAX,
};
use model::Permission;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use crate::actor::Actor;
use crate::clock::Clock;
use crate::entities::{agent, audit_event};
use crate::error::Result;
use crate::validate::Check;

/// What a service tells the log about one change.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: AuditKind,
    pub action: AuditAction,
    pub target_id: Option<String>,
    pub target_name: Option<String>,
    pub changes: Vec<AuditChange>,
}

impl Entry {
    fn new(kind: AuditKind, action: AuditAction, id: impl ToString, name: &str) -> Self {
        Entry {
            kind,
            action,
            target_id: Some(id.to_string()),
            target_name: Some(name.chars().take(200).collect()),
            changes: Vec::new(),
        }
    }

    pub fn created<T: Serialize>(
        kind: AuditKind,
        id: impl ToString,
        name: &str,
        after: &T,
    ) -> Self {
        let mut e = Entry::new(kind, AuditAction::Create, id, name);
        e.changes = changes(&serde_json::Value::Null, &json(after));
        e
    }

    pub fn updated<T: Serialize>(
        kind: AuditKind,
        id: impl ToString,
        name: &str,
        before: &T,
        after: &T,
    ) -> Self {
        let mut e = Entry::new(kind, AuditAction::Update, id, name);
        e.changes = changes(&json(before), &json(after));
        e
    }

    /// A save of one item: `created` when there was nothing `before`,
    /// else `updated`.
    pub fn saved<T: Serialize>(
        kind: AuditKind,
        id: impl ToString,
        name: &str,
        before: Option<&T>,
        after: &T,
    ) -> Self {
        match before {
            Some(b) => Entry::updated(kind, id, name, b, after),
            None => Entry::created(kind, id, name, after),
        }
    }

    pub fn deleted<T: Serialize>(
        kind: AuditKind,
        id: impl ToString,
        name: &str,
        before: &T,
    ) -> Self {
        let mut e = Entry::new(kind, AuditAction::Delete, id, name);
        e.changes = changes(&json(before), &serde_json::Value::Null);
        e
    }

    /// A change with no fields to show (enable, disable, a reset).
    pub fn action(kind: AuditKind, action: AuditAction, id: impl ToString, name: &str) -> Self {
        Entry::new(kind, action, id, name)
    }

    /// Settings without an id of their own (widget, automation…).
    pub fn settings<T: Serialize>(kind: AuditKind, before: &T, after: &T) -> Self {
        Entry {
            kind,
            action: AuditAction::Update,
            target_id: None,
            target_name: None,
            changes: changes(&json(before), &json(after)),
        }
    }

    /// An update that changed nothing is not worth a line.
    fn is_noop(&self) -> bool {
        self.action == AuditAction::Update && self.changes.is_empty()
    }
}

#[derive(Clone)]
pub struct AuditLog {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
}

impl AuditLog {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }

    /// Write `entry` as `actor`'s, on `db` (a transaction when the change
    /// has one, so both land or neither).
    pub async fn record<C: ConnectionTrait>(
        &self,
        db: &C,
        actor: &Actor,
        entry: Entry,
    ) -> Result<()> {
        if entry.is_noop() {
            return Ok(());
        }
        let name = agent::Entity::find_by_id(actor.agent_id)
            .one(db)
            .await?
            .map(|a| a.display_name)
            .unwrap_or_else(|| format!("#{}", actor.agent_id));
        audit_event::ActiveModel {
            at: Set(self.clock.now()),
            actor_id: Set(Some(actor.agent_id)),
            actor_name: Set(name),
            action: Set(entry.action),
            kind: Set(entry.kind),
            target_id: Set(entry.target_id),
            target_name: Set(entry.target_name),
            changes: Set(serde_json::to_string(&entry.changes).unwrap_or_else(|_| "[]".into())),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(())
    }

    /// Newest first, a page at a time.
    pub async fn list(&self, actor: &Actor, filter: &AuditFilter) -> Result<AuditPage> {
        actor.require(Permission::ViewAuditLog)?;
        let mut check = Check::new();
        let from = check.day("from", filter.from.as_deref());
        let to = check.day("to", filter.to.as_deref());
        check.finish()?;
        use audit_event::Column as C;
        let mut q = audit_event::Entity::find();
        if let Some(a) = filter.actor_id {
            q = q.filter(C::ActorId.eq(a));
        }
        if let Some(k) = filter.kind {
            q = q.filter(C::Kind.eq(k));
        }
        q = q.filter(crate::validate::within_days(C::At, from, to));
        if let Some(before) = filter.before {
            q = q.filter(C::Id.lt(before));
        }
        let mut rows = q
            .order_by_desc(C::Id)
            .limit(AUDIT_PAGE_MAX + 1)
            .all(&self.db)
            .await?;
        let more = rows.len() as u64 > AUDIT_PAGE_MAX;
        rows.truncate(AUDIT_PAGE_MAX as usize);
        Ok(AuditPage {
            next_before: more.then(|| rows.last().map(|r| r.id)).flatten(),
            events: rows.into_iter().map(to_dto).collect(),
        })
    }

    /// Everyone who appears in the log, for the actor filter: the name of
    /// their latest event.
    pub async fn actors(&self, actor: &Actor) -> Result<Vec<AuditActor>> {
        actor.require(Permission::ViewAuditLog)?;
        use audit_event::Column as C;
        let rows: Vec<(Option<i32>, String)> = audit_event::Entity::find()
            .select_only()
            .column(C::ActorId)
            .column(C::ActorName)
            .distinct()
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut actors: Vec<AuditActor> = rows
            .into_iter()
            .filter_map(|(id, name)| Some(AuditActor { id: id?, name }))
            .collect();
        actors.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        actors.dedup_by_key(|a| a.id);
        Ok(actors)
    }
}

fn to_dto(row: audit_event::Model) -> AuditEvent {
    AuditEvent {
        id: row.id,
        at: row.at,
        actor_id: row.actor_id,
        actor_name: row.actor_name,
        action: row.action,
        kind: row.kind,
        target_id: row.target_id,
        target_name: row.target_name,
        changes: serde_json::from_str(&row.changes).unwrap_or_default(),
    }
}
