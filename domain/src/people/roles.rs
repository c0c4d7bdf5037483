//! Roles (O1): the built-in Admin and Agent roles plus custom ones, each with
//! a set of permissions.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use model::access::BuiltinRole;
use model::audit::AuditKind;
use model::people::{Role, RoleInput, NAME_MAX};
use model::Permission;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use super::grants::{may_assign, may_edit_role, Grant, Granter};
use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::clock::Clock;
use crate::entities::{agent, role};
use crate::error::{Error, Result};
use crate::validate::Check;

use super::is_unique_violation;
use std::sync::Arc;

/// Ids of the built-in roles.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinRoleIds {
    pub admin: i32,
    pub agent: i32,
}

/// The permissions a role grants; the admin role always grants all of them.
pub fn permissions_of(r: &role::Model) -> Vec<Permission> {
    if r.builtin == Some(BuiltinRole::Admin) {
        return Permission::ALL.to_vec();
    }
    let keys: Vec<String> = serde_json::from_str(&r.permissions).unwrap_or_default();
    let set: BTreeSet<Permission> = keys
        .iter()
        .filter_map(|k| Permission::from_key(k))
        .collect();
    set.into_iter().collect()
}

fn encode_permissions(perms: &[Permission]) -> String {
    let set: BTreeSet<Permission> = perms.iter().copied().collect();
    let keys: Vec<&str> = set.into_iter().map(Permission::key).collect();
    serde_json::to_string(&keys).unwrap_or_else(|_| "[]".into())
}

