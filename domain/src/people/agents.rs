//! Agents (O2): create, edit, disable; own status and personal max chats (W6).

use std::collections::HashMap;
use std::sync::Arc;

use model::access::BuiltinRole;
use model::audit::{AuditAction, AuditChange, AuditKind};
use model::chat::ServerEvent;
use model::people::{
    Agent, AgentInput, AgentStatus, EMAIL_MAX, MAX_CHATS_LIMIT, NAME_MAX, PASSWORD_MAX,
    PASSWORD_MIN,
};
use model::Permission;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::clock::Clock;
use crate::entities::{agent, agent_group, agent_group_member, role};
use crate::error::{Error, Result};
use crate::passwords;
use crate::routing::queue::QueueService;
use crate::sessions::SessionRepo;
use crate::validate::Check;

use super::grants::{may_assign, may_manage, Grant, Granter};
use super::is_unique_violation;
use crate::files::FileStore;
use crate::hub::{Hub, Topic};

mod avatars;
pub use avatars::AvatarImage;

const AVATAR_URL_MAX: usize = 512;

#[derive(Clone)]
pub struct AgentService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    sessions: SessionRepo,
    /// A change of status or limit may free capacity for waiting visitors.
    queue: QueueService,
    audit: AuditLog,
    /// Where uploaded avatars are kept, with every other upload.
    files: FileStore,
    /// Supervisors watching the monitor hear of every change (M1).
    hub: Hub,
}

/// Validated agent fields, ready to store.
struct Clean {
    email: String,
    name: String,
    display_name: String,
    avatar_url: Option<String>,
    role_id: i32,
    group_ids: Vec<i32>,
    max_chats: Option<i32>,
    password: Option<String>,
}

impl AgentService {
    pub(crate) fn new(
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        sessions: SessionRepo,
        queue: QueueService,
        audit: AuditLog,
        (files, hub): (FileStore, Hub),
    ) -> Self {
        Self {
            db,
            clock,
            sessions,
            queue,
            audit,
            files,
            hub,
        }
    }

    pub async fn list(&self, actor: &Actor) -> Result<Vec<Agent>> {
        actor.require(Permission::ManagePeople)?;
        let rows = agent::Entity::find()
            .find_also_related(role::Entity)
            .order_by_asc(agent::Column::Id)
            .all(&self.db)
            .await?;
        let mut groups: HashMap<i32, Vec<i32>> = HashMap::new();
        for m in agent_group_member::Entity::find().all(&self.db).await? {
            groups.entry(m.agent_id).or_default().push(m.group_id);
        }
        Ok(rows
            .into_iter()
            .map(|(a, r)| {
                let g = groups.remove(&a.id).unwrap_or_default();
                to_dto(a, r, g)
            })
            .collect())
    }

    pub async fn get(&self, actor: &Actor, id: i32) -> Result<Agent> {
        if actor.agent_id != id {
            actor.require(Permission::ManagePeople)?;
        }
        self.load(id).await
    }

    async fn load(&self, id: i32) -> Result<Agent> {
        let (a, r) = agent::Entity::find_by_id(id)
            .find_also_related(role::Entity)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let groups = super::group_ids_of(&self.db, id).await?;
        Ok(to_dto(a, r, groups))
    }

