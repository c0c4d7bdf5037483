//! Two-factor sign-in against a real database: setting it up, signing in
//! with a code or a recovery code (each once), turning it off with the
//! password, a role that requires it, and an admin's reset.

use crate::common::*;
use chrono::Duration;
use domain::auth::LoginStep;
use domain::two_factor::code_at;
use domain::{Actor, Error};
use model::audit::{AuditFilter, AuditKind};
use model::people::RoleInput;
use model::two_factor::RECOVERY_CODE_COUNT;

const PASSWORD: &str = "agent-password";

fn field(err: Error) -> (String, String) {
    match err {
        Error::Invalid(f) => (f[0].field.clone(), f[0].code.clone()),
        other => panic!("expected a field error, got {other:?}"),
    }
}

/// Ann with two-factor sign-in on: her secret and recovery codes.
async fn enrolled(env: &TestEnv, email: &str) -> (Actor, String, Vec<String>) {
    let ann = online_agent(env, email, None).await;
    let setup = env.services.two_factor.begin(&ann).await.unwrap();
    let code = code_at(&setup.secret, env.clock_now()).unwrap();
    let codes = env.services.two_factor.confirm(&ann, &code).await.unwrap();
    (ann, setup.secret, codes.codes)
}

async fn sign_in(env: &TestEnv, email: &str, code: Option<&str>) -> Result<LoginStep, Error> {
    env.services
        .auth
        .sign_in(email, PASSWORD, code, "test")
        .await
}

#[tokio::test]
async fn a_code_signs_in_once_and_a_recovery_code_once() {
    let env = env().await;
    let (ann, secret, codes) = enrolled(&env, "ann@example.com").await;
    assert_eq!(codes.len(), RECOVERY_CODE_COUNT);
    let status = env.services.two_factor.status(&ann).await.unwrap();
    assert!(status.enabled && !status.required);
    assert_eq!(status.recovery_codes_left, RECOVERY_CODE_COUNT as u32);

    // The password alone is not enough any more.
    assert!(matches!(
        sign_in(&env, "ann@example.com", None).await,
        Ok(LoginStep::CodeRequired)
    ));
    let refused = env
        .services
        .auth
        .login("ann@example.com", PASSWORD, "test")
        .await;
    assert_eq!(
        field(refused.unwrap_err()),
        ("code".into(), "two_factor_required".into())
    );
    let wrong = sign_in(&env, "ann@example.com", Some("000000"))
        .await
        .unwrap_err();
    assert_eq!(field(wrong), ("code".into(), "invalid_code".into()));

    // The code used to confirm the setup does not sign in again…
    let now = code_at(&secret, env.clock_now()).unwrap();
    assert!(sign_in(&env, "ann@example.com", Some(&now)).await.is_err());
    // …the next one does, once.
    env.clock.advance(Duration::seconds(30));
    let next = code_at(&secret, env.clock_now()).unwrap();
    assert!(matches!(
        sign_in(&env, "ann@example.com", Some(&next)).await,
        Ok(LoginStep::SignedIn(_))
    ));
    assert!(
        sign_in(&env, "ann@example.com", Some(&next)).await.is_err(),
        "replayed"
    );

    // A recovery code, typed loosely, works once.
    let loose = codes[3].to_uppercase().replace('-', " ");
    assert!(matches!(
        sign_in(&env, "ann@example.com", Some(&loose)).await,
        Ok(LoginStep::SignedIn(_))
    ));
    assert!(sign_in(&env, "ann@example.com", Some(&codes[3]))
        .await
        .is_err());
    let left = env
        .services
        .two_factor
        .status(&ann)
        .await
        .unwrap()
        .recovery_codes_left;
    assert_eq!(left, RECOVERY_CODE_COUNT as u32 - 1);
}

#[tokio::test]
async fn wrong_codes_count_towards_the_login_throttle() {
    let env = env().await;
    enrolled(&env, "bo@example.com").await;
    for _ in 0..domain::auth::MAX_FAILURES {
        let _ = sign_in(&env, "bo@example.com", Some("123456")).await;
    }
    let locked = sign_in(&env, "bo@example.com", Some("123456")).await;
    assert!(
        matches!(locked, Err(Error::RateLimited { .. })),
        "{locked:?}"
    );
}

