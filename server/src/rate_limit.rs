//! The visitors' per-address budget for everything anyone on the internet
//! can call: the public REST handlers (the `VisitorBudget` extractor),
//! visitor socket upgrades and the widget's server functions (matched by
//! their exact paths, taken from the server functions themselves).

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRef, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use model::AppError;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter as GovernorLimiter};
use server_fn::ServerFn;

use crate::error::ApiError;

/// A token bucket per client address (GCRA, the `governor` crate): `rate`
/// requests per second with bursts of `burst`.
#[derive(Clone)]
pub struct RateLimiter {
    inner: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

impl RateLimiter {
    pub fn new(per_second: f64, burst: f64) -> Self {
        let period = Duration::from_secs_f64(1.0 / per_second.max(1e-6));
        let burst = NonZeroU32::new(burst.max(1.0).min(f64::from(u32::MAX)) as u32)
            .unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
            .allow_burst(burst);
        Self {
            inner: Arc::new(GovernorLimiter::keyed(quota)),
        }
    }

    /// Take one token for `ip`; `false` when it has none left.
    pub fn allow(&self, ip: IpAddr) -> bool {
        // Forget idle addresses now and then, so the map stays small.
        if self.inner.len() > 100_000 {
            self.inner.retain_recent();
        }
        self.inner.check_key(&ip).is_ok()
    }

    /// `allow`, as the API's answer when the budget is spent (429 with
    /// `Retry-After`).
    pub fn check(&self, ip: IpAddr) -> Result<(), ApiError> {
        match self.allow(ip) {
            true => Ok(()),
            false => Err(too_many()),
        }
    }
}

/// Whether a reverse proxy in front of us sets `X-Forwarded-For`
/// (`SWITCHBOARD_TRUST_PROXY=1`). Only then is the header believed.
#[derive(Clone, Copy, Debug, Default)]
pub struct TrustProxy(pub bool);

/// Server functions anyone may call (the widget's), which share the
/// visitors' per-address budget.
fn public_functions() -> [&'static str; 8] {
    use app::api::*;
    [
        visitors::StartVisitorSession::PATH,
        conversations::VisitorEnd::PATH,
        survey::VisitorRate::PATH,
        leave_message::VisitorLeaveMessage::PATH,
        widget::PublicWidget::PATH,
        availability::WidgetAvailability::PATH,
        visitors::VisitorFileTicket::PATH,
        routing::VisitorChooseMenu::PATH,
    ]
}

fn too_many() -> ApiError {
    ApiError(AppError::RateLimited {
        retry_after_secs: 1,
    })
}

/// The widget's server functions are open to anyone, so they share the
/// visitors' per-address budget.
pub async fn visitor_functions(
    State(limiter): State<RateLimiter>,
    ClientIp(ip): ClientIp,
    mut req: Request,
    next: Next,
) -> Response {
    req.extensions_mut().insert(app::api::ssr::ClientAddr(ip));
    let path = req.uri().path();
    let public = public_functions().contains(&path);
    if public && !limiter.allow(ip) {
        // Server functions decode their error body as a bare `AppError`.
        let body = axum::Json(AppError::RateLimited {
            retry_after_secs: 1,
        });
        return (
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            [(axum::http::header::RETRY_AFTER, "1")],
            body,
        )
            .into_response();
    }
    next.run(req).await
}

/// The visitor's address: the connecting peer, or behind a trusted proxy
/// the address the proxy appended last to `X-Forwarded-For`.
pub struct ClientIp(pub IpAddr);

impl<S> FromRequestParts<S> for ClientIp
where
    S: Send + Sync,
    TrustProxy: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        let TrustProxy(trusted) = TrustProxy::from_ref(state);
        Ok(ClientIp(if trusted {
            forwarded_for(&parts.headers).unwrap_or(peer)
        } else {
            peer
        }))
    }
}

/// One unit of the caller's visitor budget; handlers open to anonymous
/// visitors take it, and it answers 429 when the budget is spent.
pub struct VisitorBudget;

impl<S> FromRequestParts<S> for VisitorBudget
where
    S: Send + Sync,
    TrustProxy: FromRef<S>,
    RateLimiter: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Ok(ClientIp(ip)) = ClientIp::from_request_parts(parts, state).await;
        if RateLimiter::from_ref(state).allow(ip) {
            Ok(VisitorBudget)
        } else {
            Err(too_many())
        }
    }
}

fn forwarded_for(headers: &axum::http::HeaderMap) -> Option<IpAddr> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .next_back()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_takes_the_address_the_proxy_appended() {
        let mut h = axum::http::HeaderMap::new();
        assert_eq!(forwarded_for(&h), None);
        h.append("x-forwarded-for", "10.0.0.1, 203.0.113.7".parse().unwrap());
        assert_eq!(forwarded_for(&h), Some("203.0.113.7".parse().unwrap()));
        h.append("x-forwarded-for", "garbage".parse().unwrap());
        assert_eq!(forwarded_for(&h), Some("203.0.113.7".parse().unwrap()));
    }

    #[test]
    fn allows_a_burst_then_refuses() {
        let l = RateLimiter::new(0.001, 3.0);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        assert!(l.allow(ip) && l.allow(ip) && l.allow(ip));
        assert!(!l.allow(ip));
        assert!(l.allow("10.0.0.2".parse().unwrap()));
    }
}