pub(crate) async fn ensure_builtin_roles(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<BuiltinRoleIds> {
    let mut ids = [0; 2];
    for (slot, builtin, name) in [
        (0, BuiltinRole::Admin, "Admin"),
        (1, BuiltinRole::Agent, "Agent"),
    ] {
        let found = role::Entity::find()
            .filter(role::Column::Builtin.eq(builtin))
            .one(db)
            .await?;
        ids[slot] = match found {
            Some(r) => r.id,
            None => {
                role::ActiveModel {
                    name: Set(name.into()),
                    builtin: Set(Some(builtin)),
                    permissions: Set(encode_permissions(&builtin.default_permissions())),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(db)
                .await?
                .id
            }
        };
    }
    Ok(BuiltinRoleIds {
        admin: ids[0],
        agent: ids[1],
    })
}

#[derive(Clone)]
pub struct RoleService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    audit: AuditLog,
}

impl RoleService {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, audit: AuditLog) -> Self {
        Self { db, clock, audit }
    }

    /// Roles are listed to anyone who manages people (to pick one for an agent).
    pub async fn list(&self, actor: &Actor) -> Result<Vec<Role>> {
        actor.require(Permission::ManagePeople)?;
        let roles = role::Entity::find()
            .order_by_asc(role::Column::Id)
            .all(&self.db)
            .await?;
        let agents = agent::Entity::find().all(&self.db).await?;
        let mut counts: HashMap<i32, u64> = HashMap::new();
        for a in &agents {
            *counts.entry(a.role_id).or_default() += 1;
        }
        Ok(roles
            .iter()
            .map(|r| to_dto(r, counts.get(&r.id).copied().unwrap_or(0)))
            .collect())
    }

    pub async fn get(&self, actor: &Actor, id: i32) -> Result<Role> {
        actor.require(Permission::ManagePeople)?;
        let r = self.find(id).await?;
        let count = agent::Entity::find()
            .filter(agent::Column::RoleId.eq(id))
            .count(&self.db)
            .await?;
        Ok(to_dto(&r, count))
    }

    async fn find(&self, id: i32) -> Result<role::Model> {
        role::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)
    }

    async fn validate(&self, input: &RoleInput, except: Option<i32>) -> Result<String> {
        let mut check = Check::new();
        let name = check.required_text("name", &input.name, NAME_MAX);
        if !check.has("name") {
            let taken = role::Entity::find()
                .filter(role::Column::Name.eq(&name))
                .one(&self.db)
                .await?;
            if taken.is_some_and(|r| Some(r.id) != except) {
                check.fail("name", "duplicate");
            }
        }
        check.finish()?;
        Ok(name)
    }

    pub async fn create(&self, actor: &Actor, input: RoleInput) -> Result<Role> {
        actor.require(Permission::ManagePeople)?;
        let who = Granter::of(&self.db, actor).await?;
        let name = self.validate(&input, None).await?;
        let grant = Grant {
            builtin: None,
            permissions: input.permissions.clone(),
        };
        may_assign(&who, &grant).map_err(|code| Error::field("permissions", code))?;
        let row = role::ActiveModel {
            name: Set(name),
            builtin: Set(None),
            permissions: Set(encode_permissions(&input.permissions)),
            created_at: Set(self.clock.now()),
            require_two_factor: Set(input.require_two_factor),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map_err(map_unique)?;
        let role = to_dto(&row, 0);
        let entry = Entry::created(AuditKind::Role, role.id, &role.name, &role);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(role)
    }

    /// The admin role keeps its name and permissions; the built-in agent
    /// role keeps its name but its permissions may change. Whether members
    /// need two-factor sign-in may change for every role, the editor's own
    /// included (it takes nothing away from anyone but adds a step), by an
    /// Admin only for the Admin role and for their own.
    pub async fn update(&self, actor: &Actor, id: i32, input: RoleInput) -> Result<Role> {
        actor.require(Permission::ManagePeople)?;
        let existing = self.find(id).await?;
        let builtin = existing.builtin;
        let who = Granter::of(&self.db, actor).await?;
        let before_perms = permissions_of(&existing);
        // The Admin role always holds everything, so that is what its
        // input must say.
        let same_perms =
            BTreeSet::from_iter(&before_perms) == BTreeSet::from_iter(&input.permissions);
        let only_two_factor = same_perms && input.name.trim() == existing.name;
        let name = if builtin == Some(BuiltinRole::Admin) {
            if !only_two_factor {
                return Err(Error::field("name", "builtin_role"));
            }
            if !who.admin {
                return Err(Error::field("require_two_factor", "admin_only"));
            }
            existing.name.clone()
        } else {
            let name = self.validate(&input, Some(id)).await?;
            if builtin.is_some() && name != existing.name {
                return Err(Error::field("name", "builtin_role"));
            }
            if id == who.role_id && only_two_factor {
                if !who.admin {
                    return Err(Error::field("require_two_factor", "own_role"));
                }
            } else {
                may_edit_role(&who, id, &before_perms, &input.permissions)
                    .map_err(|code| Error::field("permissions", code))?;
            }
            name
        };
        if input.require_two_factor && !existing.require_two_factor && id == who.role_id {
            // Requiring it of yourself without having it would sign you out.
            let me = agent::Entity::find_by_id(actor.agent_id)
                .one(&self.db)
                .await?;
            if me.is_none_or(|a| a.totp_enabled_at.is_none()) {
                return Err(Error::field("require_two_factor", "enrol_first"));
            }
        }
        let before = self.get(actor, id).await?;
        let mut row: role::ActiveModel = existing.into();
        row.require_two_factor = Set(input.require_two_factor);
        row.name = Set(name);
        if builtin != Some(BuiltinRole::Admin) {
            row.permissions = Set(encode_permissions(&input.permissions));
        }
        row.update(&self.db).await.map_err(map_unique)?;
        let after = self.get(actor, id).await?;
        let entry = Entry::updated(AuditKind::Role, id, &after.name, &before, &after);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }

    pub async fn delete(&self, actor: &Actor, id: i32) -> Result<()> {
        actor.require(Permission::ManagePeople)?;
        let existing = self.find(id).await?;
        if existing.builtin.is_some() {
            return Err(Error::field("name", "builtin_role"));
        }
        let in_use = agent::Entity::find()
            .filter(agent::Column::RoleId.eq(id))
            .count(&self.db)
            .await?;
        if in_use > 0 {
            return Err(Error::field("name", "role_in_use"));
        }
        role::Entity::delete_by_id(id).exec(&self.db).await?;
        let before = to_dto(&existing, 0);
        let entry = Entry::deleted(AuditKind::Role, id, &before.name, &before);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(())
    }
}

fn map_unique(err: sea_orm::DbErr) -> Error {
    if is_unique_violation(&err) {
        Error::field("name", "duplicate")
    } else {
        Error::Db(err)
    }
}

fn to_dto(r: &role::Model, agent_count: u64) -> Role {
    Role {
        id: r.id,
        name: r.name.clone(),
        builtin: r.builtin,
        permissions: permissions_of(r),
        agent_count,
        require_two_factor: r.require_two_factor,
    }
}
