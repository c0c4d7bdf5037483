//! People and access against a real database (O1–O3).

use crate::common;
use crate::common::agent_role_id;

use domain::Error;
use model::people::{AgentInput, AgentStatus, GroupInput, RoleInput};
use model::Permission;

fn codes(err: Error) -> Vec<(String, String)> {
    match err {
        Error::Invalid(f) => f.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

fn input(email: &str, role_id: i32) -> AgentInput {
    AgentInput {
        email: email.into(),
        name: "Li Wei".into(),
        display_name: "".into(),
        role_id,
        password: Some("s3cret-pass".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn first_admin_is_created_once_and_can_sign_in() {
    let env = common::env().await;
    let again = env
        .services
        .auth
        .ensure_first_admin("other@example.com", None)
        .await
        .unwrap();
    assert_eq!(again, None, "an admin already exists");
    let (_, me) = env.services.auth.actor(env.admin.agent_id).await.unwrap();
    assert_eq!(me.role_name, "Admin");
    assert!(Permission::ALL.iter().all(|p| me.can(*p)));
}

#[tokio::test]
async fn wrong_password_and_unknown_email_look_the_same_then_throttle() {
    let env = common::env().await;
    let auth = &env.services.auth;
    let a = auth
        .login("admin@example.com", "nope", "1.2.3.4")
        .await
        .unwrap_err();
    let b = auth
        .login("ghost@example.com", "nope", "1.2.3.4")
        .await
        .unwrap_err();
    assert_eq!(codes(a), codes(b));
    for _ in 1..domain::auth::MAX_FAILURES {
        auth.login("admin@example.com", "nope", "1.2.3.4")
            .await
            .unwrap_err();
    }
    let locked = auth
        .login("admin@example.com", "admin-password", "1.2.3.4")
        .await
        .unwrap_err();
    assert!(matches!(locked, Error::RateLimited { .. }), "{locked:?}");
    // Another client address is not locked out.
    auth.login("admin@example.com", "admin-password", "5.6.7.8")
        .await
        .unwrap();
    // The window passes.
    env.clock.advance(chrono::Duration::minutes(16));
    auth.login("admin@example.com", "admin-password", "1.2.3.4")
        .await
        .unwrap();
}

#[tokio::test]
async fn agent_validation_reports_every_field() {
    let env = common::env().await;
    let role = agent_role_id(&env).await;
    let err = env
        .services
        .agents
        .create(
            &env.admin,
            AgentInput {
                email: "not-an-email".into(),
                name: "   ".into(),
                display_name: "x".repeat(65),
                role_id: 9999,
                max_chats: Some(0),
                password: Some("short".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    let got = codes(err);
    for (field, code) in [
        ("email", "invalid_email"),
        ("name", "required"),
        ("display_name", "too_long"),
        ("role_id", "required"),
        ("max_chats", "too_small"),
        ("password", "too_short"),
    ] {
        assert!(
            got.contains(&(field.into(), code.into())),
            "{field} {code} in {got:?}"
        );
    }
    env.services
        .agents
        .create(&env.admin, input("li@example.com", role))
        .await
        .unwrap();
    let dup = env
        .services
        .agents
        .create(&env.admin, input("LI@example.com", role))
        .await
        .unwrap_err();
    assert_eq!(codes(dup), vec![("email".into(), "duplicate".into())]);
}

#[tokio::test]
async fn custom_role_limits_what_an_agent_may_do() {
    let env = common::env().await;
    let s = &env.services;
    let role = s
        .roles
        .create(
            &env.admin,
            RoleInput {
                name: "Reporter".into(),
                permissions: vec![Permission::ViewReports],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let agent = s
        .agents
        .create(&env.admin, input("rep@example.com", role.id))
        .await
        .unwrap();
    assert_eq!(
        agent.display_name, "Li Wei",
        "display name defaults to name"
    );
    let logged_in = s
        .auth
        .login("rep@example.com", "s3cret-pass", "t")
        .await
        .unwrap();
    let (actor, me) = s.auth.actor(logged_in.id).await.unwrap();
    assert_eq!(me.permissions, vec![Permission::ViewReports]);
    assert!(matches!(s.agents.list(&actor).await, Err(Error::Forbidden)));
    assert!(matches!(
        s.roles
            .create(
                &actor,
                RoleInput {
                    name: "x".into(),
                    permissions: vec![],
                    ..Default::default()
                }
            )
            .await,
        Err(Error::Forbidden)
    ));
    // A role in use cannot be deleted; the built-in ones never.
    assert_eq!(
        codes(s.roles.delete(&env.admin, role.id).await.unwrap_err()),
        vec![("name".into(), "role_in_use".into())]
    );
    let admin_role = s.roles.list(&env.admin).await.unwrap()[0].clone();
    assert!(s.roles.delete(&env.admin, admin_role.id).await.is_err());
    assert!(s
        .roles
        .update(
            &env.admin,
            admin_role.id,
            RoleInput {
                name: "Admin".into(),
                permissions: vec![],
                ..Default::default()
            }
        )
        .await
        .is_err());
}

#[tokio::test]
async fn disabling_an_agent_ends_their_sessions_and_access() {
    let env = common::env().await;
    let s = &env.services;
    let role = agent_role_id(&env).await;
    let agent = s
        .agents
        .create(&env.admin, input("off@example.com", role))
        .await
        .unwrap();
    let now = env.clock_now();
    s.sessions
        .save(
            "sess-1",
            Some(agent.id),
            "{}".into(),
            now + chrono::Duration::days(1),
        )
        .await
        .unwrap();
    assert!(s.sessions.load("sess-1", now).await.unwrap().is_some());

    s.agents
        .set_enabled(&env.admin, agent.id, false)
        .await
        .unwrap();
    assert!(s.sessions.load("sess-1", now).await.unwrap().is_none());
    assert!(matches!(
        s.auth.actor(agent.id).await,
        Err(Error::Unauthenticated)
    ));
    let err = s
        .auth
        .login("off@example.com", "s3cret-pass", "t")
        .await
        .unwrap_err();
    assert_eq!(
        codes(err),
        vec![("email".into(), "account_disabled".into())]
    );

    // The last admin can neither disable themself nor be demoted.
    assert!(s
        .agents
        .set_enabled(&env.admin, env.admin.agent_id, false)
        .await
        .is_err());
    let mut me = s.agents.get(&env.admin, env.admin.agent_id).await.unwrap();
    me.role_id = role;
    let demote = s
        .agents
        .update(
            &env.admin,
            me.id,
            AgentInput {
                email: me.email.clone(),
                name: me.name.clone(),
                display_name: me.display_name.clone(),
                role_id: role,
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(codes(demote), vec![("role_id".into(), "last_admin".into())]);
}

#[tokio::test]
async fn groups_hold_members_and_agents_know_their_groups() {
    let env = common::env().await;
    let s = &env.services;
    let role = agent_role_id(&env).await;
    let a = s
        .agents
        .create(&env.admin, input("a@example.com", role))
        .await
        .unwrap();
    let g = s
        .groups
        .create(
            &env.admin,
            GroupInput {
                name: "Sales".into(),
                description: "Pre-sales questions".into(),
                member_ids: vec![a.id, a.id],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(g.member_ids, vec![a.id]);
    assert_eq!(
        s.agents.get(&env.admin, a.id).await.unwrap().group_ids,
        vec![g.id]
    );
    let dup = s
        .groups
        .create(
            &env.admin,
            GroupInput {
                name: "Sales".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(codes(dup), vec![("name".into(), "duplicate".into())]);
    let bad = s
        .groups
        .create(
            &env.admin,
            GroupInput {
                name: "X".into(),
                member_ids: vec![424242],
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(codes(bad), vec![("member_ids".into(), "not_found".into())]);
    s.groups.delete(&env.admin, g.id).await.unwrap();
    assert!(s
        .agents
        .get(&env.admin, a.id)
        .await
        .unwrap()
        .group_ids
        .is_empty());
}

#[tokio::test]
async fn agents_set_their_own_status_and_max_chats() {
    let env = common::env().await;
    let s = &env.services;
    let role = agent_role_id(&env).await;
    let a = s
        .agents
        .create(&env.admin, input("me@example.com", role))
        .await
        .unwrap();
    let (actor, _) = s.auth.actor(a.id).await.unwrap();
    assert_eq!(
        s.agents
            .set_status(&actor, AgentStatus::Busy)
            .await
            .unwrap()
            .status,
        AgentStatus::Busy
    );
    assert_eq!(
        s.agents
            .set_own_max_chats(&actor, Some(3))
            .await
            .unwrap()
            .max_chats,
        Some(3)
    );
    assert!(s
        .agents
        .set_own_max_chats(&actor, Some(1000))
        .await
        .is_err());
}

/// "Manage people" is not a path to Admin: its holder can neither hand out
/// the Admin role or permissions they lack, nor edit their own role, nor
/// take over an account more powerful than theirs.
#[tokio::test]
async fn managing_people_grants_no_more_than_the_manager_holds() {
    let env = common::env().await;
    let s = &env.services;
    let admin_role =
        domain::test_support::builtin_role(s, &env.admin, model::access::BuiltinRole::Admin)
            .await
            .unwrap();
    let hr =
        domain::test_support::agent_with(&env, "hr@example.com", &[Permission::ManagePeople]).await;
    let me = s.agents.get(&hr, hr.agent_id).await.unwrap();
    let input = |a: &model::people::Agent, role_id: i32| AgentInput {
        email: a.email.clone(),
        name: a.name.clone(),
        display_name: a.display_name.clone(),
        role_id,
        group_ids: a.group_ids.clone(),
        ..Default::default()
    };

    // Not themself to Admin, nor anyone else.
    let err = s
        .agents
        .update(&hr, me.id, input(&me, admin_role))
        .await
        .unwrap_err();
    assert_eq!(codes(err), vec![("role_id".into(), "own_role".into())]);
    let new = |email: &str, role_id: i32| AgentInput {
        email: email.into(),
        name: "New".into(),
        role_id,
        password: Some("agent-password".into()),
        ..Default::default()
    };
    let err = s
        .agents
        .create(&hr, new("x@example.com", admin_role))
        .await
        .unwrap_err();
    assert_eq!(codes(err), vec![("role_id".into(), "admin_only".into())]);

    // Their own role cannot grow, and a new role holds only what they hold.
    let err = s
        .roles
        .update(
            &hr,
            me.role_id,
            RoleInput {
                name: me.role_name.clone(),
                permissions: Permission::ALL.to_vec(),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(codes(err), vec![("permissions".into(), "own_role".into())]);
    let wide = RoleInput {
        name: "Wide".into(),
        permissions: vec![Permission::ManagePeople, Permission::ManageChannels],
        ..Default::default()
    };
    let err = s.roles.create(&hr, wide.clone()).await.unwrap_err();
    assert_eq!(
        codes(err),
        vec![("permissions".into(), "beyond_yours".into())]
    );
    // An admin's wide role cannot be handed out by them either.
    let wide = s.roles.create(&env.admin, wide).await.unwrap();
    let err = s
        .agents
        .create(&hr, new("y@example.com", wide.id))
        .await
        .unwrap_err();
    assert_eq!(codes(err), vec![("role_id".into(), "beyond_yours".into())]);
    let narrow = s
        .roles
        .create(
            &hr,
            RoleInput {
                name: "Narrow".into(),
                permissions: vec![Permission::ManagePeople],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let helper = s
        .agents
        .create(&hr, new("z@example.com", narrow.id))
        .await
        .unwrap();

    // The admin's account is out of reach: no edit (its password), no disabling.
    let admin = s.agents.get(&hr, env.admin.agent_id).await.unwrap();
    let mut takeover = input(&admin, admin.role_id);
    takeover.password = Some("now-it-is-mine".into());
    assert!(matches!(
        s.agents.update(&hr, admin.id, takeover).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        s.agents.set_enabled(&hr, admin.id, false).await,
        Err(Error::Forbidden)
    ));
    assert!(s
        .auth
        .login(&admin.email, "now-it-is-mine", "t")
        .await
        .is_err());
    // Nothing changed: still one Admin, and hr still holds one permission.
    let roles = s.roles.list(&env.admin).await.unwrap();
    let hr_role = roles.iter().find(|r| r.id == me.role_id).unwrap();
    assert_eq!(hr_role.permissions, vec![Permission::ManagePeople]);
    assert_eq!(
        roles
            .iter()
            .find(|r| r.id == admin_role)
            .unwrap()
            .agent_count,
        1
    );
    // What they hold they can hand out: the helper they made is theirs to manage.
    s.agents.set_enabled(&hr, helper.id, false).await.unwrap();
    // Groups give sight of their tickets: hr cannot join one, nor move the
    // admin, but can move the helper they manage.
    let sales = s
        .groups
        .create(
            &env.admin,
            GroupInput {
                name: "Sales".into(),
                member_ids: vec![],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let join = |ids: Vec<i32>| GroupInput {
        name: "Sales".into(),
        member_ids: ids,
        ..Default::default()
    };
    let err = s
        .groups
        .update(&hr, sales.id, join(vec![hr.agent_id]))
        .await
        .unwrap_err();
    assert_eq!(codes(err), vec![("member_ids".into(), "own_groups".into())]);
    let err = s
        .groups
        .update(&hr, sales.id, join(vec![admin.id]))
        .await
        .unwrap_err();
    assert_eq!(codes(err), vec![("member_ids".into(), "admin_only".into())]);
    s.groups
        .update(&hr, sales.id, join(vec![helper.id]))
        .await
        .unwrap();
    let mut own = input(&me, me.role_id);
    own.group_ids = vec![sales.id];
    let err = s.agents.update(&hr, me.id, own).await.unwrap_err();
    assert_eq!(codes(err), vec![("group_ids".into(), "own_groups".into())]);
    // The Admin does all of it.
    let promote = input(
        &s.agents.get(&env.admin, helper.id).await.unwrap(),
        admin_role,
    );
    s.agents
        .update(&env.admin, helper.id, promote)
        .await
        .unwrap();
}
