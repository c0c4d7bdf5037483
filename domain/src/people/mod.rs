//! People and access (O1, O2): roles with a permission matrix, agents and
//! agent groups.

pub mod agents;
pub(crate) mod grants;
pub mod groups;
pub mod roles;

/// True when a database error is a unique-constraint violation (a race with
/// another writer after our own duplicate check).
pub(crate) fn is_unique_violation(err: &sea_orm::DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// `ids` without repeats, or `None` when there are none to look up.
fn distinct(ids: &mut Vec<i32>) -> Option<Vec<i32>> {
    ids.sort_unstable();
    ids.dedup();
    (!ids.is_empty()).then(|| std::mem::take(ids))
}

/// Display names of these agents, in one query.
pub(crate) async fn agent_names<C: sea_orm::ConnectionTrait>(
    db: &C,
    ids: Vec<i32>,
) -> crate::Result<std::collections::HashMap<i32, String>> {
    Ok(agent_faces(db, ids)
        .await?
        .into_iter()
        .map(|(id, face)| (id, face.name))
        .collect())
}

/// How an agent appears beside their messages: name and avatar.
#[derive(Debug, Clone, Default)]
pub(crate) struct AgentFace {
    pub name: String,
    pub avatar_url: Option<String>,
}

/// Display names and avatars of these agents, in one query.
pub(crate) async fn agent_faces<C: sea_orm::ConnectionTrait>(
    db: &C,
    mut ids: Vec<i32>,
) -> crate::Result<std::collections::HashMap<i32, AgentFace>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let Some(ids) = distinct(&mut ids) else {
        return Ok(Default::default());
    };
    Ok(crate::entities::agent::Entity::find()
        .filter(crate::entities::agent::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| {
            let face = AgentFace {
                avatar_url: agents::avatar_url(&a),
                name: a.display_name,
            };
            (a.id, face)
        })
        .collect())
}

/// Names of these agent groups, in one query.
pub(crate) async fn group_names<C: sea_orm::ConnectionTrait>(
    db: &C,
    mut ids: Vec<i32>,
) -> crate::Result<std::collections::HashMap<i32, String>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let Some(ids) = distinct(&mut ids) else {
        return Ok(Default::default());
    };
    Ok(crate::entities::agent_group::Entity::find()
        .filter(crate::entities::agent_group::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect())
}

/// The groups an agent belongs to, in id order.
pub(crate) async fn group_ids_of<C: sea_orm::ConnectionTrait>(
    db: &C,
    agent_id: i32,
) -> crate::Result<Vec<i32>> {
    use crate::entities::agent_group_member;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let mut ids: Vec<i32> = agent_group_member::Entity::find()
        .filter(agent_group_member::Column::AgentId.eq(agent_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.group_id)
        .collect();
    ids.sort_unstable();
    Ok(ids)
}

/// One agent's display name (empty for an unknown id).
pub(crate) async fn agent_name<C: sea_orm::ConnectionTrait>(
    db: &C,
    id: i32,
) -> crate::Result<String> {
    Ok(agent_names(db, vec![id])
        .await?
        .remove(&id)
        .unwrap_or_default())
}

/// Enabled agents (but `except`) by display name, and all groups by name:
/// where a conversation can be transferred or a chat link can point.
pub(crate) async fn agents_and_groups<C: sea_orm::ConnectionTrait>(
    db: &C,
    except: Option<i32>,
) -> crate::Result<model::chat::TransferTargets> {
    use crate::entities::{agent, agent_group};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let mut q = agent::Entity::find().filter(agent::Column::Enabled.eq(true));
    if let Some(id) = except {
        q = q.filter(agent::Column::Id.ne(id));
    }
    let agents = q
        .order_by_asc(agent::Column::DisplayName)
        .all(db)
        .await?
        .into_iter()
        .map(|a| {
            let status = a.status;
            (a.id, a.display_name, status)
        })
        .collect();
    let groups = agent_group::Entity::find()
        .order_by_asc(agent_group::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    Ok(model::chat::TransferTargets { agents, groups })
}
