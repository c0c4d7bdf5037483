//! Applying assignment (R3) and the queue (R4): gather candidates, ask the
//! pure `pick_agent`, and store the choice. Assignments happen one at a time
//! under `assign_lock`, and the UPDATE itself re-checks the agent's load, so
//! two visitors arriving at once never push an agent over capacity.
//!
//! `drain` is the one answer to "capacity may have freed": every path that
//! frees or adds capacity (a chat ends, an agent comes online or gets a
//! higher limit, an admin raises the default, the timers' safety net) calls
//! it, and it connects waiting visitors oldest first.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use model::automation::{QueueEntry, QueueSpot};
use model::chat::{ConversationStatus, ServerEvent};
use model::people::AgentStatus;
use model::Permission;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};

use super::assignment::{pick_agent, Candidate, Rules};
use super::eta::{average_handle_secs, eta_secs, places};
use crate::actor::Actor;
use crate::chat::core::ChatCore;
use crate::entities::{agent, agent_group, agent_group_member, chat_link, conversation};
use crate::error::Result;
use crate::hub::Topic;
use crate::settings::SettingsService;

/// How many recent chats the handle-time average is taken over.
const HANDLE_SAMPLE: u64 = 50;

/// What `publish` last told visitors and agents.
#[derive(Default)]
struct QueueSent {
    spots: HashMap<i64, QueueSpot>,
    length: Option<usize>,
}

#[derive(Clone)]
pub struct QueueService {
    core: ChatCore,
    settings: SettingsService,
    /// One assignment decision at a time in this process (R3 race-free).
    assign_lock: Arc<tokio::sync::Mutex<()>>,
    /// The queue places last sent, so only changes go out (R4).
    sent: Arc<std::sync::Mutex<QueueSent>>,
}

impl QueueService {
    pub(crate) fn new(core: ChatCore, settings: SettingsService) -> Self {
        Self {
            core,
            settings,
            assign_lock: Arc::default(),
            sent: Arc::default(),
        }
    }

    // -------------------------------------------------------- candidates

    /// The assignment rules of a group, or the global ones.
    async fn rules_for(&self, group_id: Option<i32>) -> Result<Rules> {
        if let Some(g) = group_id {
            if let Some(group) = agent_group::Entity::find_by_id(g)
                .one(&self.core.db)
                .await?
            {
                return Ok(Rules {
                    mode: group.assignment,
                    returning_first: group.returning_first,
                });
            }
        }
        let global = self.settings.automation().await?;
        Ok(Rules {
            mode: global.assignment,
            returning_first: global.returning_first,
        })
    }

    /// Everyone who could take a chat of this group (or this one agent),
    /// whatever their status: `pick_agent` decides who is available.
    pub(crate) async fn candidates(
        &self,
        group_id: Option<i32>,
        only_agent: Option<i32>,
    ) -> Result<Vec<Candidate>> {
        self.candidates_on(&self.core.db, group_id, only_agent)
            .await
    }

