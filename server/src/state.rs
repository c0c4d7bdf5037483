//! What every handler can extract: the domain services, the visitors' rate
//! limiter, the proxy setting and Leptos' options (for its routes).

use axum::extract::FromRef;
use domain::Services;
use leptos::config::LeptosOptions;

use crate::rate_limit::{RateLimiter, TrustProxy};

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos: LeptosOptions,
    pub services: Services,
    /// The per-address budget of everything anonymous visitors can call.
    pub visitor_limit: RateLimiter,
    pub trust_proxy: TrustProxy,
    pub widget_sites: crate::security_headers::WidgetSites,
}
