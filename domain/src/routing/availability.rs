//! Availability (R5, R6): what the widget needs before a chat — whether
//! anyone who could take this link's chats is online, within working hours,
//! and the survey and leave-a-message settings it shows meanwhile.

use model::automation::VisitorOptions;
use model::people::AgentStatus;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::hours::is_open;
use super::nav_menus::NavMenuService;
use super::queue::QueueService;
use crate::chat::core::ChatCore;
use crate::entities::chat_link;
use crate::error::Result;
use crate::settings::SettingsService;

#[derive(Clone)]
pub struct AvailabilityService {
    core: ChatCore,
    queue: QueueService,
    settings: SettingsService,
    menus: NavMenuService,
}

impl AvailabilityService {
    pub(crate) fn new(
        core: ChatCore,
        queue: QueueService,
        settings: SettingsService,
        menus: NavMenuService,
    ) -> Self {
        Self {
            core,
            queue,
            settings,
            menus,
        }
    }

    /// Public: the widget asks before and while it waits to chat.
    pub async fn visitor_options(&self, link_slug: Option<&str>) -> Result<VisitorOptions> {
        let link = link_slug;
        let link = match link {
            Some(slug) => {
                chat_link::Entity::find()
                    .filter(chat_link::Column::Slug.eq(slug))
                    .one(&self.core.db)
                    .await?
            }
            None => None,
        };
        let (group, only_agent) = link
            .map(|l| (l.group_id, l.agent_id))
            .unwrap_or((None, None));
        let leave_message = self.settings.leave_message().await?;
        let nobody = !self
            .queue
            .candidates(group, only_agent)
            .await?
            .iter()
            .any(|c| c.status == AgentStatus::Online);
        let closed = !is_open(&leave_message.hours, self.core.clock.now());
        Ok(VisitorOptions {
            offline: nobody || closed,
            leave_fields: crate::automation::leave_message::form_fields(
                &self.core.db,
                &leave_message,
            )
            .await?,
            leave_message,
            survey: self.settings.survey().await?,
            menu: self.menus.for_visitor(link_slug).await?,
        })
    }
}