    async fn validate(&self, input: &AgentInput, except: Option<i32>) -> Result<Clean> {
        let mut check = Check::new();
        let email = check.email("email", &input.email, EMAIL_MAX);
        if !check.has("email") {
            let taken = agent::Entity::find()
                .filter(agent::Column::Email.eq(&email))
                .one(&self.db)
                .await?;
            if taken.is_some_and(|a| Some(a.id) != except) {
                check.fail("email", "duplicate");
            }
        }
        let name = check.required_text("name", &input.name, NAME_MAX);
        let display_name =
            match check.optional_text("display_name", Some(&input.display_name), NAME_MAX) {
                Some(d) => d,
                None => name.clone(),
            };
        let avatar_url =
            check.optional_text("avatar_url", input.avatar_url.as_deref(), AVATAR_URL_MAX);
        if let Some(url) = &avatar_url {
            if !(url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/'))
            {
                check.fail("avatar_url", "invalid_url");
            }
        }
        if role::Entity::find_by_id(input.role_id)
            .one(&self.db)
            .await?
            .is_none()
        {
            check.fail("role_id", "required");
        }
        let mut group_ids = input.group_ids.clone();
        group_ids.sort_unstable();
        group_ids.dedup();
        if !group_ids.is_empty() {
            let known = agent_group::Entity::find()
                .filter(agent_group::Column::Id.is_in(group_ids.clone()))
                .count(&self.db)
                .await?;
            if known as usize != group_ids.len() {
                check.fail("group_ids", "not_found");
            }
        }
        if let Some(n) = input.max_chats {
            check.range("max_chats", n.into(), 1, MAX_CHATS_LIMIT.into());
        }
        let password = match input.password.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => {
                check.min_len("password", p, PASSWORD_MIN);
                check.max_len("password", p, PASSWORD_MAX);
                Some(p.to_owned())
            }
            None if except.is_none() => {
                check.fail("password", "required");
                None
            }
            None => None,
        };
        check.finish()?;
        Ok(Clean {
            email,
            name,
            display_name,
            avatar_url,
            role_id: input.role_id,
            group_ids,
            max_chats: input.max_chats,
            password,
        })
    }

