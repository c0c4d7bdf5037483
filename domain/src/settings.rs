//! Key/value settings stored as JSON (widget look C1, welcome message R1,
//! capacity defaults).

use model::chat::WidgetSettings;
use model::Permission;
use sea_orm::sea_query::OnConflict;
use sea_orm::{DatabaseConnection, EntityTrait, Set};
use serde::{de::DeserializeOwned, Serialize};

use crate::actor::Actor;
use crate::entities::setting;
use crate::error::{Error, Result};
use crate::validate::Check;

pub const WIDGET: &str = "widget";
pub const DEFAULT_MAX_CHATS: &str = "default_max_chats";
pub const DEFAULT_MAX_CHATS_VALUE: i64 = 5;

#[derive(Clone)]
pub struct SettingsService {
    db: DatabaseConnection,
}

impl SettingsService {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    pub async fn get<T: DeserializeOwned + Default>(&self, key: &str) -> Result<T> {
        let row = setting::Entity::find_by_id(key.to_owned())
            .one(&self.db)
            .await?;
        Ok(row
            .and_then(|r| serde_json::from_str(&r.value).ok())
            .unwrap_or_default())
    }

    async fn put<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        let value = serde_json::to_string(value).map_err(|e| Error::Internal(e.to_string()))?;
        setting::Entity::insert(setting::ActiveModel {
            key: Set(key.to_owned()),
            value: Set(value),
        })
        .on_conflict(
            OnConflict::column(setting::Column::Key)
                .update_column(setting::Column::Value)
                .to_owned(),
        )
        .exec(&self.db)
        .await?;
        Ok(())
    }

    pub async fn widget(&self) -> Result<WidgetSettings> {
        self.get(WIDGET).await
    }

    pub async fn set_widget(&self, actor: &Actor, input: WidgetSettings) -> Result<WidgetSettings> {
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
        self.put(WIDGET, &clean).await?;
        Ok(clean)
    }

    pub async fn default_max_chats(&self) -> Result<i64> {
        let row = setting::Entity::find_by_id(DEFAULT_MAX_CHATS.to_owned())
            .one(&self.db)
            .await?;
        Ok(row
            .and_then(|r| r.value.parse().ok())
            .unwrap_or(DEFAULT_MAX_CHATS_VALUE))
    }
}

fn is_hex_color(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}
