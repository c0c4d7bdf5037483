//! The audit log of administrative changes, against a real database.

use crate::common::*;
use domain::Error;
use model::audit::{AuditAction, AuditChange, AuditEvent, AuditFilter, AuditKind};
use model::people::{AgentInput, RoleInput};
use model::Permission;

async fn events(env: &TestEnv, filter: AuditFilter) -> Vec<AuditEvent> {
    env.services
        .audit
        .list(&env.admin, &filter)
        .await
        .expect("audit log")
        .events
}

fn change<'a>(event: &'a AuditEvent, field: &str) -> &'a AuditChange {
    event
        .changes
        .iter()
        .find(|c| c.field == field)
        .unwrap_or_else(|| panic!("no change of {field} in {:?}", event.changes))
}

#[tokio::test]
async fn role_changes_are_logged_with_before_and_after() {
    let env = env().await;
    let s = &env.services;
    let role = s
        .roles
        .create(
            &env.admin,
            RoleInput {
                name: "Supervisors".into(),
                permissions: vec![Permission::ViewAllTranscripts],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    s.roles
        .update(
            &env.admin,
            role.id,
            RoleInput {
                name: "Supervisors".into(),
                permissions: vec![Permission::ViewAllTranscripts, Permission::ViewReports],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    // Saving without a change is not worth a line.
    s.roles
        .update(
            &env.admin,
            role.id,
            RoleInput {
                name: "Supervisors".into(),
                permissions: vec![Permission::ViewReports, Permission::ViewAllTranscripts],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    s.roles.delete(&env.admin, role.id).await.unwrap();

    let log = events(
        &env,
        AuditFilter {
            kind: Some(AuditKind::Role),
            ..Default::default()
        },
    )
    .await;
    let actions: Vec<AuditAction> = log.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        vec![
            AuditAction::Delete,
            AuditAction::Update,
            AuditAction::Create
        ],
        "newest first, the no-op save left out"
    );
    let update = &log[1];
    assert_eq!(update.actor_id, Some(env.admin.agent_id));
    assert_eq!(update.target_name.as_deref(), Some("Supervisors"));
    let perms = change(update, "permissions");
    assert_eq!(perms.before.as_deref(), Some(r#"["view_all_transcripts"]"#));
    assert_eq!(
        perms.after.as_deref(),
        Some(r#"["view_all_transcripts","view_reports"]"#)
    );
    assert_eq!(update.changes.len(), 1, "{:?}", update.changes);
    assert_eq!(
        change(&log[2], "name").after.as_deref(),
        Some("Supervisors")
    );
    assert_eq!(
        change(&log[0], "name").before.as_deref(),
        Some("Supervisors")
    );
}

#[tokio::test]
async fn settings_pages_log_each_changed_field() {
    let env = env().await;
    set_automation(&env, |a| {
        a.idle.enabled = !a.idle.enabled;
        a.default_max_chats += 1;
    })
    .await;
    let log = events(
        &env,
        AuditFilter {
            kind: Some(AuditKind::Automation),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(log.len(), 1);
    let fields: Vec<&str> = log[0].changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, vec!["default_max_chats", "idle.enabled"]);
}

/// A password change says that it changed, never the password.
#[tokio::test]
async fn agents_are_logged_without_their_secrets() {
    let env = env().await;
    let s = &env.services;
    let ann = online_agent(&env, "ann@example.com", None).await;
    let input = AgentInput {
        email: "ann@example.com".into(),
        name: "Ann".into(),
        display_name: "Ann".into(),
        role_id: agent_role_id(&env).await,
        password: Some("a-new-password".into()),
        ..Default::default()
    };
    s.agents
        .update(&env.admin, ann.agent_id, input.clone())
        .await
        .unwrap();
    s.agents
        .set_enabled(&env.admin, ann.agent_id, false)
        .await
        .unwrap();
    let log = events(
        &env,
        AuditFilter {
            kind: Some(AuditKind::Agent),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(log[0].action, AuditAction::Disable);
    let password = change(&log[1], "password");
    assert_eq!(password.after.as_deref(), Some(AuditChange::SECRET));
    let stored = serde_json::to_string(&log).unwrap();
    assert!(!stored.contains("a-new-password"));
    assert!(!stored.contains("$argon2"), "no password hash either");
}

/// An actor's events keep their name after the actor is renamed and
/// disabled; the actor filter finds them.
#[tokio::test]
async fn events_outlive_their_actor() {
    let env = env().await;
    let s = &env.services;
    let bo = agent_with(&env, "bo@example.com", &[Permission::ManagePeople]).await;
    s.groups
        .create(
            &bo,
            model::people::GroupInput {
                name: "Night shift".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let rename = AgentInput {
        email: "bo@example.com".into(),
        name: "Bo Renamed".into(),
        display_name: "Bo Renamed".into(),
        role_id: s.agents.get(&env.admin, bo.agent_id).await.unwrap().role_id,
        ..Default::default()
    };
    s.agents
        .update(&env.admin, bo.agent_id, rename)
        .await
        .unwrap();
    s.agents
        .set_enabled(&env.admin, bo.agent_id, false)
        .await
        .unwrap();

    let by_bo = events(
        &env,
        AuditFilter {
            actor_id: Some(bo.agent_id),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(by_bo.len(), 1);
    assert_eq!(by_bo[0].kind, AuditKind::Group);
    assert_eq!(by_bo[0].target_name.as_deref(), Some("Night shift"));
    assert_eq!(by_bo[0].actor_name, "bo");
    let actors = s.audit.actors(&env.admin).await.unwrap();
    assert!(actors.iter().any(|a| a.id == bo.agent_id));
}

#[tokio::test]
async fn reading_the_log_needs_its_permission() {
    let env = env().await;
    let s = &env.services;
    let plain = online_agent(&env, "plain@example.com", None).await;
    let people = agent_with(&env, "people@example.com", &[Permission::ManagePeople]).await;
    let auditor = agent_with(&env, "auditor@example.com", &[Permission::ViewAuditLog]).await;
    for who in [&plain, &people] {
        let refused = s.audit.list(who, &AuditFilter::default()).await;
        assert!(matches!(refused, Err(Error::Forbidden)), "{refused:?}");
        assert!(matches!(s.audit.actors(who).await, Err(Error::Forbidden)));
    }
    let page = s
        .audit
        .list(&auditor, &AuditFilter::default())
        .await
        .unwrap();
    assert!(!page.events.is_empty());
}

#[tokio::test]
async fn filters_by_day_and_pages_through() {
    let env = env().await;
    let s = &env.services;
    for n in 0..(model::audit::AUDIT_PAGE_MAX + 5) {
        s.roles
            .create(
                &env.admin,
                RoleInput {
                    name: format!("R{n}"),
                    permissions: vec![],
                    ..Default::default()
                },
            )
            .await
            .unwrap();
    }
    let first = s
        .audit
        .list(&env.admin, &AuditFilter::default())
        .await
        .unwrap();
    assert_eq!(first.events.len() as u64, model::audit::AUDIT_PAGE_MAX);
    let before = first.next_before.expect("a second page");
    let second = s
        .audit
        .list(
            &env.admin,
            &AuditFilter {
                before: Some(before),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(second.events.len() >= 5);
    assert!(second.events.iter().all(|e| e.id < before));
    assert_eq!(second.next_before, None);

    let today = env.clock_now().format("%Y-%m-%d").to_string();
    let tomorrow = (env.clock_now() + chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let on = |from: &str, to: &str| AuditFilter {
        from: Some(from.into()),
        to: Some(to.into()),
        ..Default::default()
    };
    assert!(!events(&env, on(&today, &today)).await.is_empty());
    assert!(events(&env, on(&tomorrow, &tomorrow)).await.is_empty());
    let bad = s.audit.list(&env.admin, &on("yesterday", "")).await;
    assert!(matches!(bad, Err(Error::Invalid(f)) if f[0].field == "from"));
}
