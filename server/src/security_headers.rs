//! Response headers that tell browsers what a page may do: who may frame
//! it (the console and workbench: nobody; the widget: the configured
//! sites), not to sniff types, and how much of our URLs to pass on. The
//! script policy with its per-response nonce is set by the page shell
//! itself (`app::csp`), since only the render knows the nonce; browsers
//! enforce every `Content-Security-Policy` header a response has.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The `frame-ancestors` sources allowed for the widget (`Config::widget_sites`).
#[derive(Clone, Debug)]
pub struct WidgetSites(pub String);

/// Whether `sources` is a list CSP can carry: origins or `*`, no
/// separators that would start another directive.
pub fn valid_sources(sources: &str) -> bool {
    !sources.trim().is_empty()
        && sources.split_whitespace().all(|s| {
            s.chars()
                .all(|c| c.is_ascii_alphanumeric() || ":/.-*_[]".contains(c))
        })
}

/// The `frame-ancestors` policy for a path.
pub fn frame_policy(path: &str, widget_sites: &str) -> String {
    if path.starts_with("/chat/") {
        format!("frame-ancestors {}", widget_sites.trim())
    } else {
        "frame-ancestors 'none'".to_owned()
    }
}

pub async fn add(State(sites): State<WidgetSites>, req: Request, next: Next) -> Response {
    let frames = frame_policy(req.uri().path(), &sites.0);
    let widget = req.uri().path().starts_with("/chat/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&frames) {
        h.append(header::CONTENT_SECURITY_POLICY, v);
    }
    if !widget {
        // For browsers without `frame-ancestors`.
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_widget_may_be_framed_and_only_by_the_configured_sites() {
        assert_eq!(frame_policy("/admin/agents", "*"), "frame-ancestors 'none'");
        assert_eq!(frame_policy("/workbench", "*"), "frame-ancestors 'none'");
        assert_eq!(
            frame_policy("/chat/default", "https://shop.example"),
            "frame-ancestors https://shop.example"
        );
    }

    #[test]
    fn site_lists_cannot_smuggle_directives() {
        assert!(valid_sources("*"));
        assert!(valid_sources(
            "https://shop.example https://*.example.org:8443"
        ));
        for bad in [
            "",
            "  ",
            "https://a; script-src *",
            "'unsafe-inline'",
            "a,b",
        ] {
            assert!(!valid_sources(bad), "{bad}");
        }
    }
}
