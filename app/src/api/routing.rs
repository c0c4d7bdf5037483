//! Routing before the chat (P1, P2): rules, region sets and navigation
//! menus for *Manage routing*; how a conversation was routed, for the
//! agents who may see it; and a link's menu, for its visitors.

use leptos::prelude::*;
use model::routing::{
    ConversationRouting, NavMenuInput, RegionSet, RegionSetInput, RoutingProbe, RoutingProbeResult,
    RoutingRule, RoutingRuleInput,
};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

/// What the routing pages choose from (links, groups, agents, rules, tags,
/// region sets).
#[server(prefix = "/api")]
pub async fn routing_choices() -> Result<model::routing::RoutingChoices, AppError> {
    Ok(services()?.routing_rules.choices(&actor().await?).await?)
}

#[server(prefix = "/api")]
pub async fn list_routing_rules() -> Result<Vec<RoutingRule>, AppError> {
    Ok(services()?.routing_rules.list(&actor().await?).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_routing_rule(
    id: Option<i32>,
    input: RoutingRuleInput,
) -> Result<RoutingRule, AppError> {
    Ok(services()?
        .routing_rules
        .save(&actor().await?, id, input)
        .await?)
}

#[server(prefix = "/api")]
pub async fn delete_routing_rule(id: i32) -> Result<(), AppError> {
    Ok(services()?
        .routing_rules
        .delete(&actor().await?, id)
        .await?)
}

/// Every rule's id, in the new order.
#[server(prefix = "/api", input = Json)]
pub async fn reorder_routing_rules(ids: Vec<i32>) -> Result<Vec<RoutingRule>, AppError> {
    Ok(services()?
        .routing_rules
        .reorder(&actor().await?, &ids)
        .await?)
}

/// The console's tester: the rule and target these facts would get now.
#[server(prefix = "/api", input = Json)]
pub async fn probe_routing(probe: RoutingProbe) -> Result<RoutingProbeResult, AppError> {
    Ok(services()?
        .routing_rules
        .probe(&actor().await?, probe)
        .await?)
}

#[server(prefix = "/api")]
pub async fn list_region_sets() -> Result<Vec<RegionSet>, AppError> {
    Ok(services()?.region_sets.list(&actor().await?).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_region_set(
    id: Option<i32>,
    input: RegionSetInput,
) -> Result<RegionSet, AppError> {
    Ok(services()?
        .region_sets
        .save(&actor().await?, id, input)
        .await?)
}

#[server(prefix = "/api")]
pub async fn delete_region_set(id: i32) -> Result<(), AppError> {
    Ok(services()?.region_sets.delete(&actor().await?, id).await?)
}

/// A chat link's menu as admins edit it.
#[server(prefix = "/api")]
pub async fn load_nav_menu(link_id: i32) -> Result<NavMenuInput, AppError> {
    Ok(services()?.nav_menus.get(&actor().await?, link_id).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_nav_menu(link_id: i32, input: NavMenuInput) -> Result<NavMenuInput, AppError> {
    Ok(services()?
        .nav_menus
        .save(&actor().await?, link_id, input)
        .await?)
}

/// How a conversation was routed and where its visitor came from.
#[server(prefix = "/api")]
pub async fn get_conversation_routing(id: i64) -> Result<ConversationRouting, AppError> {
    Ok(services()?
        .conversations
        .routing(&actor().await?, id)
        .await?)
}

/// The visitor picked the menu leaf `item` of their link's menu: start
/// their conversation there (or return the open one). Takes their token.
#[server(prefix = "/api")]
pub async fn visitor_choose_menu(
    token: String,
    link: String,
    item: String,
    page: Option<String>,
    referrer: Option<String>,
    lang: Option<String>,
) -> Result<model::chat::Conversation, AppError> {
    let s = services()?;
    let visitor = s.visitors.visitor_by_token(&token).await?;
    let cap = |t: String| t.chars().take(model::online::PAGE_URL_MAX).collect();
    let start = domain::chat::StartInfo {
        link: Some(link),
        source_url: page.map(cap),
        referrer: referrer.map(cap),
        ip: super::ssr::client_ip(),
        menu_item: Some(item),
        lang,
        ..Default::default()
    };
    Ok(s.conversations.visitor_open(visitor.id, &start).await?)
}
