//! Online visitors (W2) and invitations (C2): the list and one visitor for
//! every agent, inviting them, and the console's automatic invitations for
//! *Manage routing*. The loader itself speaks `/ws/site`, not these.

use leptos::prelude::*;
use model::online::{InvitationSettings, InvitationState, OnlineVisitorDetail, OnlineVisitors};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

/// Page `page` (from 0) of who is on the site now, matching `q`.
#[server(prefix = "/api")]
pub async fn list_online_visitors(q: String, page: usize) -> Result<OnlineVisitors, AppError> {
    Ok(services()?.online.list(&actor().await?, &q, page).await?)
}

#[server(prefix = "/api")]
pub async fn get_online_visitor(id: String) -> Result<OnlineVisitorDetail, AppError> {
    Ok(services()?.online.detail(&actor().await?, &id).await?)
}

/// Show the visitor an invitation with the agent's own words.
#[server(prefix = "/api")]
pub async fn invite_online_visitor(id: String, text: String) -> Result<InvitationState, AppError> {
    Ok(services()?
        .online
        .invite(&actor().await?, &id, &text)
        .await?)
}

#[server(prefix = "/api")]
pub async fn load_invitation_settings() -> Result<InvitationSettings, AppError> {
    Ok(services()?
        .online
        .invitation_settings(&actor().await?)
        .await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_invitation_settings(
    input: InvitationSettings,
) -> Result<InvitationSettings, AppError> {
    Ok(services()?
        .online
        .save_invitation_settings(&actor().await?, input)
        .await?)
}
