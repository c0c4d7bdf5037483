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
