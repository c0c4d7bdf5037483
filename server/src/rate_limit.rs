//! A small per-address token bucket for visitor endpoints, which anyone on
//! the internet can call.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

#[derive(Clone)]
pub struct RateLimiter {
    inner: Arc<Mutex<HashMap<IpAddr, (f64, Instant)>>>,
    per_second: f64,
    burst: f64,
}

impl RateLimiter {
    pub fn new(per_second: f64, burst: f64) -> Self {
        Self {
            inner: Arc::default(),
            per_second,
            burst,
        }
    }

    /// Take one token for `ip`; `false` when it has none left.
    pub fn allow(&self, ip: IpAddr) -> bool {
        let now = Instant::now();
        let mut map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 100_000 {
            map.retain(|_, (_, t)| now.duration_since(*t).as_secs() < 60);
        }
        let (tokens, last) = map.entry(ip).or_insert((self.burst, now));
        *tokens =
            (*tokens + now.duration_since(*last).as_secs_f64() * self.per_second).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Whether a reverse proxy in front of us sets `X-Forwarded-For`
/// (`SWITCHBOARD_TRUST_PROXY=1`). Only then is the header believed.
#[derive(Clone, Copy, Debug, Default)]
pub struct TrustProxy(pub bool);

/// The widget's server functions (hello, end, rate, leave a message) are
/// open to anyone, so they share the visitors' per-address budget.
pub async fn visitor_functions(
    ClientIp(ip): ClientIp,
    axum::Extension(limiter): axum::Extension<RateLimiter>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let path = req.uri().path();
    let visitor_fn = [
        "/api/start_visitor_session",
        "/api/visitor_",
        "/api/public_widget",
    ]
    .iter()
    .any(|p| path.starts_with(p));
    if visitor_fn && !limiter.allow(ip) {
        let body = axum::Json(model::AppError::RateLimited {
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

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        let trusted = parts.extensions.get::<TrustProxy>().is_some_and(|t| t.0);
        Ok(ClientIp(if trusted {
            forwarded_for(&parts.headers).unwrap_or(peer)
        } else {
            peer
        }))
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
