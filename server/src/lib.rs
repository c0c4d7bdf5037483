#![recursion_limit = "512"]
//! The Switchboard server: configuration, start-up (migrate, first admin),
//! the Leptos pages and server functions, sessions and request guards.

pub mod caller;
pub mod channels;
pub mod config;
pub mod error;
pub mod health;
pub mod http;
pub mod rate_limit;
pub mod security;
pub mod security_headers;
pub mod session_store;
pub mod state;
pub mod ws;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::routing::get;
use axum::Router;
use domain::{Services, SystemClock};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use app::{shell, App, OUTPUT_NAME};
use rate_limit::{RateLimiter, TrustProxy};
use state::AppState;

/// Pages under this path are the visitor widget (`app::WidgetApp`).
const WIDGET_PATH: &str = "/chat/";
pub use config::Config;
use session_store::DbSessionStore;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "sb_session";

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error("data directory {0}: {1}")]
    DataDir(String, std::io::Error),
    #[error("database: {0}")]
    Domain(#[from] domain::Error),
    #[error("listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error("server: {0}")]
    Serve(std::io::Error),
    #[error("ip region database {0}")]
    RegionDb(String),
    #[error("broker: {0}")]
    Broker(String),
}

/// Connect (migrating the schema) and build the domain services.
pub async fn services(config: &Config) -> Result<Services, StartError> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| StartError::DataDir(config.data_dir.display().to_string(), e))?;
    let db = domain::db::connect_with(&config.database_url, config.sqlite_sync).await?;
    let files =
        domain::files::FileStore::new(config.data_dir.join("files"), config.upload_max_bytes);
    let regions = domain::routing::region::RegionLookup::open(&config.ip_region_db)
        .map_err(StartError::RegionDb)?;
    if !regions.has_database() {
        tracing::warn!(
            path = %config.ip_region_db.display(),
            "no ip2region database: routing rules' region conditions match nobody"
        );
    }
    let platforms =
        domain::channels::platform::Platforms::new(domain::channels::platform::PlatformBases {
            wechat: config.wechat_api_base.clone(),
            weibo: config.weibo_api_base.clone(),
        });
    let hub = match &config.redis_url {
        Some(url) => domain::hub::redis::RedisBroker::hub(url).map_err(StartError::Broker)?,
        None => domain::hub::Hub::new(),
    };
    Ok(Services::build_with_hub(
        db,
        Arc::new(SystemClock),
        files,
        (regions, platforms),
        hub,
    ))
}

/// Run the automation timers (idle visitor, unanswered alert, queue) every
/// few seconds. Their state is in the database, so a restart resumes them.
pub fn start_timers(services: &Services) {
    let timers = services.timers.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(TIMER_SECS));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match timers.run().await {
                Ok(run) if run != domain::automation::timers::TimerRun::default() => {
                    tracing::info!(?run, "automation timers");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "automation timers failed"),
            }
        }
    });
}

const TIMER_SECS: u64 = 5;

/// Deliver agents' replies to WeChat and Weibo followers (C4, C5).
pub fn start_delivery(services: &Services) {
    services.delivery.start();
}

/// Run the sensitive-data schedule and runs (R8) on this process; several
/// processes may, one run goes at a time.
pub fn start_masking(services: &Services) {
    services.masking.start();
}

/// Index for transcript search (M2) what was stored before the index.
pub fn start_transcript_backfill(services: &Services) {
    services.transcripts.start_backfill();
}

/// Write report facts (M3) for conversations stored before reports, and
/// any a crash left out.
pub fn start_report_facts(services: &Services) {
    services.reports.start_facts();
}

/// Build the bot's index from the knowledge base now, beside serving, so
/// the first visitor does not wait for it (P3).
pub fn warm_up_bot(services: &Services) {
    let bot = services.bot.clone();
    tokio::spawn(async move {
        match bot.warm_up().await {
            Ok(n) => tracing::info!(entries = n, "bot index built"),
            Err(e) => {
                tracing::warn!(error = %e, "bot index not built; the first question builds it")
            }
        }
    });
}

/// The whole HTTP application.
pub fn router(config: &Config, services: Services) -> Router {
    let options = LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .build();
    // `/chat/{link}` is served with the widget's own shell and bundle.
    let routes: Vec<_> = generate_route_list(App)
        .into_iter()
        .filter(|r| !r.path().starts_with(WIDGET_PATH))
        .collect();
    let sessions = SessionManagerLayer::new(DbSessionStore::new(services.sessions.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(7)));
    let context = {
        let services = services.clone();
        let public_url = config.public_url.clone().map(app::api::ssr::PublicUrl);
        move || {
            provide_context(services.clone());
            if let Some(url) = public_url.clone() {
                provide_context(url);
            }
        }
    };

    let sites = services.settings.clone();
    let state = AppState {
        leptos: options.clone(),
        services,
        // Visitors may open 5 sockets / API calls per second per address,
        // bursts of ten times that.
        visitor_limit: RateLimiter::new(config.visitor_rate, config.visitor_rate * 10.0),
        trust_proxy: TrustProxy(config.trust_proxy),
        widget_sites: security_headers::WidgetSites::new(config.widget_sites.clone(), sites),
    };

    let widget_page = leptos_axum::render_app_to_stream_with_context(context.clone(), {
        let options = options.clone();
        move || app::widget_shell(options.clone())
    });

    Router::new()
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .route("/chat/{link}", get(widget_page))
        .route("/ws", get(ws::ws_handler))
        .route("/ws/site", get(ws::site_handler))
        .merge(http::router(config.upload_max_bytes))
        .merge(channels::router())
        .leptos_routes_with_context(&state, routes, context, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(error::server_fn_statuses))
        .layer(axum::middleware::from_fn(security::require_login))
        .layer(axum::middleware::from_fn(security::same_origin_writes))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            rate_limit::visitor_functions,
        ))
        .layer(sessions)
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security_headers::add,
        ))
        .with_state(state)
}

/// Serve until Ctrl-C / SIGTERM.
pub async fn serve(config: &Config, app: Router) -> Result<(), StartError> {
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .map_err(|e| StartError::Bind(config.site_addr, e))?;
    serve_on(listener, app).await
}

pub async fn serve_on(listener: tokio::net::TcpListener, app: Router) -> Result<(), StartError> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(StartError::Serve)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
