//! Console → Channels → Web widget (C1, R1) and chat links (C3).

use leptos::prelude::*;
use model::chat::{ChatLink, ChatLinkInput, WidgetSettings};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

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
    let links = services.chat.list_links(&actor).await?;
    let settings = services.settings.widget().await?;
    let targets = services.chat.link_targets(&actor).await?;
    let groups = targets.groups;
    let agents = targets
        .agents
        .into_iter()
        .map(|(id, name, _)| (id, name))
        .collect();
    Ok(WidgetConfig {
        base_url: super::ssr::base_url().await,
        settings,
        links,
        groups,
        agents,
    })
}

#[server(prefix = "/api", input = Json)]
pub async fn save_widget_settings(input: WidgetSettings) -> Result<WidgetSettings, AppError> {
    Ok(services()?
        .settings
        .set_widget(&actor().await?, input)
        .await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_chat_link(id: Option<i32>, input: ChatLinkInput) -> Result<ChatLink, AppError> {
    Ok(services()?
        .chat
        .save_link(&actor().await?, id, input)
        .await?)
}

#[server(prefix = "/api")]
pub async fn delete_chat_link(id: i32) -> Result<(), AppError> {
    Ok(services()?.chat.delete_link(&actor().await?, id).await?)
}
