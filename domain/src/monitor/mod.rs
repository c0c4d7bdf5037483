//! The live monitor (M1): every enabled agent's figures, the queue and the
//! conversations in progress, for supervisors (*View all transcripts*).
//! Read from the database each time (pure parts in [`figures`]).

pub mod figures;

use std::collections::HashMap;
use std::sync::Arc;

use model::chat::ConversationStatus;
use model::monitor::MonitorSnapshot;
use model::Permission;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::actor::Actor;
use crate::clock::Clock;
use crate::entities::{agent, conversation};
use crate::error::Result;
use crate::settings::SettingsService;

use figures::AgentRow;

#[derive(Clone)]
pub struct MonitorService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    settings: SettingsService,
}

impl MonitorService {
    pub(crate) fn new(
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        settings: SettingsService,
    ) -> Self {
        Self {
            db,
            clock,
            settings,
        }
    }

    /// The monitor as of now. "Today" starts at midnight in the team's
    /// zone (the working hours' UTC offset).
    pub async fn snapshot(&self, actor: &Actor) -> Result<MonitorSnapshot> {
        actor.require(Permission::ViewAllTranscripts)?;
        let now = self.clock.now();
        let offset = self.settings.leave_message().await?.hours.utc_offset_mins;
        let since = figures::day_start(now, offset);
        let default_max = self.settings.automation().await?.default_max_chats;
        let conversations = conversation::Entity::find()
            .filter(
                Condition::any()
                    .add(conversation::Column::Status.ne(ConversationStatus::Ended))
                    .add(conversation::Column::AssignedAt.gte(since)),
            )
            .order_by_asc(conversation::Column::StartedAt)
            .all(&self.db)
            .await?;
        let agents: Vec<AgentRow> = agent::Entity::find()
            .filter(agent::Column::Enabled.eq(true))
            .order_by_asc(agent::Column::DisplayName)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|a| AgentRow {
                id: a.id,
                name: a.display_name,
                status: a.status,
                status_since: a.status_since.unwrap_or(a.updated_at),
                max_chats: a.max_chats,
            })
            .collect();
        let names: HashMap<i32, String> = agents.iter().map(|a| (a.id, a.name.clone())).collect();
        let (queue_length, queue_oldest) = figures::queue(&conversations);
        let live = conversations
            .iter()
            .filter_map(|c| figures::live(c, c.agent_id.and_then(|id| names.get(&id).cloned())))
            .collect();
        Ok(MonitorSnapshot {
            at: now,
            agents: figures::agent_figures(&agents, &conversations, since, default_max),
            queue_length,
            queue_oldest,
            conversations: live,
        })
    }
}
