//! The web widget (C1, R1): its look for visitors, and the console page
//! with the look, the chat links and the embed code.

use leptos::prelude::*;
use model::chat::{ChatLink, WidgetSettings};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api")]
pub async fn public_widget(link: String) -> Result<WidgetSettings, AppError> {
    Ok(services()?.widget.public(&link).await?)
}

/// Everything the widget page needs: the look, the links, and the groups and
/// agents a link may target.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WidgetConfig {
    pub settings: WidgetSettings,
    pub links: Vec<ChatLink>,
    pub groups: Vec<(i32, String)>,
    pub agents: Vec<(i32, String)>,
    /// The address visitors reach this server at, for the snippet.
    pub base_url: String,
}

#[server(prefix = "/api")]
pub async fn widget_admin() -> Result<WidgetConfig, AppError> {
    let (services, actor) = (services()?, actor().await?);
    let settings = services.widget.settings(&actor).await?;
    let links = services.links.list_links(&actor).await?;
    let targets = services.links.link_targets(&actor).await?;
    let agents = targets
        .agents
        .into_iter()
        .map(|(id, name, _)| (id, name))
        .collect();
    Ok(WidgetConfig {
        base_url: super::ssr::base_url().await,
        settings,
        links,
        groups: targets.groups,
        agents,
    })
}

#[server(prefix = "/api", input = Json)]
pub async fn save_widget_settings(input: WidgetSettings) -> Result<WidgetSettings, AppError> {
    Ok(services()?
        .widget
        .set_settings(&actor().await?, input)
        .await?)
}
