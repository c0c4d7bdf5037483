//! All domain services, built once at start-up and shared (cheap clones).

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::api_tokens::ApiTokenService;
use crate::auth::AuthService;
use crate::chat::ChatService;
use crate::clock::Clock;
use crate::files::FileStore;
use crate::hub::Hub;
use crate::people::agents::AgentService;
use crate::people::groups::GroupService;
use crate::people::roles::RoleService;
use crate::sessions::SessionRepo;
use crate::settings::SettingsService;
use crate::tickets::TicketService;

#[derive(Clone)]
pub struct Services {
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
    pub auth: AuthService,
    pub api_tokens: ApiTokenService,
    pub roles: RoleService,
    pub agents: AgentService,
    pub groups: GroupService,
    pub sessions: SessionRepo,
    pub chat: ChatService,
    pub settings: SettingsService,
    pub tickets: TicketService,
    pub hub: Hub,
}

impl Services {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, files: FileStore) -> Self {
        let hub = Hub::new();
        Self {
            chat: ChatService::new(db.clone(), clock.clone(), hub.clone(), files),
            settings: SettingsService::new(db.clone()),
            tickets: TicketService::new(db.clone(), clock.clone()),
            hub,
            auth: AuthService::new(db.clone(), clock.clone()),
            api_tokens: ApiTokenService::new(
                db.clone(),
                clock.clone(),
                AuthService::new(db.clone(), clock.clone()),
            ),
            roles: RoleService::new(db.clone(), clock.clone()),
            agents: AgentService::new(db.clone(), clock.clone()),
            groups: GroupService::new(db.clone(), clock.clone()),
            sessions: SessionRepo::new(db.clone()),
            db,
            clock,
        }
    }
}

impl Services {
    /// W6: an agent changes presence; coming online may pull chats from the queue.
    pub async fn set_agent_status(
        &self,
        actor: &crate::Actor,
        status: model::people::AgentStatus,
    ) -> crate::Result<model::people::Agent> {
        let agent = self.agents.set_status(actor, status).await?;
        if status == model::people::AgentStatus::Online {
            self.chat.assign_queued().await?;
        }
        Ok(agent)
    }
}
