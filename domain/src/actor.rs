//! The acting person, as every service method sees them.

use std::collections::BTreeSet;

use model::Permission;

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub agent_id: i32,
    pub permissions: BTreeSet<Permission>,
}

impl Actor {
    pub fn new(agent_id: i32, permissions: impl IntoIterator<Item = Permission>) -> Self {
        Self {
            agent_id,
            permissions: permissions.into_iter().collect(),
        }
    }

    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }

    pub fn require(&self, permission: Permission) -> Result<()> {
        if self.can(permission) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }
}
