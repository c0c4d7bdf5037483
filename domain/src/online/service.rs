//! The agents' side of online visitors: the list (a page at a time, the
//! whole list lives in memory), one visitor's visit, inviting them, and the
//! console's invitation settings. Changes reach agents batched: at most one
//! `OnlineVisitors` event a second, after which lists read their page again.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use model::audit::AuditKind;
use model::chat::{ConversationStatus, ServerEvent};
use model::online::{
    InvitationSettings, InvitationState, InvitationStatus, OnlineVisitorDetail, OnlineVisitors,
    PageView, SiteServerMsg, INVITE_TEXT_MAX, ONLINE_PAGE_SIZE,
};
use model::Permission;
use rand::RngCore;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

use super::invitations::check_settings;
use super::registry::Registry;
use super::site::check_site_id;
use super::views::ViewWriter;
use crate::actor::Actor;
use crate::clock::Clock;
use crate::entities::{agent, conversation, site_visitor, visitor};
use crate::error::{Error, Result};
use crate::hub::{Hub, Topic};
use crate::routing::routing_rules::RoutingRuleService;
use crate::settings::{SettingsService, INVITATIONS};
use crate::validate::Check;

/// How often agents' lists hear of changes, at most.
const BATCH: std::time::Duration = std::time::Duration::from_secs(1);
/// Every this many batches, lists re-read who is chatting.
const CHATTING_EVERY: u64 = 3;

#[derive(Clone)]
pub struct OnlineVisitorService {
    pub(super) db: DatabaseConnection,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) settings: SettingsService,
    pub(super) routing: RoutingRuleService,
    registry: Arc<Mutex<Registry>>,
    dirty: Arc<AtomicBool>,
    pub(super) views: ViewWriter,
    /// The invitation settings, read on every page view: kept a few
    /// seconds (a save here clears it; other processes see it within 5 s).
    invitations: Arc<Mutex<Option<(std::time::Instant, InvitationSettings)>>>,
}

/// How long page views use the invitation settings they read.
const SETTINGS_TTL: std::time::Duration = std::time::Duration::from_secs(5);