    async fn candidates_on<C: ConnectionTrait>(
        &self,
        db: &C,
        group_id: Option<i32>,
        only_agent: Option<i32>,
    ) -> Result<Vec<Candidate>> {
        let mut q = agent::Entity::find().filter(agent::Column::Enabled.eq(true));
        if let Some(a) = only_agent {
            q = q.filter(agent::Column::Id.eq(a));
        } else if let Some(g) = group_id {
            q = q.filter(
                agent::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(agent_group_member::Column::AgentId)
                        .from(agent_group_member::Entity)
                        .and_where(agent_group_member::Column::GroupId.eq(g))
                        .to_owned(),
                ),
            );
        }
        let agents = q.all(db).await?;
        if agents.is_empty() {
            return Ok(vec![]);
        }
        let default_max = self.settings.automation().await?.default_max_chats;
        let ids: Vec<i32> = agents.iter().map(|a| a.id).collect();
        let load: HashMap<i32, i64> = conversation::Entity::find()
            .filter(conversation::Column::Status.eq(ConversationStatus::Active))
            .filter(conversation::Column::AgentId.is_in(ids))
            .select_only()
            .column(conversation::Column::AgentId)
            .column_as(conversation::Column::Id.count(), "n")
            .group_by(conversation::Column::AgentId)
            .into_tuple::<(Option<i32>, i64)>()
            .all(db)
            .await?
            .into_iter()
            .filter_map(|(a, n)| a.map(|a| (a, n)))
            .collect();
        Ok(agents
            .into_iter()
            .map(|a| Candidate {
                agent_id: a.id,
                status: a.status,
                active_chats: load.get(&a.id).copied().unwrap_or(0),
                max_chats: a.max_chats.map(i64::from).unwrap_or(default_max),
                last_assigned: a.last_assigned_at.map(|t| t.timestamp_millis()),
            })
            .collect())
    }

    /// The agent of the visitor's latest earlier conversation (R3 returning).
    async fn previous_agent<C: ConnectionTrait>(
        &self,
        db: &C,
        visitor_id: i64,
        before: i64,
    ) -> Result<Option<i32>> {
        Ok(conversation::Entity::find()
            .filter(conversation::Column::VisitorId.eq(visitor_id))
            .filter(conversation::Column::Id.lt(before))
            .filter(conversation::Column::AgentId.is_not_null())
            .order_by_desc(conversation::Column::Id)
            .one(db)
            .await?
            .and_then(|c| c.agent_id))
    }

    /// The one agent a conversation is for: a routing rule's, else its link's.
    async fn link_agent(&self, conv: &conversation::Model) -> Result<Option<i32>> {
        if conv.target_agent_id.is_some() {
            return Ok(conv.target_agent_id);
        }
        // A rule or menu that chose a group replaces the link's own agent.
        let routed_to_group = conv
            .routing
            .as_deref()
            .and_then(|j| serde_json::from_str::<model::routing::RoutingDecision>(j).ok())
            .is_some_and(|d| matches!(d.target, Some(model::routing::RouteTarget::Group(_))));
        if routed_to_group {
            return Ok(None);
        }
        Ok(match conv.link_id {
            Some(l) => chat_link::Entity::find_by_id(l)
                .one(&self.core.db)
                .await?
                .and_then(|l| l.agent_id),
            None => None,
        })
    }

    // -------------------------------------------------------- assignment

    /// Choose an agent for a conversation (never `exclude`) and store the
    /// choice. The caller holds `assign_lock`. On PostgreSQL the decision
    /// also holds a transaction-scoped advisory lock, so several server
    /// processes decide one at a time; SQLite has a single writer, and the
    /// guarded UPDATE re-counts the agent's load as it writes. Returns the
    /// conversation as stored, assigned or not.
    async fn assign_locked(
        &self,
        conv: conversation::Model,
        exclude: Option<i32>,
    ) -> Result<conversation::Model> {
        let id = conv.id;
        let db = &self.core.db;
        if db.get_database_backend() == DbBackend::Postgres {
            let txn = db.begin().await?;
            txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({ASSIGN_LOCK_KEY})"))
                .await?;
            self.assign_on(&txn, conv, exclude).await?;
            txn.commit().await?;
        } else {
            self.assign_on(db, conv, exclude).await?;
        }
        self.core.find(id).await
    }

    async fn assign_on<C: ConnectionTrait>(
        &self,
        db: &C,
        conv: conversation::Model,
        exclude: Option<i32>,
    ) -> Result<()> {
        let only_agent = self.link_agent(&conv).await?;
        let mut candidates = self.candidates_on(db, conv.group_id, only_agent).await?;
        candidates.retain(|c| Some(c.agent_id) != exclude);
        let rules = self.rules_for(conv.group_id).await?;
        let previous = if rules.returning_first {
            self.previous_agent(db, conv.visitor_id, conv.id).await?
        } else {
            None
        };
        let Some(agent_id) = pick_agent(&candidates, rules, previous) else {
            return Ok(());
        };
        let max = candidates
            .iter()
            .find(|c| c.agent_id == agent_id)
            .map(|c| c.max_chats)
            .unwrap_or_default();
        let now = self.core.clock.now();
        if assign_statement(&conv, agent_id, max, now)
            .exec(db)
            .await?
            .rows_affected
            == 1
        {
            agent::Entity::update_many()
                .col_expr(agent::Column::LastAssignedAt, Expr::value(now))
                .filter(agent::Column::Id.eq(agent_id))
                .exec(db)
                .await?;
        }
        Ok(())
    }

    /// Give a new conversation to an agent if one can take it, else queue it.
    pub(crate) async fn assign_new(
        &self,
        conv: conversation::Model,
    ) -> Result<conversation::Model> {
        let conv = {
            let _turn = self.assign_lock.lock().await;
            self.assign_locked(conv, None).await?
        };
        self.core.publish_conversation(&conv, None).await?;
        if conv.status == ConversationStatus::Queued {
            self.publish().await?;
        }
        Ok(conv)
    }

    /// A queued conversation (a transfer to a group) to anyone but `sender`
    /// (the agent it came from, if any). The caller publishes the result.
    pub(crate) async fn assign_excluding(
        &self,
        conv: conversation::Model,
        sender: Option<i32>,
    ) -> Result<conversation::Model> {
        let _turn = self.assign_lock.lock().await;
        self.assign_locked(conv, sender).await
    }

    /// Hand an active conversation to someone other than its agent (R10
    /// reassign). Returns the new agent, or `None` when nobody can take it.
    pub(crate) async fn reassign(&self, conv: conversation::Model) -> Result<Option<i32>> {
        let previous = conv.agent_id;
        let moved = {
            let _turn = self.assign_lock.lock().await;
            self.assign_locked(conv, previous).await?
        };
        if moved.agent_id == previous {
            return Ok(None);
        }
        self.core.publish_conversation(&moved, previous).await?;
        Ok(moved.agent_id)
    }

    /// Capacity may have freed: assign waiting conversations, oldest first,
    /// while agents have room. Returns how many were connected.
    pub async fn drain(&self) -> Result<usize> {
        let queued = self.waiting_rows().await?;
        if queued.is_empty() {
            self.publish().await?;
            return Ok(0);
        }
        let mut assigned = vec![];
        {
            let _turn = self.assign_lock.lock().await;
            for conv in queued {
                let conv = self.assign_locked(conv, None).await?;
                if conv.status == ConversationStatus::Active {
                    assigned.push(conv);
                }
            }
        }
        for conv in &assigned {
            self.core.publish_conversation(conv, None).await?;
        }
        self.publish().await?;
        Ok(assigned.len())
    }

    // -------------------------------------------------------- the queue

    /// Waiting conversations, oldest first.
    async fn waiting_rows(&self) -> Result<Vec<conversation::Model>> {
        Ok(conversation::Entity::find()
            .filter(conversation::Column::Status.eq(ConversationStatus::Queued))
            .order_by_asc(conversation::Column::Id)
            .all(&self.core.db)
            .await?)
    }

    /// Average time an agent spends on a chat, from the latest finished ones.
    async fn handle_secs(&self) -> Result<i64> {
        type Span = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);
        let recent: Vec<Span> = conversation::Entity::find()
            .filter(conversation::Column::Status.eq(ConversationStatus::Ended))
            .filter(conversation::Column::AssignedAt.is_not_null())
            .order_by_desc(conversation::Column::Id)
            .limit(HANDLE_SAMPLE)
            .select_only()
            .column(conversation::Column::AssignedAt)
            .column(conversation::Column::EndedAt)
            .into_tuple()
            .all(&self.core.db)
            .await?;
        let spans: Vec<_> = recent
            .into_iter()
            .filter_map(|(a, e)| Some((a?, e?)))
            .collect();
        Ok(average_handle_secs(&spans))
    }

    /// How many agents of a line could serve it now.
    async fn serving_agents(&self, group_id: Option<i32>) -> Result<i64> {
        Ok(self
            .candidates(group_id, None)
            .await?
            .iter()
            .filter(|c| c.status == AgentStatus::Online)
            .count() as i64)
    }

    /// Places and estimated waits for every waiting visitor.
    pub(crate) async fn spots(&self) -> Result<Vec<(conversation::Model, QueueSpot)>> {
        let queued = self.waiting_rows().await?;
        if queued.is_empty() {
            return Ok(vec![]);
        }
        let lines: Vec<(i64, Option<i32>)> = queued.iter().map(|c| (c.id, c.group_id)).collect();
        let handle = self.handle_secs().await?;
        let mut agents: HashMap<Option<i32>, i64> = HashMap::new();
        let mut out = Vec::with_capacity(queued.len());
        for (conv, position) in queued.into_iter().zip(places(&lines)) {
            let serving = match agents.get(&conv.group_id) {
                Some(n) => *n,
                None => {
                    let n = self.serving_agents(conv.group_id).await?;
                    agents.insert(conv.group_id, n);
                    n
                }
            };
            let spot = QueueSpot {
                conversation_id: conv.id,
                position,
                eta_secs: eta_secs(position, handle, serving),
            };
            out.push((conv, spot));
        }
        Ok(out)
    }

    /// The place of one conversation, if it is waiting.
    pub async fn spot(&self, conversation_id: i64) -> Result<Option<QueueSpot>> {
        Ok(self
            .spots()
            .await?
            .into_iter()
            .find(|(c, _)| c.id == conversation_id)
            .map(|(_, s)| s))
    }

    /// Tell every waiting visitor their place, and agents the queue length.
    /// Only changes are sent: a newcomer at the back moves nobody else, and
    /// a long queue would otherwise flood every waiting widget.
    pub(crate) async fn publish(&self) -> Result<()> {
        let spots = self.spots().await?;
        let (changed, length_changed) = {
            let mut sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
            let changed: Vec<(i64, QueueSpot)> = spots
                .iter()
                .filter(|(conv, spot)| sent.spots.get(&conv.id) != Some(spot))
                .map(|(conv, spot)| (conv.visitor_id, *spot))
                .collect();
            sent.spots = spots.iter().map(|(c, s)| (c.id, *s)).collect();
            let length_changed = sent.length.replace(spots.len()) != Some(spots.len());
            (changed, length_changed)
        };
        for (visitor, spot) in changed {
            self.core
                .hub
                .publish(Topic::Visitor(visitor), ServerEvent::Queue { spot });
        }
        if length_changed {
            self.core.hub.publish(
                Topic::Agents,
                ServerEvent::QueueLength {
                    waiting: spots.len() as i64,
                },
            );
        }
        Ok(())
    }

    /// How many visitors are waiting; every signed-in agent may know.
    pub async fn length(&self, _actor: &Actor) -> Result<i64> {
        self.waiting().await
    }

    pub(crate) async fn waiting(&self) -> Result<i64> {
        Ok(conversation::Entity::find()
            .filter(conversation::Column::Status.eq(ConversationStatus::Queued))
            .count(&self.core.db)
            .await? as i64)
    }

    /// The queue with names and last messages (R4), for those who may see
    /// every conversation or run the automation; others see its length.
    pub async fn queue(&self, actor: &Actor) -> Result<Vec<QueueEntry>> {
        if !actor.can(Permission::ViewAllTranscripts) && !actor.can(Permission::ManageAutomation) {
            return Err(crate::Error::Forbidden);
        }
        let spots = self.spots().await?;
        let groups: HashMap<i32, String> = agent_group::Entity::find()
            .all(&self.core.db)
            .await?
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect();
        let convs: Vec<conversation::Model> = spots.iter().map(|(c, _)| c.clone()).collect();
        let dtos = self.core.conversation_dtos(convs).await?;
        Ok(spots
            .into_iter()
            .zip(dtos)
            .map(|((c, spot), dto)| QueueEntry {
                conversation_id: c.id,
                visitor_name: dto.visitor_name,
                group_id: c.group_id,
                group_name: c.group_id.and_then(|g| groups.get(&g).cloned()),
                position: spot.position,
                waiting_since: c.started_at,
                last_message: c.last_message,
            })
            .collect())
    }
}

