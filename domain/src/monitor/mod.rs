//! The live monitor (M1): every enabled agent's figures, the queue and the
//! conversations in progress, for supervisors (*View all transcripts*).
//! Read from the database each time (pure parts in [`figures`]).

pub mod figures;

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

use crate::chat::dto::visitor_names;
use crate::people::{agent_names, group_names};
use figures::{AgentRow, Names};

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
        let (queue_length, queue_oldest) = figures::queue(&conversations);
        let live: Vec<&conversation::Model> = conversations
            .iter()
            .filter(|c| c.status != ConversationStatus::Ended)
            .collect();
        let visitors = visitor_names(&self.db, live.iter().map(|c| c.visitor_id).collect()).await?;
        let groups =
            group_names(&self.db, live.iter().filter_map(|c| c.group_id).collect()).await?;
        // Disabled agents still serving a chat are named too.
        let agent_names =
            agent_names(&self.db, live.iter().filter_map(|c| c.agent_id).collect()).await?;
        let live = live
            .into_iter()
            .filter_map(|c| {
                let names = Names {
                    visitor: visitors.get(&c.visitor_id).cloned().unwrap_or_default(),
                    agent: c.agent_id.and_then(|id| agent_names.get(&id).cloned()),
                    group: c.group_id.and_then(|id| groups.get(&id).cloned()),
                };
                figures::live(c, names)
            })
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
