//! Server functions, grouped by area. Each authenticates the caller, calls a
//! domain service (which checks permissions) and maps the result.

pub mod auth;
pub mod chat;
pub mod people;

#[cfg(feature = "ssr")]
pub mod ssr {
    use domain::{Actor, Services};
    use leptos::prelude::*;
    use model::{AppError, Me};
    use tower_sessions::Session;

    /// Session key holding the signed-in agent's id.
    pub const AGENT_KEY: &str = "agent_id";

    pub fn services() -> Result<Services, AppError> {
        use_context::<Services>().ok_or_else(|| {
            tracing::error!("domain services missing from context");
            AppError::Internal
        })
    }

    pub async fn session() -> Result<Session, AppError> {
        leptos_axum::extract::<Session>().await.map_err(|e| {
            tracing::error!(error = %e, "session layer missing");
            AppError::Internal
        })
    }

    /// The signed-in caller, or `Unauthenticated`. A session whose agent was
    /// disabled or deleted is ended here.
    pub async fn current() -> Result<(Actor, Me), AppError> {
        let session = session().await?;
        let id: Option<i32> = session.get(AGENT_KEY).await.map_err(|e| {
            tracing::error!(error = %e, "session read failed");
            AppError::Internal
        })?;
        let id = id.ok_or(AppError::Unauthenticated)?;
        match services()?.auth.actor(id).await {
            Ok(found) => Ok(found),
            Err(domain::Error::Unauthenticated) => {
                let _ = session.flush().await;
                Err(AppError::Unauthenticated)
            }
            Err(e) => Err(e.into()),
        }
    }

    pub async fn actor() -> Result<Actor, AppError> {
        Ok(current().await?.0)
    }

    /// The caller's address, for the login throttle.
    pub async fn client_addr() -> String {
        use axum::extract::ConnectInfo;
        use std::net::SocketAddr;
        leptos_axum::extract::<ConnectInfo<SocketAddr>>()
            .await
            .map(|ConnectInfo(addr)| addr.ip().to_string())
            .unwrap_or_else(|_| "unknown".into())
    }
}
