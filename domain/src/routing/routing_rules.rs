//! Routing rules (P2) as admins keep them (*Manage routing*): an ordered
//! list, each checked before it is stored (`rule_check`), and the decision
//! for a visitor (`rules::decide`) with each target's availability read from
//! the agents who could take the chat. The console's tester runs the same
//! decision on facts the admin types in.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Arc;

use model::audit::AuditKind;
use model::people::AgentStatus;
use model::routing::{
    Place, RouteTarget, RoutingDecision, RoutingProbe, RoutingProbeResult, RoutingRule,
    RoutingRuleInput, RULES_MAX,
};
use model::Permission;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::hours::is_open;
use super::queue::QueueService;
use super::referrer;
use super::region::RegionLookup;
use super::rule_check::{check_rule, Known};
use super::rules::{decide, TargetInfo, TargetState, VisitorFacts};
use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::clock::Clock;
use crate::entities::{agent, agent_group, chat_link, region_set, routing_rule, tag};
use crate::error::{Error, Result};
use crate::settings::SettingsService;

#[derive(Clone)]
pub struct RoutingRuleService {
    db: sea_orm::DatabaseConnection,
    clock: Arc<dyn Clock>,
    audit: AuditLog,
    queue: QueueService,
    settings: SettingsService,
    regions: RegionLookup,
}

fn dto(row: routing_rule::Model) -> RoutingRule {
    RoutingRule {
        id: row.id,
        name: row.name,
        enabled: row.enabled,
        // Written by `save` from checked values; a damaged row reads as
        // empty here and is disabled by `rules` (no conditions would match
        // everyone).
        conditions: serde_json::from_str(&row.conditions).unwrap_or_default(),
        targets: serde_json::from_str(&row.targets).unwrap_or_default(),
    }
}

impl RoutingRuleService {
    pub(crate) fn new(
        db: sea_orm::DatabaseConnection,
        clock: Arc<dyn Clock>,
        audit: AuditLog,
        queue: QueueService,
        settings: SettingsService,
        regions: RegionLookup,
    ) -> Self {
        Self {
            db,
            clock,
            audit,
            queue,
            settings,
            regions,
        }
    }

    /// Where an address is, as routing reads it.
    pub(crate) fn region_of(&self, ip: IpAddr) -> super::region::Region {
        self.regions.region(ip)
    }

    pub(crate) fn db(&self) -> &sea_orm::DatabaseConnection {
        &self.db
    }

    /// Every rule, in the order they are tried.
    pub async fn list(&self, actor: &Actor) -> Result<Vec<RoutingRule>> {
        actor.require(Permission::ManageRouting)?;
        self.rules().await
    }

    async fn rules(&self) -> Result<Vec<RoutingRule>> {
        Ok(routing_rule::Entity::find()
            .order_by_asc(routing_rule::Column::Position)
            .order_by_asc(routing_rule::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| {
                let broken = serde_json::from_str::<serde_json::Value>(&row.conditions).is_err();
                let mut rule = dto(row);
                if broken {
                    rule.enabled = false;
                }
                rule
            })
            .collect())
    }

    /// Create (`id` None, tried last) or change a rule.
    pub async fn save(
        &self,
        actor: &Actor,
        id: Option<i32>,
        input: RoutingRuleInput,
    ) -> Result<RoutingRule> {
        actor.require(Permission::ManageRouting)?;
        let existing = match id {
            Some(id) => Some(
                routing_rule::Entity::find_by_id(id)
                    .one(&self.db)
                    .await?
                    .ok_or(Error::NotFound)?,
            ),
            None => None,
        };
        let clean = check_rule(&input, &self.known().await?)?;
        let now = self.clock.now();
        let before = existing.clone().map(dto);
        let mut row: routing_rule::ActiveModel = match existing {
            Some(r) => r.into(),
            None => {
                let count = routing_rule::Entity::find().all(&self.db).await?.len();
                if count >= RULES_MAX {
                    return Err(Error::field("name", "too_many"));
                }
                let last = routing_rule::Entity::find()
                    .order_by_desc(routing_rule::Column::Position)
                    .one(&self.db)
                    .await?
                    .map(|r| r.position)
                    .unwrap_or(0);
                routing_rule::ActiveModel {
                    position: Set(last + 1),
                    created_at: Set(now),
                    ..Default::default()
                }
            }
        };
        row.name = Set(clean.name.clone());
        row.enabled = Set(clean.enabled);
        row.conditions = Set(to_json(&clean.conditions)?);
        row.targets = Set(to_json(&clean.targets)?);
        row.updated_at = Set(now);
        let after = dto(match id {
            Some(_) => row.update(&self.db).await?,
            None => row.insert(&self.db).await?,
        });
        let entry = Entry::saved(
            AuditKind::RoutingRule,
            after.id,
            &after.name,
            before.as_ref(),
            &after,
        );
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }

