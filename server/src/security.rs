//! Request guards: cross-site request forgery protection for cookie-authed
//! state changes, and the sign-in gate in front of the console and workbench.

use axum::extract::Request;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use domain::sessions::AGENT_KEY;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Refuse state-changing requests that a browser sent from another site.
/// Browsers always send `Origin` (and usually `Sec-Fetch-Site`) on
/// cross-origin POSTs, so checking them blocks CSRF without tokens.
/// Requests that carry `Authorization` (the open API's bearer tokens) do not
/// ride on cookies, so other sites and apps may send them.
pub async fn same_origin_writes(req: Request, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let bearer = req.headers().contains_key(header::AUTHORIZATION);
    if writes && !bearer && is_cross_site(&req) {
        tracing::debug!(path = %req.uri().path(), "cross-site write refused");
        return crate::error::ApiError(model::AppError::Forbidden).into_response();
    }
    next.run(req).await
}

fn is_cross_site(req: &Request) -> bool {
    let headers = req.headers();
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(origin);
    origin == "null" || !origin_host.eq_ignore_ascii_case(host)
}

/// Signed-out requests for the console or workbench go to the login page,
/// with the page they wanted as `next`.
pub async fn require_login(session: Session, req: Request, next: Next) -> Response {
    if !is_protected_page(req.uri().path()) {
        return next.run(req).await;
    }
    let signed_in = matches!(session.get::<i32>(AGENT_KEY).await, Ok(Some(_)));
    if signed_in {
        return next.run(req).await;
    }
    let wanted = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".into());
    let target = format!("/login?next={}", urlencode(&wanted));
    Redirect::to(&target).into_response()
}

/// Pages only signed-in people may load. Server functions check on their own.
fn is_protected_page(path: &str) -> bool {
    ["/admin", "/workbench"]
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")))
}

/// Unreserved characters and `/` stay as they are in `next=`.
const NEXT_PARAM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

fn urlencode(s: &str) -> String {
    utf8_percent_encode(s, NEXT_PARAM).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn req(origin: Option<&str>, host: &str) -> Request {
        let mut b = axum::http::Request::builder()
            .method("POST")
            .uri("/api/x")
            .header("host", host);
        if let Some(o) = origin {
            b = b.header("origin", o);
        }
        b.body(Body::empty()).unwrap()
    }

    #[test]
    fn cross_site_detection() {
        assert!(!is_cross_site(&req(None, "a.example")));
        assert!(!is_cross_site(&req(Some("https://a.example"), "a.example")));
        assert!(!is_cross_site(&req(
            Some("http://127.0.0.1:3000"),
            "127.0.0.1:3000"
        )));
        assert!(is_cross_site(&req(
            Some("https://evil.example"),
            "a.example"
        )));
        assert!(is_cross_site(&req(Some("null"), "a.example")));
    }

    #[test]
    fn protects_console_and_workbench_only() {
        assert!(is_protected_page("/admin"));
        assert!(is_protected_page("/admin/agents/3"));
        assert!(is_protected_page("/workbench"));
        assert!(!is_protected_page("/administrator"));
        assert!(!is_protected_page("/login"));
        assert!(!is_protected_page("/pkg/switchboard.js"));
    }

    #[test]
    fn next_is_encoded() {
        assert_eq!(
            urlencode("/admin/agents?x=1&y"),
            "/admin/agents%3Fx%3D1%26y"
        );
    }
}
