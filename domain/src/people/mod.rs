//! People and access (O1, O2): roles with a permission matrix, agents and
//! agent groups.

pub mod agents;
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

/// Display names of these agents, in one query.
pub(crate) async fn agent_names<C: sea_orm::ConnectionTrait>(
    db: &C,
    mut ids: Vec<i32>,
) -> crate::Result<std::collections::HashMap<i32, String>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(crate::entities::agent::Entity::find()
        .filter(crate::entities::agent::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect())
}
