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
}
