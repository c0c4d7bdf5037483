//! Key/value settings stored as JSON: widget look (C1), welcome message
//! (R1), automation (R2–R4, R10), survey (R5), leave a message (R6).

use model::automation::{
    AutomationSettings, IdleSettings, LeaveField, LeaveFieldRule, LeaveMessageSettings,
    SurveySettings, WorkingHours, SURVEY_LABEL_MAX, SURVEY_LEVELS_MAX, SURVEY_LEVELS_MIN,
    TIMER_MAX_SECS,
};
use model::chat::WidgetSettings;
use model::people::MAX_CHATS_LIMIT;
use model::Permission;
use sea_orm::sea_query::OnConflict;
use sea_orm::{DatabaseConnection, EntityTrait, Set};
use serde::{de::DeserializeOwned, Serialize};

use crate::actor::Actor;
use crate::entities::setting;
use crate::error::{Error, Result};
use crate::validate::Check;

pub const WIDGET: &str = "widget";
pub const AUTOMATION: &str = "automation";
pub const SURVEY: &str = "survey";
pub const LEAVE_MESSAGE: &str = "leave_message";

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

    pub async fn automation(&self) -> Result<AutomationSettings> {
        self.get(AUTOMATION).await
    }

    pub async fn set_automation(
        &self,
        actor: &Actor,
        input: AutomationSettings,
    ) -> Result<AutomationSettings> {
        actor.require(Permission::ManageAutomation)?;
        let mut check = Check::new();
        check.range(
            "default_max_chats",
            input.default_max_chats,
            1,
            MAX_CHATS_LIMIT.into(),
        );
        let idle = &input.idle;
        let mins = TIMER_MAX_SECS / 60;
        check.range("idle.remind_after_mins", idle.remind_after_mins, 1, mins);
        check.range("idle.close_after_mins", idle.close_after_mins, 1, mins);
        let reminder = check.required_text("idle.reminder", &idle.reminder, 500);
        let closing = check.required_text("idle.closing", &idle.closing, 500);
        let un = &input.unanswered;
        check.range(
            "unanswered.alert_after_secs",
            un.alert_after_secs,
            10,
            TIMER_MAX_SECS,
        );
        check.range(
            "unanswered.reassign_after_secs",
            un.reassign_after_secs,
            10,
            TIMER_MAX_SECS,
        );
        check.finish()?;
        let clean = AutomationSettings {
            idle: IdleSettings {
                reminder,
                closing,
                ..input.idle.clone()
            },
            ..input
        };
        self.put(AUTOMATION, &clean).await?;
        Ok(clean)
    }

    pub async fn survey(&self) -> Result<SurveySettings> {
        self.get(SURVEY).await
    }

    pub async fn set_survey(&self, actor: &Actor, input: SurveySettings) -> Result<SurveySettings> {
        actor.require(Permission::ManageAutomation)?;
        let mut check = Check::new();
        let levels: Vec<String> = input
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| check.required_text(&format!("levels.{i}"), l, SURVEY_LABEL_MAX))
            .collect();
        if !(SURVEY_LEVELS_MIN..=SURVEY_LEVELS_MAX).contains(&levels.len()) {
            check.fail("levels", "level_count");
        }
        for (i, l) in levels.iter().enumerate() {
            if levels[..i].contains(l) {
                check.fail(&format!("levels.{i}"), "duplicate");
            }
        }
        check.finish()?;
        let clean = SurveySettings { levels, ..input };
        self.put(SURVEY, &clean).await?;
        Ok(clean)
    }

    pub async fn leave_message(&self) -> Result<LeaveMessageSettings> {
        self.get(LEAVE_MESSAGE).await
    }

    pub async fn set_leave_message(
        &self,
        actor: &Actor,
        input: LeaveMessageSettings,
    ) -> Result<LeaveMessageSettings> {
        actor.require(Permission::ManageAutomation)?;
        let mut check = Check::new();
        let guide = check.required_text("guide", &input.guide, 500);
        let hours = &input.hours;
        let start = crate::chat::hours::parse_time(&hours.start);
        let end = crate::chat::hours::parse_time(&hours.end);
        if start.is_none() {
            check.fail("hours.start", "invalid_time");
        }
        if end.is_none() {
            check.fail("hours.end", "invalid_time");
        }
        if start.is_some() && start == end {
            check.fail("hours.end", "same_time");
        }
        let mut days = hours.days.clone();
        days.sort_unstable();
        days.dedup();
        if days.iter().any(|d| !(1..=7).contains(d)) || (hours.enabled && days.is_empty()) {
            check.fail("hours.days", "invalid_days");
        }
        check.range(
            "hours.utc_offset_mins",
            hours.utc_offset_mins.into(),
            -720,
            840,
        );
        check.finish()?;
        let hours = WorkingHours {
            enabled: hours.enabled,
            days,
            start: start
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default(),
            end: end
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default(),
            utc_offset_mins: hours.utc_offset_mins,
        };
        // One rule per field in the fixed order; a required field is shown.
        let fields = LeaveField::ALL
            .into_iter()
            .map(|f| {
                let r = input.rule(f);
                LeaveFieldRule {
                    shown: r.shown || r.required,
                    ..r
                }
            })
            .collect();
        let clean = LeaveMessageSettings {
            guide,
            fields,
            hours,
        };
        self.put(LEAVE_MESSAGE, &clean).await?;
        Ok(clean)
    }
}

fn is_hex_color(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}
