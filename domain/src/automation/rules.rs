//! Automation rules (R2–R4, R10): assignment mode and returning-customer
//! first, the default max chats, the idle-visitor and unanswered-alert
//! timers. Saving them may let waiting visitors in at once (a higher
//! default limit), so it drains the queue.

use model::audit::AuditKind;
use model::automation::{AutomationSettings, IdleSettings, TIMER_MAX_SECS};
use model::people::MAX_CHATS_LIMIT;
use model::Permission;

use crate::actor::Actor;
use crate::error::Result;
use crate::routing::queue::QueueService;
use crate::settings::{SettingsService, AUTOMATION};
use crate::validate::Check;

#[derive(Clone)]
pub struct AutomationRulesService {
    settings: SettingsService,
    queue: QueueService,
}

/// The rules as stored: numbers in range, texts trimmed and present.
pub(crate) fn clean_rules(input: AutomationSettings, check: &mut Check) -> AutomationSettings {
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
    AutomationSettings {
        idle: IdleSettings {
            reminder,
            closing,
            ..input.idle.clone()
        },
        ..input
    }
}

impl AutomationRulesService {
    pub(crate) fn new(settings: SettingsService, queue: QueueService) -> Self {
        Self { settings, queue }
    }

    pub async fn get(&self, actor: &Actor) -> Result<AutomationSettings> {
        actor.require(Permission::ManageAutomation)?;
        self.settings.automation().await
    }

    pub async fn set(
        &self,
        actor: &Actor,
        input: AutomationSettings,
    ) -> Result<AutomationSettings> {
        actor.require(Permission::ManageAutomation)?;
        let mut check = Check::new();
        let clean = clean_rules(input, &mut check);
        check.finish()?;
        self.settings
            .put_by(actor, AuditKind::Automation, AUTOMATION, &clean)
            .await?;
        self.queue.drain().await?;
        Ok(clean)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_out_of_range_numbers_are_not() {
        let mut check = Check::new();
        clean_rules(AutomationSettings::default(), &mut check);
        assert!(check.finish().is_ok());
        let mut bad = AutomationSettings {
            default_max_chats: 0,
            ..Default::default()
        };
        bad.idle.reminder = "  ".into();
        let mut check = Check::new();
        clean_rules(bad, &mut check);
        assert!(check.has("default_max_chats"));
        assert!(check.has("idle.reminder"));
    }
}
