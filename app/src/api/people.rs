//! Agents, groups and roles (O1, O2), and an agent's own status (W6).

use leptos::prelude::*;
use model::people::{Agent, AgentInput, AgentStatus, Group, GroupInput, Role, RoleInput};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api")]
pub async fn list_agents() -> Result<Vec<Agent>, AppError> {
    Ok(services()?.agents.list(&actor().await?).await?)
}

#[server(prefix = "/api")]
pub async fn get_agent(id: i32) -> Result<Agent, AppError> {
    Ok(services()?.agents.get(&actor().await?, id).await?)
}

/// Everything the agent form needs in one request: the agent (when editing),
/// the roles and the groups to choose from. One call, so a page rendered
/// twice during streaming never runs a half-finished chain of calls.
#[server(prefix = "/api")]
pub async fn agent_form(
    id: Option<i32>,
) -> Result<(Option<Agent>, Vec<Role>, Vec<Group>), AppError> {
    let (services, actor) = (services()?, actor().await?);
    let agent = match id {
        Some(id) => Some(services.agents.get(&actor, id).await?),
        None => None,
    };
    let roles = services.roles.list(&actor).await?;
    let groups = services.groups.list(&actor).await?;
    Ok((agent, roles, groups))
}

/// Create (`id` = None) or update an agent.
#[server(prefix = "/api", input = Json)]
pub async fn save_agent(id: Option<i32>, input: AgentInput) -> Result<Agent, AppError> {
    let (services, actor) = (services()?, actor().await?);
    Ok(match id {
        Some(id) => services.agents.update(&actor, id, input).await?,
        None => services.agents.create(&actor, input).await?,
    })
}

#[server(prefix = "/api")]
pub async fn set_agent_enabled(id: i32, enabled: bool) -> Result<Agent, AppError> {
    Ok(services()?
        .agents
        .set_enabled(&actor().await?, id, enabled)
        .await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn set_my_status(status: AgentStatus) -> Result<Agent, AppError> {
    Ok(services()?
        .agents
        .set_status(&actor().await?, status)
        .await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn set_my_max_chats(max_chats: Option<i32>) -> Result<Agent, AppError> {
    Ok(services()?
        .agents
        .set_own_max_chats(&actor().await?, max_chats)
        .await?)
}

#[server(prefix = "/api")]
pub async fn my_agent() -> Result<Agent, AppError> {
    let actor = actor().await?;
    Ok(services()?.agents.get(&actor, actor.agent_id).await?)
}

#[server(prefix = "/api")]
pub async fn list_groups() -> Result<Vec<Group>, AppError> {
    Ok(services()?.groups.list(&actor().await?).await?)
}

/// The group form's data in one request (see `agent_form`).
#[server(prefix = "/api")]
pub async fn group_form(id: Option<i32>) -> Result<(Option<Group>, Vec<Agent>), AppError> {
    let (services, actor) = (services()?, actor().await?);
    let group = match id {
        Some(id) => Some(
            services
                .groups
                .list(&actor)
                .await?
                .into_iter()
                .find(|g| g.id == id)
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    Ok((group, services.agents.list(&actor).await?))
}

#[server(prefix = "/api", input = Json)]
pub async fn save_group(id: Option<i32>, input: GroupInput) -> Result<Group, AppError> {
    let (services, actor) = (services()?, actor().await?);
    Ok(match id {
        Some(id) => services.groups.update(&actor, id, input).await?,
        None => services.groups.create(&actor, input).await?,
    })
}

#[server(prefix = "/api")]
pub async fn delete_group(id: i32) -> Result<(), AppError> {
    Ok(services()?.groups.delete(&actor().await?, id).await?)
}

#[server(prefix = "/api")]
pub async fn list_roles() -> Result<Vec<Role>, AppError> {
    Ok(services()?.roles.list(&actor().await?).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_role(id: Option<i32>, input: RoleInput) -> Result<Role, AppError> {
    let (services, actor) = (services()?, actor().await?);
    Ok(match id {
        Some(id) => services.roles.update(&actor, id, input).await?,
        None => services.roles.create(&actor, input).await?,
    })
}

#[server(prefix = "/api")]
pub async fn delete_role(id: i32) -> Result<(), AppError> {
    Ok(services()?.roles.delete(&actor().await?, id).await?)
}
