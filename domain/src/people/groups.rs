//! Agent groups (O2): teams that routing and assignment target.

use std::collections::HashMap;
use std::sync::Arc;

use model::audit::AuditKind;
use model::people::{Group, GroupInput, DESCRIPTION_MAX, NAME_MAX};
use model::Permission;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::clock::Clock;
use crate::entities::{agent, agent_group, agent_group_member, ticket};
use crate::error::{Error, Result};
use crate::validate::Check;

use super::grants::{may_manage, Grant, Granter};
use super::is_unique_violation;
use sea_orm::sea_query::Expr;

#[derive(Clone)]
pub struct GroupService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    audit: AuditLog,
}

impl GroupService {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, audit: AuditLog) -> Self {
        Self { db, clock, audit }
    }

    pub async fn list(&self, actor: &Actor) -> Result<Vec<Group>> {
        actor.require(Permission::ManagePeople)?;
        let groups = agent_group::Entity::find()
            .order_by_asc(agent_group::Column::Name)
            .all(&self.db)
            .await?;
        let mut members: HashMap<i32, Vec<i32>> = HashMap::new();
        for m in agent_group_member::Entity::find().all(&self.db).await? {
            members.entry(m.group_id).or_default().push(m.agent_id);
        }
        Ok(groups
            .into_iter()
            .map(|g| {
                let ids = members.remove(&g.id).unwrap_or_default();
                to_dto(g, ids)
            })
            .collect())
    }

    pub async fn get(&self, actor: &Actor, id: i32) -> Result<Group> {
        actor.require(Permission::ManagePeople)?;
        self.load(id).await
    }

    async fn load(&self, id: i32) -> Result<Group> {
        let g = agent_group::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let mut ids: Vec<i32> = agent_group_member::Entity::find()
            .filter(agent_group_member::Column::GroupId.eq(id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| m.agent_id)
            .collect();
        ids.sort_unstable();
        Ok(to_dto(g, ids))
    }

    async fn validate(
        &self,
        input: &GroupInput,
        except: Option<i32>,
    ) -> Result<(String, String, Vec<i32>)> {
        let mut check = Check::new();
        let name = check.required_text("name", &input.name, NAME_MAX);
        if !check.has("name") {
            let taken = agent_group::Entity::find()
                .filter(agent_group::Column::Name.eq(&name))
                .one(&self.db)
                .await?;
            if taken.is_some_and(|g| Some(g.id) != except) {
                check.fail("name", "duplicate");
            }
        }
        let description = check
            .optional_text("description", Some(&input.description), DESCRIPTION_MAX)
            .unwrap_or_default();
        let mut members = input.member_ids.clone();
        members.sort_unstable();
        members.dedup();
        if !members.is_empty() {
            let known = agent::Entity::find()
                .filter(agent::Column::Id.is_in(members.clone()))
                .count(&self.db)
                .await?;
            if known as usize != members.len() {
                check.fail("member_ids", "not_found");
            }
        }
        check.finish()?;
        Ok((name, description, members))
    }

    pub async fn create(&self, actor: &Actor, input: GroupInput) -> Result<Group> {
        actor.require(Permission::ManagePeople)?;
        let (name, description, members) = self.validate(&input, None).await?;
        let txn = self.db.begin().await?;
        let g = agent_group::ActiveModel {
            name: Set(name),
            description: Set(description),
            created_at: Set(self.clock.now()),
            assignment: Set(input.assignment),
            returning_first: Set(input.returning_first),
            bot_mode: Set(input.bot_mode.map(|m| m.key().to_owned())),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(map_unique)?;
        set_members(&txn, g.id, &members).await?;
        txn.commit().await?;
        let created = self.load(g.id).await?;
        let entry = Entry::created(AuditKind::Group, g.id, &created.name, &created);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(created)
    }

    pub async fn update(&self, actor: &Actor, id: i32, input: GroupInput) -> Result<Group> {
        actor.require(Permission::ManagePeople)?;
        let existing = agent_group::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let (name, description, members) = self.validate(&input, Some(id)).await?;
        let before: Vec<i32> = agent_group_member::Entity::find()
            .filter(agent_group_member::Column::GroupId.eq(id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| m.agent_id)
            .collect();
        self.may_change_members(actor, &before, &members).await?;
        let before = self.load(id).await?;
        let txn = self.db.begin().await?;
        let mut row: agent_group::ActiveModel = existing.into();
        row.name = Set(name);
        row.description = Set(description);
        row.assignment = Set(input.assignment);
        row.returning_first = Set(input.returning_first);
        row.bot_mode = Set(input.bot_mode.map(|m| m.key().to_owned()));
        row.update(&txn).await.map_err(map_unique)?;
        set_members(&txn, id, &members).await?;
        txn.commit().await?;
        let after = self.load(id).await?;
        let entry = Entry::updated(AuditKind::Group, id, &after.name, &before, &after);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }

    /// Membership gives sight of the group's tickets: a non-Admin neither
    /// changes their own groups nor those of an account out of their reach.
    async fn may_change_members(&self, actor: &Actor, before: &[i32], after: &[i32]) -> Result<()> {
        let who = Granter::of(&self.db, actor).await?;
        if who.admin {
            return Ok(());
        }
        let changed: Vec<i32> = before
            .iter()
            .filter(|a| !after.contains(a))
            .chain(after.iter().filter(|a| !before.contains(a)))
            .copied()
            .collect();
        if changed.contains(&actor.agent_id) {
            return Err(Error::field("member_ids", "own_groups"));
        }
        for agent_id in changed {
            let Some(a) = agent::Entity::find_by_id(agent_id).one(&self.db).await? else {
                continue;
            };
            let Some(role) = crate::entities::role::Entity::find_by_id(a.role_id)
                .one(&self.db)
                .await?
            else {
                continue;
            };
            if !may_manage(&who, &Grant::of(&role)) {
                return Err(Error::field("member_ids", "admin_only"));
            }
        }
        Ok(())
    }

    pub async fn delete(&self, actor: &Actor, id: i32) -> Result<()> {
        actor.require(Permission::ManagePeople)?;
        let before = self.load(id).await?;
        let txn = self.db.begin().await?;
        let res = agent_group::Entity::delete_by_id(id).exec(&txn).await?;
        if res.rows_affected == 0 {
            return Err(Error::NotFound);
        }
        // Its tickets must not vanish from everyone's sight.
        ticket::Entity::update_many()
            .col_expr(ticket::Column::GroupId, Expr::value(Option::<i32>::None))
            .filter(ticket::Column::GroupId.eq(id))
            .exec(&txn)
            .await?;
        let entry = Entry::deleted(AuditKind::Group, id, &before.name, &before);
        self.audit.record(&txn, actor, entry).await?;
        txn.commit().await?;
        Ok(())
    }
}

async fn set_members<C: sea_orm::ConnectionTrait>(
    db: &C,
    group_id: i32,
    members: &[i32],
) -> Result<()> {
    agent_group_member::Entity::delete_many()
        .filter(agent_group_member::Column::GroupId.eq(group_id))
        .exec(db)
        .await?;
    if !members.is_empty() {
        agent_group_member::Entity::insert_many(members.iter().map(|a| {
            agent_group_member::ActiveModel {
                group_id: Set(group_id),
                agent_id: Set(*a),
            }
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}

fn map_unique(err: sea_orm::DbErr) -> Error {
    if is_unique_violation(&err) {
        Error::field("name", "duplicate")
    } else {
        Error::Db(err)
    }
}

fn to_dto(g: agent_group::Model, member_ids: Vec<i32>) -> Group {
    Group {
        id: g.id,
        name: g.name,
        description: g.description,
        member_ids,
        assignment: g.assignment,
        returning_first: g.returning_first,
        bot_mode: g
            .bot_mode
            .as_deref()
            .and_then(model::bot::BotMode::from_key),
    }
}