#[tokio::test]
async fn turning_it_off_or_new_recovery_codes_need_the_password() {
    let env = env().await;
    let (ann, _, old) = enrolled(&env, "ann@example.com").await;
    let tf = &env.services.two_factor;
    let wrong = tf.disable(&ann, "not-it").await.unwrap_err();
    assert_eq!(field(wrong), ("password".into(), "wrong_password".into()));
    let fresh = tf.regenerate(&ann, PASSWORD).await.unwrap();
    assert_ne!(fresh.codes, old);
    assert!(
        sign_in(&env, "ann@example.com", Some(&old[0]))
            .await
            .is_err(),
        "old codes are void"
    );
    assert!(matches!(
        sign_in(&env, "ann@example.com", Some(&fresh.codes[0])).await,
        Ok(LoginStep::SignedIn(_))
    ));
    tf.disable(&ann, PASSWORD).await.unwrap();
    assert!(matches!(
        sign_in(&env, "ann@example.com", None).await,
        Ok(LoginStep::SignedIn(_))
    ));
    let log = env
        .services
        .audit
        .list(
            &env.admin,
            &AuditFilter {
                kind: Some(AuditKind::TwoFactor),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(log.events.len(), 2, "turned on, turned off");
}

/// A role that requires it signs out its members who have none; they set
/// it up while signing in, and then cannot turn it off.
#[tokio::test]
async fn a_role_can_require_it() {
    let env = env().await;
    let s = &env.services;
    let role = s
        .roles
        .create(
            &env.admin,
            RoleInput {
                name: "Careful".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let cy = online_agent_in(s, &env.admin, "cy@example.com", role.id, None)
        .await
        .unwrap();
    assert!(s.auth.actor(cy.agent_id).await.is_ok());
    s.roles
        .update(
            &env.admin,
            role.id,
            RoleInput {
                name: "Careful".into(),
                require_two_factor: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(
        matches!(s.auth.actor(cy.agent_id).await, Err(Error::Unauthenticated)),
        "signed out"
    );

    let Ok(LoginStep::SetupRequired(setup)) = sign_in(&env, "cy@example.com", None).await else {
        panic!("expected to be asked to set it up");
    };
    // Asking again shows the same secret, so a scanned QR code stays good.
    let Ok(LoginStep::SetupRequired(again)) = sign_in(&env, "cy@example.com", None).await else {
        panic!("expected the setup again");
    };
    assert_eq!(again.secret, setup.secret);
    let code = code_at(&setup.secret, env.clock_now()).unwrap();
    let Ok(LoginStep::Enrolled(_, codes)) = sign_in(&env, "cy@example.com", Some(&code)).await
    else {
        panic!("expected to be enrolled");
    };
    assert_eq!(codes.len(), RECOVERY_CODE_COUNT);
    assert!(s.auth.actor(cy.agent_id).await.is_ok());
    let status = s.two_factor.status(&cy).await.unwrap();
    assert!(status.enabled && status.required);
    let refused = s.two_factor.disable(&cy, PASSWORD).await.unwrap_err();
    assert_eq!(
        field(refused),
        ("two_factor".into(), "required_by_role".into())
    );
}

/// Requiring it of your own role needs it set up first; only an Admin
/// changes it for the Admin role.
#[tokio::test]
async fn requiring_it_of_your_own_role_needs_it_first() {
    let env = env().await;
    let s = &env.services;
    let admin_role = builtin_role(s, &env.admin, model::access::BuiltinRole::Admin)
        .await
        .unwrap();
    let require = RoleInput {
        name: "Admin".into(),
        permissions: model::Permission::ALL.to_vec(),
        require_two_factor: true,
    };
    let refused = s
        .roles
        .update(&env.admin, admin_role, require.clone())
        .await
        .unwrap_err();
    assert_eq!(
        field(refused),
        ("require_two_factor".into(), "enrol_first".into())
    );

    let setup = s.two_factor.begin(&env.admin).await.unwrap();
    let code = code_at(&setup.secret, env.clock_now()).unwrap();
    s.two_factor.confirm(&env.admin, &code).await.unwrap();
    let role = s
        .roles
        .update(&env.admin, admin_role, require)
        .await
        .unwrap();
    assert!(role.require_two_factor);
    assert_eq!(
        role.permissions.len(),
        model::Permission::ALL.len(),
        "unchanged"
    );

    let renamed = RoleInput {
        name: "Root".into(),
        permissions: model::Permission::ALL.to_vec(),
        require_two_factor: true,
    };
    let refused = s
        .roles
        .update(&env.admin, admin_role, renamed)
        .await
        .unwrap_err();
    assert_eq!(field(refused), ("name".into(), "builtin_role".into()));

    let people = agent_with(
        &env,
        "people@example.com",
        &[model::Permission::ManagePeople],
    )
    .await;
    let off = RoleInput {
        name: "Admin".into(),
        permissions: model::Permission::ALL.to_vec(),
        require_two_factor: false,
    };
    let refused = s.roles.update(&people, admin_role, off).await.unwrap_err();
    assert_eq!(
        field(refused),
        ("require_two_factor".into(), "admin_only".into())
    );
}

#[tokio::test]
async fn an_admin_resets_it_for_someone_who_lost_their_phone() {
    let env = env().await;
    let s = &env.services;
    let (ann, _, _) = enrolled(&env, "ann@example.com").await;
    let plain = online_agent(&env, "plain@example.com", None).await;
    assert!(matches!(
        s.two_factor.reset(&plain, ann.agent_id).await,
        Err(Error::Forbidden)
    ));
    let own = s
        .two_factor
        .reset(&env.admin, env.admin.agent_id)
        .await
        .unwrap_err();
    assert_eq!(field(own), ("two_factor".into(), "own_account".into()));
    assert!(
        s.agents
            .get(&env.admin, ann.agent_id)
            .await
            .unwrap()
            .two_factor
    );
    s.two_factor.reset(&env.admin, ann.agent_id).await.unwrap();
    assert!(
        !s.agents
            .get(&env.admin, ann.agent_id)
            .await
            .unwrap()
            .two_factor
    );
    assert!(matches!(
        sign_in(&env, "ann@example.com", None).await,
        Ok(LoginStep::SignedIn(_))
    ));
}