    pub async fn delete(&self, actor: &Actor, id: i32) -> Result<()> {
        actor.require(Permission::ManageRouting)?;
        let row = routing_rule::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let before = dto(row.clone());
        routing_rule::Entity::delete_by_id(id)
            .exec(&self.db)
            .await?;
        let entry = Entry::deleted(AuditKind::RoutingRule, id, &before.name, &before);
        self.audit.record(&self.db, actor, entry).await
    }

    /// Put the rules in this order (every rule's id, once).
    pub async fn reorder(&self, actor: &Actor, ids: &[i32]) -> Result<Vec<RoutingRule>> {
        actor.require(Permission::ManageRouting)?;
        let rows = routing_rule::Entity::find().all(&self.db).await?;
        let have: HashSet<i32> = rows.iter().map(|r| r.id).collect();
        let given: HashSet<i32> = ids.iter().copied().collect();
        if have != given || given.len() != ids.len() {
            return Err(Error::field("ids", "invalid"));
        }
        for (position, id) in ids.iter().enumerate() {
            routing_rule::Entity::update_many()
                .col_expr(
                    routing_rule::Column::Position,
                    sea_orm::sea_query::Expr::value(position as i32 + 1),
                )
                .filter(routing_rule::Column::Id.eq(*id))
                .exec(&self.db)
                .await?;
        }
        self.rules().await
    }

    /// The console's tester: which rule and target these facts would get now.
    pub async fn probe(&self, actor: &Actor, probe: RoutingProbe) -> Result<RoutingProbeResult> {
        actor.require(Permission::ManageRouting)?;
        let ip = match probe.ip.trim() {
            "" => None,
            ip => Some(
                ip.parse::<IpAddr>()
                    .map_err(|_| Error::field("ip", "invalid_ip"))?,
            ),
        };
        let channel = match probe.channel.trim() {
            "" => "web".to_owned(),
            c => c.to_owned(),
        };
        let facts = self.facts(
            &channel,
            ip,
            Some(probe.referrer.as_str()),
            Some(probe.landing_url.as_str()).filter(|u| !u.trim().is_empty()),
            probe.tag_ids.clone(),
        );
        let decision = self.decide(&facts).await?;
        Ok(RoutingProbeResult {
            region: facts.region.label(),
            referrer_domain: facts.referrer.domain.clone(),
            engine: facts.referrer.engine,
            keyword: facts.referrer.keyword.clone(),
            decision,
        })
    }

    /// What routing knows of a visitor from these: the region of the
    /// address, what the referrer says, and the clock.
    pub(crate) fn facts(
        &self,
        channel: &str,
        ip: Option<IpAddr>,
        referrer_url: Option<&str>,
        landing_url: Option<&str>,
        tag_ids: Vec<i32>,
    ) -> VisitorFacts {
        VisitorFacts {
            channel: channel.to_owned(),
            region: ip.map(|ip| self.regions.region(ip)).unwrap_or_default(),
            referrer: referrer_url.map(referrer::parse).unwrap_or_default(),
            landing_url: landing_url.map(str::to_owned),
            tag_ids,
            now: self.clock.now(),
        }
    }

    /// The decision for a visitor over every rule.
    pub(crate) async fn decide(&self, facts: &VisitorFacts) -> Result<RoutingDecision> {
        let rules = self.rules().await?;
        let sets = self.region_sets().await?;
        // Only the matched rule's targets are looked at.
        let Some(rule) = super::rules::first_match(facts, &rules, &sets) else {
            return Ok(RoutingDecision::default());
        };
        self.decide_with(facts, std::slice::from_ref(rule), &sets)
            .await
    }

    /// The decision for one rule's targets, whatever its conditions say (a
    /// navigation menu leaf that names the rule).
    pub(crate) async fn decide_rule(
        &self,
        facts: &VisitorFacts,
        id: i32,
    ) -> Result<RoutingDecision> {
        let Some(mut rule) = self.rules().await?.into_iter().find(|r| r.id == id) else {
            return Ok(RoutingDecision::default());
        };
        rule.enabled = true;
        rule.conditions.clear();
        self.decide_with(facts, &[rule], &HashMap::new()).await
    }

