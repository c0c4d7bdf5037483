//! Applying assignment (R3) and the queue (R4): gather candidates, ask the
//! pure `pick_agent`, and store the choice. Assignments happen one at a time
//! under `assign_lock`, and the UPDATE itself re-checks the agent's load, so
//! two visitors arriving at once never push an agent over capacity.

use std::collections::HashMap;

use chrono::Duration;
use model::automation::{QueueEntry, QueueSpot, VisitorOptions};
use model::chat::{ServerEvent, TransferTarget};
use model::people::AgentStatus;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::assignment::{pick_agent, Candidate, Rules};
use super::ChatService;
use crate::actor::Actor;
use crate::entities::{agent, agent_group, agent_group_member, chat_link, conversation};
use crate::error::Result;
use crate::hub::Topic;

/// Without finished chats to learn from, assume this long per chat.
const DEFAULT_HANDLE_SECS: i64 = 180;

const QUEUED: &str = "queued";
const ACTIVE: &str = "active";

impl ChatService {
    /// The assignment rules of a group, or the global ones.
    async fn rules_for(&self, group_id: Option<i32>) -> Result<Rules> {
        if let Some(g) = group_id {
            if let Some(group) = agent_group::Entity::find_by_id(g).one(&self.db).await? {
                return Ok(Rules {
                    mode: model::automation::AssignmentMode::from_key(&group.assignment)
                        .unwrap_or_default(),
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
        let mut q = agent::Entity::find().filter(agent::Column::Enabled.eq(true));
        if let Some(a) = only_agent {
            q = q.filter(agent::Column::Id.eq(a));
        } else if let Some(g) = group_id {
            q = q.filter(agent::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(agent_group_member::Column::AgentId)
                    .from(agent_group_member::Entity)
                    .and_where(agent_group_member::Column::GroupId.eq(g))
                    .to_owned(),
            ));
        }
        let agents = q.all(&self.db).await?;
        if agents.is_empty() {
            return Ok(vec![]);
        }
        let default_max = self.settings.automation().await?.default_max_chats;
        let ids: Vec<i32> = agents.iter().map(|a| a.id).collect();
        let load: HashMap<i32, i64> = conversation::Entity::find()
            .filter(conversation::Column::Status.eq(ACTIVE))
            .filter(conversation::Column::AgentId.is_in(ids))
            .select_only()
            .column(conversation::Column::AgentId)
            .column_as(conversation::Column::Id.count(), "n")
            .group_by(conversation::Column::AgentId)
            .into_tuple::<(Option<i32>, i64)>()
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|(a, n)| a.map(|a| (a, n)))
            .collect();
        Ok(agents
            .into_iter()
            .map(|a| Candidate {
                agent_id: a.id,
                status: AgentStatus::from_key(&a.status).unwrap_or(AgentStatus::Offline),
                active_chats: load.get(&a.id).copied().unwrap_or(0),
                max_chats: a.max_chats.map(i64::from).unwrap_or(default_max),
                last_assigned: a.last_assigned_at.map(|t| t.timestamp_millis()),
            })
            .collect())
    }

    /// The agent of the visitor's latest earlier conversation (R3 returning).
    async fn previous_agent(&self, visitor_id: i64, before: i64) -> Result<Option<i32>> {
        Ok(conversation::Entity::find()
            .filter(conversation::Column::VisitorId.eq(visitor_id))
            .filter(conversation::Column::Id.lt(before))
            .filter(conversation::Column::AgentId.is_not_null())
            .order_by_desc(conversation::Column::Id)
            .one(&self.db)
            .await?
            .and_then(|c| c.agent_id))
    }

    async fn link_agent(&self, conv: &conversation::Model) -> Result<Option<i32>> {
        Ok(match conv.link_id {
            Some(l) => chat_link::Entity::find_by_id(l)
                .one(&self.db)
                .await?
                .and_then(|l| l.agent_id),
            None => None,
        })
    }

    /// Choose an agent for a conversation (never `exclude`) and store the
    /// choice. The caller holds `assign_lock`. Returns the conversation as
    /// stored, assigned or not.
    async fn assign_locked(
        &self,
        conv: conversation::Model,
        exclude: Option<i32>,
    ) -> Result<conversation::Model> {
        let only_agent = self.link_agent(&conv).await?;
        let mut candidates = self.candidates(conv.group_id, only_agent).await?;
        candidates.retain(|c| Some(c.agent_id) != exclude);
        let rules = self.rules_for(conv.group_id).await?;
        let previous = if rules.returning_first {
            self.previous_agent(conv.visitor_id, conv.id).await?
        } else {
            None
        };
        let Some(agent_id) = pick_agent(&candidates, rules, previous) else {
            return Ok(conv);
        };
        let max = candidates
            .iter()
            .find(|c| c.agent_id == agent_id)
            .map(|c| c.max_chats)
            .unwrap_or_default();
        let now = self.clock.now();
        // Guarded write: only if the conversation is still as we saw it and
        // the agent is still below the limit (other server processes).
        let mut update = conversation::Entity::update_many()
            .col_expr(conversation::Column::AgentId, Expr::value(agent_id))
            .col_expr(conversation::Column::Status, Expr::value(ACTIVE))
            .col_expr(conversation::Column::AssignedAt, Expr::value(now))
            .col_expr(
                conversation::Column::AgentRepliedAt,
                Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
            )
            .col_expr(
                conversation::Column::AlertedAt,
                Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
            )
            .filter(conversation::Column::Id.eq(conv.id))
            .filter(conversation::Column::Status.eq(conv.status.clone()))
            .filter(Expr::cust_with_values(
                "(SELECT COUNT(*) FROM conversations AS busy WHERE busy.agent_id = ? AND busy.status = 'active') < ?",
                [sea_orm::Value::from(agent_id), sea_orm::Value::from(max)],
            ));
        update = match conv.agent_id {
            Some(a) => update.filter(conversation::Column::AgentId.eq(a)),
            None => update.filter(conversation::Column::AgentId.is_null()),
        };
        if update.exec(&self.db).await?.rows_affected == 0 {
            return self.find(conv.id).await;
        }
        agent::Entity::update_many()
            .col_expr(agent::Column::LastAssignedAt, Expr::value(now))
            .filter(agent::Column::Id.eq(agent_id))
            .exec(&self.db)
            .await?;
        self.find(conv.id).await
    }

    /// Give a new conversation to an agent if one can take it, else queue it.
    pub(crate) async fn assign_new(&self, conv: conversation::Model) -> Result<conversation::Model> {
        let conv = {
            let _turn = self.assign_lock.lock().await;
            self.assign_locked(conv, None).await?
        };
        self.publish_conversation(&conv, None).await?;
        if conv.status == QUEUED {
            self.publish_queue().await?;
        }
        Ok(conv)
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
        self.publish_conversation(&moved, previous).await?;
        Ok(moved.agent_id)
    }

    /// The agent a group transfer goes to (never the sender), or `None`.
    pub(crate) async fn pick_for_transfer(
        &self,
        target: TransferTarget,
        from: i32,
        visitor_id: i64,
        conversation_id: i64,
    ) -> Result<Option<i32>> {
        let TransferTarget::Group(g) = target else {
            return Ok(None);
        };
        let _turn = self.assign_lock.lock().await;
        let mut candidates = self.candidates(Some(g), None).await?;
        candidates.retain(|c| c.agent_id != from);
        let rules = self.rules_for(Some(g)).await?;
        let previous = if rules.returning_first {
            self.previous_agent(visitor_id, conversation_id).await?
        } else {
            None
        };
        Ok(pick_agent(&candidates, rules, previous))
    }

    /// Assign waiting conversations, oldest first, while agents have room.
    /// Called when an agent comes online or frees capacity, and by the timers.
    pub async fn assign_queued(&self) -> Result<usize> {
        let queued = conversation::Entity::find()
            .filter(conversation::Column::Status.eq(QUEUED))
            .order_by_asc(conversation::Column::Id)
            .all(&self.db)
            .await?;
        if queued.is_empty() {
            self.publish_queue().await?;
            return Ok(0);
        }
        let mut assigned = vec![];
        {
            let _turn = self.assign_lock.lock().await;
            for conv in queued {
                let conv = self.assign_locked(conv, None).await?;
                if conv.status == ACTIVE {
                    assigned.push(conv);
                }
            }
        }
        for conv in &assigned {
            self.publish_conversation(conv, None).await?;
        }
        self.publish_queue().await?;
        Ok(assigned.len())
    }

    /// Every waiting conversation with its place: conversations wait in one
    /// line per group (those without a group share one), oldest first.
    async fn queue_rows(&self) -> Result<Vec<(conversation::Model, i64)>> {
        let queued = conversation::Entity::find()
            .filter(conversation::Column::Status.eq(QUEUED))
            .order_by_asc(conversation::Column::Id)
            .all(&self.db)
            .await?;
        let mut seen: HashMap<Option<i32>, i64> = HashMap::new();
        Ok(queued
            .into_iter()
            .map(|c| {
                let n = seen.entry(c.group_id).or_default();
                *n += 1;
                let pos = *n;
                (c, pos)
            })
            .collect())
    }

    /// Average time an agent spends on a chat, from the latest finished ones.
    async fn handle_secs(&self) -> Result<i64> {
        let recent: Vec<(Option<chrono::DateTime<chrono::Utc>>, Option<chrono::DateTime<chrono::Utc>>)> =
            conversation::Entity::find()
                .filter(conversation::Column::Status.eq("ended"))
                .filter(conversation::Column::AssignedAt.is_not_null())
                .order_by_desc(conversation::Column::Id)
                .limit(50)
                .select_only()
                .column(conversation::Column::AssignedAt)
                .column(conversation::Column::EndedAt)
                .into_tuple()
                .all(&self.db)
                .await?;
        let spans: Vec<i64> = recent
            .into_iter()
            .filter_map(|(a, e)| Some((e? - a?).num_seconds().max(1)))
            .collect();
        Ok(if spans.is_empty() {
            DEFAULT_HANDLE_SECS
        } else {
            spans.iter().sum::<i64>() / spans.len() as i64
        })
    }

    /// How many agents of a line could serve it now (at least one, so an
    /// empty line still shows a finite estimate).
    async fn serving_agents(&self, group_id: Option<i32>) -> Result<i64> {
        let online = self
            .candidates(group_id, None)
            .await?
            .iter()
            .filter(|c| c.status == AgentStatus::Online)
            .count() as i64;
        Ok(online.max(1))
    }

    /// Places and estimated waits for every waiting visitor.
    pub async fn queue_spots(&self) -> Result<Vec<(conversation::Model, QueueSpot)>> {
        let rows = self.queue_rows().await?;
        if rows.is_empty() {
            return Ok(vec![]);
        }
        let handle = self.handle_secs().await?;
        let mut agents: HashMap<Option<i32>, i64> = HashMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for (conv, position) in rows {
            let serving = match agents.get(&conv.group_id) {
                Some(n) => *n,
                None => {
                    let n = self.serving_agents(conv.group_id).await?;
                    agents.insert(conv.group_id, n);
                    n
                }
            };
            let eta_secs = (position * handle + serving - 1) / serving;
            let spot = QueueSpot {
                conversation_id: conv.id,
                position,
                eta_secs,
            };
            out.push((conv, spot));
        }
        Ok(out)
    }

    /// The place of one conversation, if it is waiting.
    pub async fn queue_spot(&self, conversation_id: i64) -> Result<Option<QueueSpot>> {
        Ok(self
            .queue_spots()
            .await?
            .into_iter()
            .find(|(c, _)| c.id == conversation_id)
            .map(|(_, s)| s))
    }

    /// Tell every waiting visitor their place, and agents the queue length.
    pub(crate) async fn publish_queue(&self) -> Result<()> {
        let spots = self.queue_spots().await?;
        for (conv, spot) in &spots {
            self.hub
                .publish(Topic::Visitor(conv.visitor_id), ServerEvent::Queue { spot: *spot });
        }
        self.hub.publish(
            Topic::Agents,
            ServerEvent::QueueLength {
                waiting: spots.len() as i64,
            },
        );
        Ok(())
    }

    pub async fn queue_length(&self) -> Result<i64> {
        Ok(conversation::Entity::find()
            .filter(conversation::Column::Status.eq(QUEUED))
            .count(&self.db)
            .await? as i64)
    }

    /// The queue as agents and admins see it (R4).
    pub async fn queue(&self, _actor: &Actor) -> Result<Vec<QueueEntry>> {
        let spots = self.queue_spots().await?;
        let groups: HashMap<i32, String> = agent_group::Entity::find()
            .all(&self.db)
            .await?
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect();
        let convs: Vec<conversation::Model> = spots.iter().map(|(c, _)| c.clone()).collect();
        let dtos = self.conversation_dtos(convs).await?;
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

    /// What the widget needs before a chat (R5, R6): whether anyone who
    /// could take this link's chats is online.
    pub async fn visitor_options(&self, link: Option<&str>) -> Result<VisitorOptions> {
        let link = match link {
            Some(slug) => {
                chat_link::Entity::find()
                    .filter(chat_link::Column::Slug.eq(slug))
                    .one(&self.db)
                    .await?
            }
            None => None,
        };
        let (group, only_agent) = link
            .map(|l| (l.group_id, l.agent_id))
            .unwrap_or((None, None));
        let offline = !self
            .candidates(group, only_agent)
            .await?
            .iter()
            .any(|c| c.status == AgentStatus::Online);
        Ok(VisitorOptions {
            offline,
            leave_message: self.settings.leave_message().await?,
            survey: self.settings.survey().await?,
        })
    }
}

/// `a + d` for timer thresholds, saturating instead of panicking.
pub(crate) fn secs(n: i64) -> Duration {
    Duration::try_seconds(n).unwrap_or(Duration::MAX)
}
