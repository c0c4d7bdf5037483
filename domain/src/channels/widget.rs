//! The web widget's look (C1) and welcome message (R1), as admins set them
//! and as visitors' widgets read them.

use model::audit::AuditKind;
use model::chat::WidgetSettings;
use model::Permission;

use crate::actor::Actor;
use crate::chat::LinkService;
use crate::error::{Error, Result};
use crate::settings::{SettingsService, WIDGET};
use crate::validate::Check;

/// An origin a page may be framed by, as CSP `frame-ancestors` takes it:
/// `http(s)://host[:port]`, the host optionally starting with `*.`.
pub fn valid_origin(origin: &str) -> bool {
    let Some((scheme, rest)) = origin.split_once("://") else {
        return false;
    };
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (rest, None),
    };
    let host = host.strip_prefix("*.").unwrap_or(host);
    matches!(scheme, "http" | "https")
        && origin.len() <= 253
        && !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && port
            .is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()))
}

/// The allow-list as typed: trimmed, without empty lines or repeats, in
/// lower case; `invalid_origin` names the first bad one.
fn clean_sites(check: &mut Check, sites: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for site in sites {
        let site = site.trim().trim_end_matches('/').to_ascii_lowercase();
        if site.is_empty() || out.contains(&site) {
            continue;
        }
        if !valid_origin(&site) {
            check.fail("allowed_sites", "invalid_origin");
        }
        out.push(site);
    }
    check.range(
        "allowed_sites",
        out.len() as i64,
        0,
        model::chat::ALLOWED_SITES_MAX as i64,
    );
    out
}

#[derive(Clone)]
pub struct WidgetService {
    settings: SettingsService,
    links: LinkService,
}

impl WidgetService {
    pub(crate) fn new(settings: SettingsService, links: LinkService) -> Self {
        Self { settings, links }
    }

    /// The settings as admins edit them.
    pub async fn settings(&self, actor: &Actor) -> Result<WidgetSettings> {
        actor.require(Permission::ManageChannels)?;
        self.settings.widget().await
    }

    /// The widget's look for a chat link; `NotFound` for an unknown link.
    pub async fn public(&self, link: &str) -> Result<WidgetSettings> {
        if !self.links.link_exists(link).await? {
            return Err(Error::NotFound);
        }
        self.settings.widget().await
    }

    pub async fn set_settings(
        &self,
        actor: &Actor,
        input: WidgetSettings,
    ) -> Result<WidgetSettings> {
        actor.require(Permission::ManageChannels)?;
        let mut check = Check::new();
        let clean = WidgetSettings {
            window_name: check.required_text("window_name", &input.window_name, 64),
            title: check
                .optional_text("title", Some(&input.title), 120)
                .unwrap_or_default(),
            theme_color: input.theme_color.trim().to_owned(),
            logo_url: check.optional_text("logo_url", input.logo_url.as_deref(), 512),
            show_close: input.show_close,
            welcome_message: check
                .optional_text("welcome_message", Some(&input.welcome_message), 1000)
                .unwrap_or_default(),
            button_text: check
                .optional_text("button_text", Some(&input.button_text), 30)
                .unwrap_or_default(),
            desktop_button: input.desktop_button,
            mobile_button: input.mobile_button,
            language: input.language.trim().to_owned(),
            allowed_sites: clean_sites(&mut check, &input.allowed_sites),
        };
        if !matches!(clean.language.as_str(), "" | "en" | "zh-CN") {
            check.fail("language", "invalid");
        }
        if let Some(url) = &clean.logo_url {
            let ok =
                url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/');
            if !ok || url.contains(char::is_whitespace) {
                check.fail("logo_url", "invalid_url");
            }
        }
        if !is_hex_color(&clean.theme_color) {
            check.fail("theme_color", "invalid_color");
        }
        check.finish()?;
        self.settings
            .put_by(actor, AuditKind::Widget, WIDGET, &clean)
            .await?;
        Ok(clean)
    }
}

fn is_hex_color(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_colours_are_six_digit_hex() {
        assert!(is_hex_color("#1a2B3c"));
        assert!(!is_hex_color("1a2b3c"));
        assert!(!is_hex_color("#1a2b3"));
        assert!(!is_hex_color("#1a2b3g"));
        assert!(!is_hex_color("#ééé"));
    }

    #[test]
    fn origins_are_what_frame_ancestors_accepts() {
        for ok in [
            "https://shop.example",
            "http://localhost:8080",
            "https://*.example.org",
            "https://a-b.c.example:443",
        ] {
            assert!(valid_origin(ok), "{ok}");
        }
        for bad in [
            "shop.example",
            "ftp://shop.example",
            "https://",
            "https://shop.example/path",
            "https://shop example",
            "https://a;script-src *",
            "https://shop.example:",
            "https://shop.example:99999x",
            "*",
            "https://*",
        ] {
            assert!(!valid_origin(bad), "{bad}");
        }
    }

    #[test]
    fn the_list_is_trimmed_deduplicated_and_checked() {
        let mut check = Check::new();
        let sites = ["  https://Shop.Example/ ", "", "https://shop.example"].map(String::from);
        assert_eq!(
            clean_sites(&mut check, &sites),
            vec!["https://shop.example"]
        );
        assert!(check.finish().is_ok());
        let mut check = Check::new();
        clean_sites(&mut check, &["nope".into()]);
        assert!(check.has("allowed_sites"));
    }
}
