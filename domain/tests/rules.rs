//! Automation rules (R2–R4, R10): validation and permissions.

use crate::common;
use crate::common::*;
use domain::Error;
use model::automation::AutomationSettings;

#[tokio::test]
async fn automation_settings_are_validated() {
    let env = common::env().await;
    let s = &env.services;
    let mut bad = AutomationSettings {
        default_max_chats: 0,
        ..Default::default()
    };
    bad.idle.remind_after_mins = 0;
    bad.idle.reminder = "  ".into();
    bad.unanswered.alert_after_secs = 5;
    let Err(Error::Invalid(errors)) = s.rules.set(&env.admin, bad).await else {
        panic!("expected field errors")
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        vec![
            "default_max_chats",
            "idle.remind_after_mins",
            "idle.reminder",
            "unanswered.alert_after_secs"
        ]
    );
    // An agent without ManageAutomation cannot change them.
    let a = online_agent(&env, "a@example.com", None).await;
    let denied = s.rules.set(&a, AutomationSettings::default()).await;
    assert!(matches!(denied, Err(Error::Forbidden)));
}

#[tokio::test]
async fn unreadable_stored_settings_fall_back_to_defaults_and_are_reported() {
    use sea_orm::{EntityTrait, Set};
    let env = common::env().await;
    let s = &env.services;
    assert!(s.settings.unreadable(&env.admin).await.unwrap().is_empty());
    domain::entities::setting::Entity::insert(domain::entities::setting::ActiveModel {
        key: Set("automation".into()),
        value: Set("{not json".into()),
    })
    .exec(&s.db)
    .await
    .unwrap();
    assert_eq!(
        s.settings.automation().await.unwrap(),
        AutomationSettings::default()
    );
    assert_eq!(
        s.settings.unreadable(&env.admin).await.unwrap(),
        ["automation"]
    );
    // Someone who does not manage automation is not told about it.
    let agent = online_agent(&env, "plain@example.com", None).await;
    assert!(s.settings.unreadable(&agent).await.unwrap().is_empty());
    // Saving the page replaces the unreadable value.
    s.rules
        .set(&env.admin, AutomationSettings::default())
        .await
        .unwrap();
    assert!(s.settings.unreadable(&env.admin).await.unwrap().is_empty());
}