/// Any fixed number: the advisory lock assignment takes on PostgreSQL.
const ASSIGN_LOCK_KEY: i64 = 0x0053_5742_5441_534e;

/// Give `conv` to `agent_id`, but only if the conversation is still as it
/// was read and the agent is still below `max` when the row is written.
fn assign_statement(
    conv: &conversation::Model,
    agent_id: i32,
    max: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> sea_orm::UpdateMany<conversation::Entity> {
    use sea_orm::sea_query::ExprTrait;
    let none = Option::<chrono::DateTime<chrono::Utc>>::None;
    let update = conversation::Entity::update_many()
        .col_expr(conversation::Column::AgentId, Expr::value(agent_id))
        .col_expr(
            conversation::Column::Status,
            Expr::value(ConversationStatus::Active),
        )
        .col_expr(conversation::Column::AssignedAt, Expr::value(now))
        .col_expr(
            conversation::Column::FirstAssignedAt,
            crate::reports::facts::first_assigned(now),
        )
        .col_expr(conversation::Column::AgentRepliedAt, Expr::value(none))
        .col_expr(conversation::Column::AlertedAt, Expr::value(none))
        .filter(conversation::Column::Id.eq(conv.id))
        .filter(conversation::Column::Status.eq(conv.status))
        // A reply that lands meanwhile keeps the chat with its agent (R10).
        .filter(conversation::Column::AgentRepliedAt.is_null())
        .filter(Expr::from(busy_count(agent_id)).lt(max));
    match conv.agent_id {
        Some(a) => update.filter(conversation::Column::AgentId.eq(a)),
        None => update.filter(conversation::Column::AgentId.is_null()),
    }
}

/// `SELECT COUNT(*) FROM conversations AS busy WHERE agent_id = ? AND
/// status = 'active'`, for the guarded assignment.
fn busy_count(agent_id: i32) -> sea_orm::sea_query::SelectStatement {
    use sea_orm::sea_query::{Alias, ExprTrait, Query};
    let busy = Alias::new("busy");
    Query::select()
        .expr(Expr::col((busy.clone(), conversation::Column::Id)).count())
        .from_as(conversation::Entity, busy.clone())
        .and_where(Expr::col((busy.clone(), conversation::Column::AgentId)).eq(agent_id))
        .and_where(Expr::col((busy, conversation::Column::Status)).eq(ConversationStatus::Active))
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::QueryTrait;

    #[test]
    fn the_guarded_assignment_binds_its_values_on_both_databases() {
        let now = chrono::Utc::now();
        let conv = conversation::Model::for_test(9, ConversationStatus::Queued, now);
        let pg = assign_statement(&conv, 7, 3, now).build(DbBackend::Postgres);
        assert!(pg.sql.contains(r#""busy"."agent_id" = $"#), "{}", pg.sql);
        assert!(!pg.sql.contains('?'), "{}", pg.sql);
        let lite = assign_statement(&conv, 7, 3, now).build(DbBackend::Sqlite);
        assert!(
            lite.sql.contains(r#""busy"."agent_id" = ?"#),
            "{}",
            lite.sql
        );
        assert!(lite.sql.contains("\"agent_id\" IS NULL"), "{}", lite.sql);
    }
}