/// A random id for an invitation.
pub(super) fn new_id() -> String {
    let mut bytes = [0u8; 12];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

impl OnlineVisitorService {
    /// Starts the task that sweeps departed visitors and tells agents of
    /// changes, so call it inside a tokio runtime.
    pub(crate) fn new(
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        hub: Hub,
        settings: SettingsService,
        routing: RoutingRuleService,
    ) -> Self {
        let service = Self {
            views: ViewWriter::start(db.clone()),
            invitations: Arc::default(),
            db,
            clock,
            settings,
            routing,
            registry: Arc::default(),
            dirty: Arc::default(),
        };
        let weak = Arc::downgrade(&service.registry);
        let (dirty, clock) = (service.dirty.clone(), service.clock.clone());
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(BATCH);
            let mut n: u64 = 0;
            loop {
                tick.tick().await;
                n += 1;
                let Some(registry) = weak.upgrade() else {
                    return;
                };
                let (swept, total, chatters) = {
                    let mut reg = registry.lock().unwrap_or_else(|e| e.into_inner());
                    let swept = reg.sweep(clock.now());
                    let chatters = reg.live.values().any(|l| l.visitor_id.is_some());
                    (swept, reg.live.len(), chatters)
                };
                // Whether someone is chatting is the database's to say (a
                // chat starts or ends elsewhere): lists re-read it every few
                // seconds while anyone online has a widget open.
                let recheck = chatters && n.is_multiple_of(CHATTING_EVERY);
                if dirty.swap(false, Ordering::Relaxed) || swept || recheck {
                    hub.publish(Topic::Agents, ServerEvent::OnlineVisitors { total });
                }
            }
        });
        service
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, Registry> {
        self.registry.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Something agents see changed: tell them with the next batch.
    pub(super) fn touch(&self) {
        self.dirty.store(true, Ordering::Relaxed);
    }

    /// The invitation settings, from the cache while it is fresh.
    pub(super) async fn cached_invitations(&self) -> Result<InvitationSettings> {
        let cached = self
            .invitations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .filter(|(at, _)| at.elapsed() < SETTINGS_TTL);
        if let Some((_, s)) = cached {
            return Ok(s);
        }
        let fresh = self.settings.invitations().await?;
        *self.invitations.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((std::time::Instant::now(), fresh.clone()));
        Ok(fresh)
    }

    /// Which of these chat visitors have a conversation open.
    async fn chatting(&self, visitor_ids: Vec<i64>) -> Result<HashSet<i64>> {
        if visitor_ids.is_empty() {
            return Ok(HashSet::new());
        }
        Ok(conversation::Entity::find()
            .select_only()
            .column(conversation::Column::VisitorId)
            .filter(conversation::Column::VisitorId.is_in(visitor_ids))
            .filter(conversation::Column::Status.ne(ConversationStatus::Ended))
            .into_tuple::<i64>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect())
    }

    /// Online visitors matching `q`, page `page` (from 0), newest first.
    /// Every agent may look: inviting is part of answering chats.
    pub async fn list(&self, _actor: &Actor, q: &str, page: usize) -> Result<OnlineVisitors> {
        let offset = page.saturating_mul(ONLINE_PAGE_SIZE);
        let (total, mut visitors, ids) = {
            let reg = self.lock();
            let (total, rows) = reg.page(q, offset, ONLINE_PAGE_SIZE);
            let ids: Vec<i64> = rows
                .iter()
                .filter_map(|r| reg.live.get(&r.id).and_then(|l| l.visitor_id))
                .collect();
            (total, rows, ids)
        };
        let chatting = self.chatting(ids).await?;
        let reg = self.lock();
        for v in &mut visitors {
            let visitor = reg.live.get(&v.id).and_then(|l| l.visitor_id);
            v.chatting = visitor.is_some_and(|id| chatting.contains(&id));
        }
        Ok(OnlineVisitors { total, visitors })
    }

    /// One online visitor: this visit's pages and the customer they are.
    pub async fn detail(&self, _actor: &Actor, id: &str) -> Result<OnlineVisitorDetail> {
        let (row, pages, visitor_id) = {
            let reg = self.lock();
            let l = reg.live.get(id).ok_or(Error::NotFound)?;
            let pages: Vec<PageView> = l.trail.iter().rev().cloned().collect();
            (l.to_dto(id), pages, l.visitor_id)
        };
        let customer_id = match visitor_id {
            Some(v) => visitor::Entity::find_by_id(v)
                .one(&self.db)
                .await?
                .and_then(|v| v.customer_id),
            None => None,
        };
        let chatting = match visitor_id {
            Some(v) => self.chatting(vec![v]).await?.contains(&v),
            None => false,
        };
        Ok(OnlineVisitorDetail {
            visitor: model::online::OnlineVisitor { chatting, ..row },
            pages,
            customer_id,
        })
    }

    /// Invite an online visitor with the agent's own words; the loader
    /// shows them at once.
    pub async fn invite(&self, actor: &Actor, id: &str, text: &str) -> Result<InvitationState> {
        let mut check = Check::new();
        let text = check.required_text("text", text, INVITE_TEXT_MAX);
        check.finish()?;
        let me = agent::Entity::find_by_id(actor.agent_id)
            .one(&self.db)
            .await?
            .ok_or(Error::Unauthenticated)?;
        let name = if me.display_name.trim().is_empty() {
            me.name
        } else {
            me.display_name
        };
        let state = InvitationState {
            id: new_id(),
            agent_name: Some(name.clone()),
            text: text.clone(),
            status: InvitationStatus::Pending,
            at: self.clock.now(),
        };
        {
            let mut reg = self.lock();
            let Some(l) = reg.live.get_mut(id).filter(|l| l.sockets > 0) else {
                // Gone since the list was read: say so next to the visitor.
                let mut check = Check::new();
                check.fail("id", "offline");
                return Err(check.finish().unwrap_err());
            };
            l.invitation = Some(state.clone());
            l.invitation_is_auto = false;
            let _ = l.tx.send(SiteServerMsg::Invite {
                id: state.id.clone(),
                text,
                after_secs: 0,
                agent: Some(name),
            });
        }
        self.touch();
        Ok(state)
    }

    /// The widget of site visitor `id` connected as chat visitor
    /// `visitor_id`: their conversations now show as theirs. An id that
    /// is malformed or unknown is ignored (it only ever labels a list).
    pub async fn link_visitor(&self, id: &str, visitor_id: i64) -> Result<()> {
        let mut check = Check::new();
        check_site_id(&mut check, "vid", id);
        if check.finish().is_err() {
            return Ok(());
        }
        let known = {
            let mut reg = self.lock();
            match reg.live.get_mut(id) {
                Some(l) if l.visitor_id == Some(visitor_id) => return Ok(()),
                Some(l) => {
                    l.visitor_id = Some(visitor_id);
                    true
                }
                None => false,
            }
        };
        if known {
            self.touch();
        }
        site_visitor::Entity::update_many()
            .col_expr(
                site_visitor::Column::VisitorId,
                sea_orm::sea_query::Expr::value(visitor_id),
            )
            .filter(site_visitor::Column::Id.eq(id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// How many are online in this process (for health and the bench).
    pub fn online_count(&self) -> usize {
        self.lock().live.len()
    }

    pub async fn invitation_settings(&self, actor: &Actor) -> Result<InvitationSettings> {
        actor.require(Permission::ManageRouting)?;
        self.settings.invitations().await
    }

    pub async fn save_invitation_settings(
        &self,
        actor: &Actor,
        input: InvitationSettings,
    ) -> Result<InvitationSettings> {
        actor.require(Permission::ManageRouting)?;
        let mut check = Check::new();
        let clean = check_settings(&mut check, &input);
        check.finish()?;
        self.settings
            .put_by(actor, AuditKind::Invitations, INVITATIONS, &clean)
            .await?;
        *self.invitations.lock().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(clean)
    }
}