    pub async fn create(&self, actor: &Actor, input: AgentInput) -> Result<Agent> {
        actor.require(Permission::ManagePeople)?;
        let clean = self.validate(&input, None).await?;
        let who = Granter::of(&self.db, actor).await?;
        may_assign(&who, &self.grant(clean.role_id).await?)
            .map_err(|code| Error::field("role_id", code))?;
        let hash = passwords::hash(clean.password.as_deref().unwrap_or_default()).await?;
        let now = self.clock.now();
        let txn = self.db.begin().await?;
        let row = agent::ActiveModel {
            email: Set(clean.email),
            password_hash: Set(hash),
            name: Set(clean.name),
            display_name: Set(clean.display_name),
            avatar_url: Set(clean.avatar_url),
            role_id: Set(clean.role_id),
            max_chats: Set(clean.max_chats),
            enabled: Set(true),
            status: Set(AgentStatus::Offline),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(map_unique)?;
        set_groups(&txn, row.id, &clean.group_ids).await?;
        txn.commit().await?;
        self.changed(row.id);
        let created = self.load(row.id).await?;
        let entry = Entry::created(AuditKind::Agent, row.id, &created.name, &created);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(created)
    }

    pub async fn update(&self, actor: &Actor, id: i32, input: AgentInput) -> Result<Agent> {
        actor.require(Permission::ManagePeople)?;
        let existing = agent::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let clean = self.validate(&input, Some(id)).await?;
        let who = Granter::of(&self.db, actor).await?;
        if !may_manage(&who, &self.grant(existing.role_id).await?) {
            return Err(Error::Forbidden);
        }
        if id == actor.agent_id
            && !who.admin
            && super::group_ids_of(&self.db, id).await? != clean.group_ids
        {
            return Err(Error::field("group_ids", "own_groups"));
        }
        if existing.role_id != clean.role_id {
            if existing.enabled {
                self.keep_an_admin(id, "role_id").await?;
            }
            if id == actor.agent_id {
                return Err(Error::field("role_id", "own_role"));
            }
            may_assign(&who, &self.grant(clean.role_id).await?)
                .map_err(|code| Error::field("role_id", code))?;
        }
        let hash = match &clean.password {
            Some(p) => Some(passwords::hash(p).await?),
            None => None,
        };
        let before = self.load(id).await?;
        // The form sends back the avatar it showed: that keeps an upload.
        let keeps_avatar = clean.avatar_url == before.avatar_url;
        let dropped_upload = existing.avatar_key.clone().filter(|_| !keeps_avatar);
        let txn = self.db.begin().await?;
        let mut row: agent::ActiveModel = existing.into();
        row.email = Set(clean.email);
        row.name = Set(clean.name);
        row.display_name = Set(clean.display_name);
        if !keeps_avatar {
            row.avatar_url = Set(clean.avatar_url);
            row.avatar_key = Set(None);
            row.avatar_type = Set(None);
        }
        row.role_id = Set(clean.role_id);
        row.max_chats = Set(clean.max_chats);
        if let Some(hash) = hash {
            row.password_hash = Set(hash);
        }
        row.updated_at = Set(self.clock.now());
        row.update(&txn).await.map_err(map_unique)?;
        set_groups(&txn, id, &clean.group_ids).await?;
        txn.commit().await?;
        if let Some(key) = dropped_upload {
            self.files.remove(&key).await;
        }
        self.capacity_changed().await;
        self.changed(id);
        let after = self.load(id).await?;
        let mut entry = Entry::updated(AuditKind::Agent, id, &after.name, &before, &after);
        if clean.password.is_some() {
            entry.changes.push(AuditChange::secret("password"));
        }
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }

    /// Disable or re-enable an agent. Disabling ends all of their sessions.
    pub async fn set_enabled(&self, actor: &Actor, id: i32, enabled: bool) -> Result<Agent> {
        actor.require(Permission::ManagePeople)?;
        let existing = agent::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let who = Granter::of(&self.db, actor).await?;
        if !may_manage(&who, &self.grant(existing.role_id).await?) {
            return Err(Error::Forbidden);
        }
        if !enabled {
            if id == actor.agent_id {
                return Err(Error::field("enabled", "cannot_disable_self"));
            }
            if existing.enabled {
                self.keep_an_admin(id, "enabled").await?;
            }
        }
        let was = existing.status;
        let mut row: agent::ActiveModel = existing.into();
        row.enabled = Set(enabled);
        if !enabled && was != AgentStatus::Offline {
            row.status = Set(AgentStatus::Offline);
            row.status_since = Set(Some(self.clock.now()));
        }
        row.updated_at = Set(self.clock.now());
        row.update(&self.db).await?;
        if !enabled && was != AgentStatus::Offline {
            log_status(&self.db, id, AgentStatus::Offline, self.clock.now()).await?;
        }
        if enabled {
            self.capacity_changed().await;
        } else {
            let ended = self.sessions.delete_for_agent(id).await?;
            tracing::info!(
                agent = id,
                sessions = ended,
                "agent disabled; sessions ended"
            );
        }
        self.changed(id);
        let after = self.load(id).await?;
        let action = match enabled {
            true => AuditAction::Enable,
            false => AuditAction::Disable,
        };
        let entry = Entry::action(AuditKind::Agent, action, id, &after.name);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }

    /// W6: an agent sets their own presence. The one path for status changes.
    pub async fn set_status(&self, actor: &Actor, status: AgentStatus) -> Result<Agent> {
        let existing = agent::Entity::find_by_id(actor.agent_id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let changed = existing.status != status;
        let mut row: agent::ActiveModel = existing.into();
        row.status = Set(status);
        if changed {
            // The monitor's "time in status" (M1) counts from here.
            row.status_since = Set(Some(self.clock.now()));
        }
        row.updated_at = Set(self.clock.now());
        row.update(&self.db).await?;
        if changed {
            log_status(&self.db, actor.agent_id, status, self.clock.now()).await?;
        }
        // Coming online may pull chats from the queue (whichever way the
        // status was set: workbench, API, tests).
        if status == AgentStatus::Online {
            self.capacity_changed().await;
        }
        if changed {
            self.changed(actor.agent_id);
        }
        self.load(actor.agent_id).await
    }

    /// W6/R4: an agent sets their own max concurrent chats, where the role allows.
    pub async fn set_own_max_chats(&self, actor: &Actor, max_chats: Option<i32>) -> Result<Agent> {
        actor.require(Permission::SetOwnMaxChats)?;
        let mut check = Check::new();
        if let Some(n) = max_chats {
            check.range("max_chats", n.into(), 1, MAX_CHATS_LIMIT.into());
        }
        check.finish()?;
        let existing = agent::Entity::find_by_id(actor.agent_id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let mut row: agent::ActiveModel = existing.into();
        row.max_chats = Set(max_chats);
        row.updated_at = Set(self.clock.now());
        row.update(&self.db).await?;
        self.capacity_changed().await;
        self.changed(actor.agent_id);
        self.load(actor.agent_id).await
    }

    /// The change is saved; waiting visitors may get in now. A failure here
    /// is not the caller's: the timers' next tick drains the queue anyway.
    /// Tell the monitor (M1) to read this agent's figures again.
    fn changed(&self, agent_id: i32) {
        self.hub
            .publish(Topic::Supervisors, ServerEvent::AgentChanged { agent_id });
    }

    async fn capacity_changed(&self) {
        if let Err(e) = self.queue.drain().await {
            tracing::warn!(error = %e, "queue drain after an agent change failed");
        }
    }

    /// Refuse a change that would leave no enabled admin.
    /// What holding this role grants.
    async fn grant(&self, role_id: i32) -> Result<Grant> {
        let role = role::Entity::find_by_id(role_id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        Ok(Grant::of(&role))
    }

    async fn keep_an_admin(&self, changing: i32, field: &str) -> Result<()> {
        let admin_role = role::Entity::find()
            .filter(role::Column::Builtin.eq(BuiltinRole::Admin))
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let others = agent::Entity::find()
            .filter(agent::Column::RoleId.eq(admin_role.id))
            .filter(agent::Column::Enabled.eq(true))
            .filter(agent::Column::Id.ne(changing))
            .count(&self.db)
            .await?;
        let is_admin = agent::Entity::find_by_id(changing)
            .one(&self.db)
            .await?
            .is_some_and(|a| a.role_id == admin_role.id);
        if is_admin && others == 0 {
            return Err(Error::field(field, "last_admin"));
        }
        Ok(())
    }
}

pub(crate) async fn set_groups<C: sea_orm::ConnectionTrait>(
    db: &C,
    agent_id: i32,
    group_ids: &[i32],
) -> Result<()> {
    agent_group_member::Entity::delete_many()
        .filter(agent_group_member::Column::AgentId.eq(agent_id))
        .exec(db)
        .await?;
    if !group_ids.is_empty() {
        agent_group_member::Entity::insert_many(group_ids.iter().map(|g| {
            agent_group_member::ActiveModel {
                group_id: Set(*g),
                agent_id: Set(agent_id),
            }
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}

fn map_unique(err: sea_orm::DbErr) -> Error {
    if is_unique_violation(&err) {
        Error::field("email", "duplicate")
    } else {
        Error::Db(err)
    }
}

fn to_dto(a: agent::Model, r: Option<role::Model>, group_ids: Vec<i32>) -> Agent {
    let avatar_url = avatar_url(&a);
    Agent {
        id: a.id,
        email: a.email,
        name: a.name,
        display_name: a.display_name,
        avatar_url,
        role_id: a.role_id,
        role_name: r.map(|r| r.name).unwrap_or_default(),
        group_ids,
        max_chats: a.max_chats,
        enabled: a.enabled,
        status: a.status,
        created_at: a.created_at,
        two_factor: a.totp_enabled_at.is_some(),
    }
}

/// Where an agent's avatar is shown from: the upload, else the address.
pub(crate) fn avatar_url(a: &agent::Model) -> Option<String> {
    match &a.avatar_key {
        Some(key) => Some(format!("{}{key}", model::people::AVATAR_PATH)),
        None => a.avatar_url.clone(),
    }
}

/// Keep the status an agent set, for the agent work report's time in each
/// status (M5).
async fn log_status(
    db: &DatabaseConnection,
    agent_id: i32,
    status: AgentStatus,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    crate::entities::agent_status_log::ActiveModel {
        agent_id: Set(agent_id),
        status: Set(status),
        at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
