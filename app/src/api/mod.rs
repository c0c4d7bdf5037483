//! Server functions, grouped by area. Each authenticates the caller, calls a
//! domain service (which checks permissions) and maps the result.

pub mod audit;
pub mod auth;
pub mod availability;
pub mod bot;
pub mod canned;
pub mod channels;
pub mod companies;
pub mod conversations;
pub mod customers;
pub mod fields;
pub mod leave_message;
pub mod links;
pub mod masking;
pub mod monitor;
pub mod online;
pub mod people;
pub mod qa;
pub mod queue;
pub mod records;
pub mod reports;
pub mod routing;
pub mod rules;
pub mod settings;
pub mod survey;
pub mod tags;
pub mod tickets;
pub mod tokens;
pub mod transcripts;
pub mod transfer;
pub mod two_factor;
pub mod visitors;
pub mod widget;

#[cfg(feature = "ssr")]
pub mod ssr {
    use domain::{Actor, Services};
    use leptos::prelude::*;
    use model::{AppError, Me};
    use tower_sessions::Session;

    pub use domain::sessions::AGENT_KEY;

    /// The caller's address as the server read it (behind a trusted proxy,
    /// the forwarded one); the server puts it on every request.
    #[derive(Debug, Clone, Copy)]
    pub struct ClientAddr(pub std::net::IpAddr);

    pub fn client_ip() -> Option<std::net::IpAddr> {
        use_context::<axum::http::request::Parts>()?
            .extensions
            .get::<ClientAddr>()
            .map(|c| c.0)
    }

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

    /// `SWITCHBOARD_PUBLIC_URL`, provided by the server when configured.
    #[derive(Clone, Debug)]
    pub struct PublicUrl(pub String);

    /// The address visitors reach this server at: the configured public URL,
    /// else what this request was sent to.
    pub async fn base_url() -> String {
        if let Some(PublicUrl(url)) = use_context::<PublicUrl>() {
            return url.trim_end_matches('/').to_owned();
        }
        let Ok(parts) = leptos_axum::extract::<axum::http::request::Parts>().await else {
            return String::new();
        };
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let host = header("x-forwarded-host")
            .or_else(|| header("host"))
            .unwrap_or_else(|| "localhost".into());
        let scheme = header("x-forwarded-proto").unwrap_or_else(|| "http".into());
        format!("{scheme}://{host}")
    }

    /// The caller's address, for the login throttle.
    pub async fn client_addr() -> String {
        use axum::extract::ConnectInfo;
        if let Some(ip) = client_ip() {
            return ip.to_string();
        }
        use std::net::SocketAddr;
        leptos_axum::extract::<ConnectInfo<SocketAddr>>()
            .await
            .map(|ConnectInfo(addr)| addr.ip().to_string())
            .unwrap_or_else(|_| "unknown".into())
    }
}
