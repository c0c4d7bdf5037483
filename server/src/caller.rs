//! Who is calling: the one place a request's credentials become a party.
//! A bearer token is an agent's personal API token (`sbat_…`) or a
//! visitor's token; without one, the session cookie of a signed-in agent.
//! REST, uploads, files and the WebSocket (cookie, or the token of its
//! first frame) all authenticate through here. No token is read from a URL.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use domain::chat::Party;
use domain::sessions::AGENT_KEY;
use domain::{Actor, Services};
use model::AppError;
use tower_sessions::Session;

use crate::error::ApiError;
use crate::state::AppState;

/// The credentials a request carries, before they are checked.
#[derive(Default)]
pub struct Credentials<'a> {
    /// `Authorization: Bearer …`, or the token of a socket's `auth` frame.
    pub bearer: Option<&'a str>,
    pub session: Option<&'a Session>,
}

/// The secret in `Authorization: Bearer …`, if any.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

/// The party behind these credentials, or `Unauthenticated`.
pub async fn identify(services: &Services, creds: Credentials<'_>) -> Result<Party, ApiError> {
    if let Some(secret) = creds.bearer {
        if secret.starts_with(domain::api_tokens::PREFIX) {
            return Ok(Party::Agent(services.api_tokens.actor(secret).await?));
        }
        let visitor = services.visitors.visitor_by_token(secret).await?;
        return Ok(Party::Visitor(visitor.id));
    }
    match creds.session {
        Some(session) => signed_in_agent(services, session)
            .await
            .map(Party::Agent)
            .ok_or(ApiError(AppError::Unauthenticated)),
        None => Err(ApiError(AppError::Unauthenticated)),
    }
}

/// The agent signed in on this session, if any (and still enabled).
pub async fn signed_in_agent(services: &Services, session: &Session) -> Option<Actor> {
    let agent_id = session.get::<i32>(AGENT_KEY).await.ok()??;
    services
        .auth
        .actor(agent_id)
        .await
        .ok()
        .map(|(actor, _)| actor)
}

/// Any authenticated caller (bearer token or session cookie).
pub struct Caller(pub Party);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let session = parts.extensions.get::<Session>().cloned();
        let creds = Credentials {
            bearer: bearer(&parts.headers),
            session: session.as_ref(),
        };
        Ok(Caller(identify(&state.services, creds).await?))
    }
}

/// A caller who must be a visitor (their id).
pub struct VisitorCaller(pub i64);

impl FromRequestParts<AppState> for VisitorCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        // Visitors authenticate with their token only, never a cookie.
        let secret = bearer(&parts.headers).ok_or(ApiError(AppError::Unauthenticated))?;
        let visitor = state.services.visitors.visitor_by_token(secret).await?;
        Ok(VisitorCaller(visitor.id))
    }
}

/// A caller who must be an agent: an app with a personal API token.
pub struct AgentCaller(pub Actor);

impl FromRequestParts<AppState> for AgentCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let secret = bearer(&parts.headers).ok_or(ApiError(AppError::Unauthenticated))?;
        Ok(AgentCaller(state.services.api_tokens.actor(secret).await?))
    }
}
