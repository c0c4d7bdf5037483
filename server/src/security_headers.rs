//! Response headers that tell browsers what a page may do: who may frame
//! it (the console and workbench: nobody; the widget: the sites listed in
//! Console → Web widget, else `SWITCHBOARD_WIDGET_SITES`), not to sniff
//! types, and how much of our URLs to pass on. The
//! script policy with its per-response nonce is set by the page shell
//! itself (`app::csp`), since only the render knows the nonce; browsers
//! enforce every `Content-Security-Policy` header a response has.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use domain::settings::SettingsService;

/// How long a process keeps the console's list before reading it again
/// (so every process of a cluster follows a change within this time).
pub const SITES_REFRESH: Duration = Duration::from_secs(5);

/// The `frame-ancestors` sources allowed for the widget: the console's
/// list when it has one, else the configured default.
#[derive(Clone)]
pub struct WidgetSites {
    configured: String,
    settings: SettingsService,
    cached: Arc<Mutex<Option<(Instant, String)>>>,
}

impl WidgetSites {
    pub fn new(configured: String, settings: SettingsService) -> Self {
        Self {
            configured,
            settings,
            cached: Arc::default(),
        }
    }

    /// The sources now. If the database cannot be read, the last list read
    /// (or the configured one) holds.
    pub async fn current(&self) -> String {
        let now = Instant::now();
        let last = self
            .cached
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if let Some((at, sites)) = &last {
            if now.duration_since(*at) < SITES_REFRESH {
                return sites.clone();
            }
        }
        let sites = match self.settings.widget().await {
            Ok(w) => effective_sites(&w.allowed_sites, &self.configured),
            Err(e) => {
                tracing::warn!(error = %e, "widget sites unreadable; keeping the last list");
                last.map(|(_, s)| s)
                    .unwrap_or_else(|| self.configured.clone())
            }
        };
        *self.cached.lock().unwrap_or_else(|e| e.into_inner()) = Some((now, sites.clone()));
        sites
    }
}

/// The console's list if it has one (each entry checked when saved),
/// else the configured sources.
pub fn effective_sites(console: &[String], configured: &str) -> String {
    let listed: Vec<&str> = console
        .iter()
        .map(|s| s.as_str())
        .filter(|s| valid_sources(s))
        .collect();
    if listed.is_empty() {
        configured.trim().to_owned()
    } else {
        listed.join(" ")
    }
}

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
    let widget = req.uri().path().starts_with("/chat/");
    let frames = match widget {
        true => frame_policy(req.uri().path(), &sites.current().await),
        false => frame_policy(req.uri().path(), ""),
    };
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
    fn the_consoles_list_wins_over_the_configured_one() {
        assert_eq!(effective_sites(&[], "*"), "*");
        let console = [
            "https://a.example".to_owned(),
            "https://*.b.example".to_owned(),
        ];
        assert_eq!(
            effective_sites(&console, "*"),
            "https://a.example https://*.b.example"
        );
        assert_eq!(effective_sites(&["x; script-src *".into()], "*"), "*");
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
