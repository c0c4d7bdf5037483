//! Routing a new conversation (P1, P2): the visitor's menu choice if they
//! made one, else the first matching rule, turned into what the
//! conversation row keeps (its group or agent, the decision, and what was
//! read of the visitor). Nothing here can refuse a chat: an unknown menu
//! key, an unknown address or a referrer that is no URL only leaves the
//! link's own target in place.

use model::routing::{MenuTarget, RouteTarget, RoutingDecision};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::nav_menus::NavMenuService;
use super::routing_rules::RoutingRuleService;
use crate::chat::StartInfo;
use crate::entities::{agent_group, chat_link, customer_tag, visitor};
use crate::error::Result;

/// What routing decided for a new conversation, ready to store on it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Routed {
    pub decision: RoutingDecision,
    /// The group a rule or menu chose (else the link's applies).
    pub group_id: Option<i32>,
    /// The one agent a rule chose.
    pub target_agent_id: Option<i32>,
    pub menu_item: Option<String>,
    pub region: Option<String>,
    pub referrer_url: Option<String>,
    pub engine: Option<String>,
    pub keyword: Option<String>,
}

impl Routed {
    /// The decision as the conversation stores it, if there was one.
    pub fn decision_json(&self) -> Option<String> {
        (self.decision != RoutingDecision::default())
            .then(|| serde_json::to_string(&self.decision).ok())
            .flatten()
    }
}

/// Longest referrer kept (its column's size).
const REFERRER_MAX: usize = 2048;

impl RoutingRuleService {
    pub(crate) async fn route_start(
        &self,
        menus: &NavMenuService,
        visitor_id: i64,
        link: Option<&chat_link::Model>,
        channel: &str,
        start: &StartInfo,
    ) -> Result<Routed> {
        let db = self.db();
        let customer = visitor::Entity::find_by_id(visitor_id)
            .one(db)
            .await?
            .and_then(|v| v.customer_id);
        let tag_ids = match customer {
            Some(c) => customer_tag::Entity::find()
                .filter(customer_tag::Column::CustomerId.eq(c))
                .all(db)
                .await?
                .into_iter()
                .map(|t| t.tag_id)
                .collect(),
            None => vec![],
        };
        let referrer = start
            .referrer
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let facts = self.facts(
            channel,
            start.ip,
            referrer,
            start.source_url.as_deref(),
            tag_ids,
        );
        let lang = start.lang.as_deref().unwrap_or("en");
        let leaf = match (link, start.menu_item.as_deref()) {
            (Some(link), Some(key)) => menus.leaf(link.id, key, lang).await?,
            _ => None,
        };
        let decision = match &leaf {
            Some((MenuTarget::Group(g), path)) => {
                let name = agent_group::Entity::find_by_id(*g)
                    .one(db)
                    .await?
                    .map(|g| g.name);
                RoutingDecision {
                    target: name.as_ref().map(|_| RouteTarget::Group(*g)),
                    target_name: name,
                    menu_path: path.clone(),
                    ..Default::default()
                }
            }
            Some((MenuTarget::Rule(r), path)) => RoutingDecision {
                menu_path: path.clone(),
                ..self.decide_rule(&facts, *r).await?
            },
            None => self.decide(&facts).await?,
        };
        let (group_id, target_agent_id) = match decision.target {
            Some(RouteTarget::Group(g)) => (Some(g), None),
            Some(RouteTarget::Agent(a)) => (None, Some(a)),
            None => (None, None),
        };
        let region = Some(facts.region.label()).filter(|r| !r.is_empty());
        Ok(Routed {
            group_id,
            target_agent_id,
            menu_item: leaf.and_then(|_| start.menu_item.clone()),
            region,
            referrer_url: referrer.map(|r| r.chars().take(REFERRER_MAX).collect()),
            engine: facts.referrer.engine.map(|e| e.key().to_owned()),
            keyword: facts.referrer.keyword.clone(),
            decision,
        })
    }
}