    async fn decide_with(
        &self,
        facts: &VisitorFacts,
        rules: &[RoutingRule],
        sets: &HashMap<i32, Vec<Place>>,
    ) -> Result<RoutingDecision> {
        let mut infos = HashMap::new();
        for t in rules.iter().flat_map(|r| r.targets.iter()) {
            infos.insert(*t, self.target_info(*t).await?);
        }
        let open = is_open(&self.settings.leave_message().await?.hours, facts.now);
        let lookup = |t: RouteTarget| {
            infos.get(&t).cloned().unwrap_or(TargetInfo {
                state: TargetState::Gone,
                name: String::new(),
            })
        };
        Ok(decide(facts, rules, sets, open, &lookup))
    }

    /// Whether a group or agent can take a chat now, and its name.
    async fn target_info(&self, target: RouteTarget) -> Result<TargetInfo> {
        let (name, group, only_agent) = match target {
            RouteTarget::Group(g) => {
                match agent_group::Entity::find_by_id(g).one(&self.db).await? {
                    Some(group) => (group.name, Some(g), None),
                    None => return Ok(gone()),
                }
            }
            RouteTarget::Agent(a) => match agent::Entity::find_by_id(a).one(&self.db).await? {
                Some(agent) if agent.enabled => (agent.display_name, None, Some(a)),
                _ => return Ok(gone()),
            },
        };
        let online: Vec<_> = self
            .queue
            .candidates(group, only_agent)
            .await?
            .into_iter()
            .filter(|c| c.status == AgentStatus::Online)
            .collect();
        let state = if online.is_empty() {
            TargetState::NobodyOnline
        } else if online.iter().all(|c| c.active_chats >= c.max_chats) {
            TargetState::AllFull
        } else {
            TargetState::Available
        };
        Ok(TargetInfo { state, name })
    }

    pub(crate) async fn region_sets(&self) -> Result<HashMap<i32, Vec<Place>>> {
        Ok(region_set::Entity::find()
            .all(&self.db)
            .await?
            .into_iter()
            .map(|s| (s.id, serde_json::from_str(&s.places).unwrap_or_default()))
            .collect())
    }

    /// The links, groups, agents, rules, tags and region sets the routing
    /// pages choose from, by name.
    pub async fn choices(&self, actor: &Actor) -> Result<model::routing::RoutingChoices> {
        actor.require(Permission::ManageRouting)?;
        let db = &self.db;
        let enabled = agent::Entity::find().filter(agent::Column::Enabled.eq(true));
        Ok(model::routing::RoutingChoices {
            links: by_name(chat_link::Entity::find().all(db).await?, |l| (l.id, l.name)),
            groups: by_name(agent_group::Entity::find().all(db).await?, |g| {
                (g.id, g.name)
            }),
            agents: by_name(enabled.all(db).await?, |a| (a.id, a.display_name)),
            // Rules keep their order: it is the order they are tried in.
            rules: self
                .rules()
                .await?
                .into_iter()
                .map(|r| (r.id, r.name))
                .collect(),
            tags: by_name(tag::Entity::find().all(db).await?, |t| (t.id, t.name)),
            region_sets: by_name(region_set::Entity::find().all(db).await?, |s| {
                (s.id, s.name)
            }),
        })
    }

    async fn known(&self) -> Result<Known> {
        Ok(Known {
            groups: ids(agent_group::Entity::find().all(&self.db).await?, |g| g.id),
            agents: ids(
                agent::Entity::find()
                    .filter(agent::Column::Enabled.eq(true))
                    .all(&self.db)
                    .await?,
                |a| a.id,
            ),
            region_sets: ids(region_set::Entity::find().all(&self.db).await?, |s| s.id),
            tags: ids(tag::Entity::find().all(&self.db).await?, |t| t.id),
        })
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Internal(format!("routing rule: {e}")))
}

fn gone() -> TargetInfo {
    TargetInfo {
        state: TargetState::Gone,
        name: String::new(),
    }
}

/// `(id, name)` pairs sorted by name, for choosing from.
fn by_name<T>(rows: Vec<T>, pair: impl Fn(T) -> (i32, String)) -> Vec<(i32, String)> {
    let mut v: Vec<(i32, String)> = rows.into_iter().map(pair).collect();
    v.sort_by(|a, b| a.1.cmp(&b.1));
    v
}

fn ids<T>(rows: Vec<T>, id: impl Fn(&T) -> i32) -> HashSet<i32> {
    rows.iter().map(id).collect()
}
