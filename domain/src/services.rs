//! All domain services, built once at start-up and shared (cheap clones).

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::AuthService;
use crate::clock::Clock;
use crate::people::agents::AgentService;
use crate::people::groups::GroupService;
use crate::people::roles::RoleService;
use crate::sessions::SessionRepo;

#[derive(Clone)]
pub struct Services {
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
    pub auth: AuthService,
    pub roles: RoleService,
    pub agents: AgentService,
    pub groups: GroupService,
    pub sessions: SessionRepo,
}

impl Services {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>) -> Self {
        Self {
            auth: AuthService::new(db.clone(), clock.clone()),
            roles: RoleService::new(db.clone(), clock.clone()),
            agents: AgentService::new(db.clone(), clock.clone()),
            groups: GroupService::new(db.clone(), clock.clone()),
            sessions: SessionRepo::new(db.clone()),
            db,
            clock,
        }
    }
}
