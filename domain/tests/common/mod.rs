//! A fresh database per test: a SQLite file by default, or a new PostgreSQL
//! database when `SWITCHBOARD_TEST_POSTGRES` names a server
//! (e.g. `postgres://postgres@localhost`).

#![allow(dead_code)]

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use domain::chat::{Party, StartInfo};
use domain::{Actor, ManualClock, Services};
use model::automation::{AssignmentMode, AutomationSettings};
use model::chat::VisitorHello;
use model::people::{AgentInput, AgentStatus, GroupInput};
use sea_orm::{ConnectionTrait, Database};

pub struct TestEnv {
    pub services: Services,
    pub clock: ManualClock,
    pub admin: Actor,
}

fn unique_name() -> String {
    use rand::Rng;
    format!("sb_test_{:016x}", rand::thread_rng().gen::<u64>())
}

pub async fn database_url() -> String {
    match std::env::var("SWITCHBOARD_TEST_POSTGRES") {
        Ok(base) if !base.is_empty() => {
            let name = unique_name();
            let admin = Database::connect(base.as_str())
                .await
                .expect("connect postgres");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            format!("{}/{name}", base.trim_end_matches('/'))
        }
        _ => {
            let dir = std::env::temp_dir().join("switchboard-tests");
            std::fs::create_dir_all(&dir).expect("temp dir");
            format!("sqlite://{}/{}.db", dir.display(), unique_name())
        }
    }
}

pub async fn env() -> TestEnv {
    let db = domain::db::connect(&database_url().await)
        .await
        .expect("connect");
    let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap());
    let files = domain::files::FileStore::new(
        std::env::temp_dir().join(format!("switchboard-files-{}", unique_name())),
        1024 * 1024,
    );
    let services = Services::new(db, Arc::new(clock.clone()), files);
    services
        .auth
        .ensure_first_admin("admin@example.com", Some("admin-password"))
        .await
        .expect("first admin");
    let admin_id = services
        .auth
        .login("admin@example.com", "admin-password", "test")
        .await
        .expect("admin login")
        .id;
    let (admin, _) = services.auth.actor(admin_id).await.expect("actor");
    TestEnv {
        services,
        clock,
        admin,
    }
}

impl TestEnv {
    pub fn clock_now(&self) -> chrono::DateTime<Utc> {
        use domain::Clock;
        self.clock.now()
    }
}

/// The built-in Agent role.
pub async fn agent_role_id(env: &TestEnv) -> i32 {
    env.services
        .roles
        .list(&env.admin)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.name == "Agent")
        .unwrap()
        .id
}

pub async fn online_agent(env: &TestEnv, email: &str, max: Option<i32>) -> Actor {
    let s = &env.services;
    let role = agent_role_id(env).await;
    let a = s
        .agents
        .create(
            &env.admin,
            AgentInput {
                email: email.into(),
                name: email.split('@').next().unwrap().into(),
                role_id: role,
                max_chats: max,
                password: Some("agent-password".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let (actor, _) = s.auth.actor(a.id).await.unwrap();
    s.agents
        .set_status(&actor, AgentStatus::Online)
        .await
        .unwrap();
    actor
}

pub async fn visitor(env: &TestEnv) -> (i64, String) {
    let session = env
        .services
        .visitors
        .hello(VisitorHello::default())
        .await
        .unwrap();
    (session.visitor_id, session.token)
}

/// A visitor says hello and sends one message: their conversation id.
pub async fn start(env: &TestEnv, text: &str) -> (i64, i64) {
    start_at(env, text, StartInfo::default()).await
}

pub async fn start_at(env: &TestEnv, text: &str, info: StartInfo) -> (i64, i64) {
    let (v, _) = visitor(env).await;
    let m = env
        .services
        .conversations
        .visitor_send(v, None, "first", text, &info)
        .await
        .unwrap();
    (v, m.conversation_id)
}

pub async fn status(env: &TestEnv, v: i64, id: i64) -> model::chat::Conversation {
    env.services
        .conversations
        .get(&Party::Visitor(v), id)
        .await
        .unwrap()
}

pub async fn set_automation(env: &TestEnv, f: impl FnOnce(&mut AutomationSettings)) {
    let s = &env.services;
    let mut a = s.settings.automation().await.unwrap();
    f(&mut a);
    s.rules.set(&env.admin, a).await.unwrap();
}

pub async fn group(
    env: &TestEnv,
    members: &[&Actor],
    mode: AssignmentMode,
    returning: bool,
) -> i32 {
    env.services
        .groups
        .create(
            &env.admin,
            GroupInput {
                name: format!("G{}", members.len()),
                member_ids: members.iter().map(|m| m.agent_id).collect(),
                assignment: mode,
                returning_first: returning,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id
}
