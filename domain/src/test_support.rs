//! Fixtures shared by the domain tests, the server tests and the bench
//! (feature `test-support`): a fresh database per test, a moved clock, the
//! first admin, agents in a role, visitors and first messages. Everything is
//! made through the services, as a user would, never with raw SQL — except
//! `set_default_max_chats_unchecked`, which the bench needs beyond the
//! console's cap.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use model::access::{BuiltinRole, Permission};
use model::automation::{AssignmentMode, AutomationSettings};
use model::chat::{Conversation, VisitorHello};
use model::people::{AgentInput, AgentStatus, GroupInput, RoleInput};
use sea_orm::{ConnectionTrait, Database};

use crate::chat::{Party, StartInfo};
use crate::error::Result;
use crate::{Actor, ManualClock, Services};

pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const ADMIN_PASSWORD: &str = "admin-password";

fn unique_name() -> String {
    use rand::Rng;
    format!("sb_test_{:016x}", rand::thread_rng().gen::<u64>())
}

/// A fresh database: a SQLite file by default, or a new PostgreSQL
/// database when `SWITCHBOARD_TEST_POSTGRES` names a server
/// (e.g. `postgres://postgres@localhost`).
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

// ------------------------------------------- fixtures on any `Services`

/// Sign in as an existing agent: the actor the services see.
pub async fn sign_in(services: &Services, email: &str, password: &str) -> Result<Actor> {
    let agent = services.auth.login(email, password, "test-support").await?;
    Ok(services.auth.actor(agent.id).await?.0)
}

/// The id of a built-in role.
pub async fn builtin_role(services: &Services, admin: &Actor, role: BuiltinRole) -> Result<i32> {
    services
        .roles
        .list(admin)
        .await?
        .into_iter()
        .find(|r| r.builtin == Some(role))
        .map(|r| r.id)
        .ok_or(crate::Error::NotFound)
}

/// A new agent in `role_id` with their own max chats, set online.
pub async fn online_agent_in(
    services: &Services,
    admin: &Actor,
    email: &str,
    role_id: i32,
    max_chats: Option<i32>,
) -> Result<Actor> {
    let input = AgentInput {
        email: email.into(),
        name: email.split('@').next().unwrap_or(email).into(),
        role_id,
        max_chats,
        password: Some("agent-password".into()),
        ..Default::default()
    };
    new_agent(services, admin, input, true).await
}

/// A new agent made by `admin` from `input`, online if asked.
pub async fn new_agent(
    services: &Services,
    admin: &Actor,
    input: AgentInput,
    online: bool,
) -> Result<Actor> {
    let agent = services.agents.create(admin, input).await?;
    let actor = match services.auth.actor(agent.id).await {
        Ok((actor, _)) => actor,
        // A role that requires two-factor sign-in admits no session before
        // it is set up; the fixture still names who was made.
        Err(crate::Error::Unauthenticated) => {
            let role = services.roles.get(admin, agent.role_id).await?;
            Actor::new(agent.id, role.permissions)
        }
        Err(e) => return Err(e),
    };
    if online {
        services
            .agents
            .set_status(&actor, AgentStatus::Online)
            .await?;
    }
    Ok(actor)
}

/// The id of the agent signed in with `email`, if there is one.
pub async fn agent_id_by_email(services: &Services, admin: &Actor, email: &str) -> Result<i32> {
    services
        .agents
        .list(admin)
        .await?
        .into_iter()
        .find(|a| a.email.eq_ignore_ascii_case(email))
        .map(|a| a.id)
        .ok_or(crate::Error::NotFound)
}

/// The id of the group called `name`.
pub async fn group_id_by_name(services: &Services, admin: &Actor, name: &str) -> Result<i32> {
    services
        .groups
        .list(admin)
        .await?
        .into_iter()
        .find(|g| g.name == name)
        .map(|g| g.id)
        .ok_or(crate::Error::NotFound)
}

/// Room for `n` chats per agent by default, written past the console's
/// validation (which caps it): only the bench needs this.
pub async fn set_default_max_chats_unchecked(services: &Services, n: i64) -> Result<()> {
    let mut rules = services.settings.automation().await?;
    rules.default_max_chats = n;
    services
        .settings
        .put(crate::settings::AUTOMATION, &rules)
        .await
}

// ------------------------------------------------- a test's environment

pub struct TestEnv {
    pub services: Services,
    pub clock: ManualClock,
    pub admin: Actor,
}

impl TestEnv {
    /// A fresh database, a clock at 2026-11-24 09:00 UTC that only moves
    /// when the test moves it, and the first admin signed in.
    pub async fn new() -> Self {
        Self::with_regions(Default::default()).await
    }

    /// As `new`, placing visitors with this region database.
    pub async fn with_regions(regions: crate::routing::region::RegionLookup) -> Self {
        let db = crate::db::connect(&database_url().await)
            .await
            .expect("connect");
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap());
        let files = crate::files::FileStore::new(
            std::env::temp_dir().join(format!("switchboard-files-{}", unique_name())),
            1024 * 1024,
        );
        let services = Services::with_regions(db, Arc::new(clock.clone()), files, regions);
        services
            .auth
            .ensure_first_admin(ADMIN_EMAIL, Some(ADMIN_PASSWORD))
            .await
            .expect("first admin");
        let admin = sign_in(&services, ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .expect("admin signs in");
        TestEnv {
            services,
            clock,
            admin,
        }
    }

    pub fn clock_now(&self) -> chrono::DateTime<Utc> {
        use crate::Clock;
        self.clock.now()
    }
}

/// `TestEnv::new()`.
pub async fn env() -> TestEnv {
    TestEnv::new().await
}

/// An online agent whose role (named after them) grants exactly `permissions`.
pub async fn agent_with(env: &TestEnv, email: &str, permissions: &[Permission]) -> Actor {
    let role = env
        .services
        .roles
        .create(
            &env.admin,
            RoleInput {
                name: format!("role of {email}"),
                permissions: permissions.to_vec(),
                ..Default::default()
            },
        )
        .await
        .expect("role");
    online_agent_in(&env.services, &env.admin, email, role.id, None)
        .await
        .expect("agent")
}

/// The built-in Agent role.
pub async fn agent_role_id(env: &TestEnv) -> i32 {
    builtin_role(&env.services, &env.admin, BuiltinRole::Agent)
        .await
        .expect("Agent role")
}

/// A new online agent in the built-in Agent role.
pub async fn online_agent(env: &TestEnv, email: &str, max: Option<i32>) -> Actor {
    let role = agent_role_id(env).await;
    online_agent_in(&env.services, &env.admin, email, role, max)
        .await
        .expect("online agent")
}

/// A new visitor: their id and token.
pub async fn visitor(env: &TestEnv) -> (i64, String) {
    let session = env
        .services
        .visitors
        .hello(VisitorHello::default())
        .await
        .expect("hello");
    (session.visitor_id, session.token)
}

/// A visitor says hello and sends one message: (visitor, conversation).
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
        .expect("first message");
    (v, m.conversation_id)
}

/// The conversation as its visitor sees it.
pub async fn status(env: &TestEnv, v: i64, id: i64) -> Conversation {
    env.services
        .conversations
        .get(&Party::Visitor(v), id)
        .await
        .expect("conversation")
}

/// Change the automation rules as the admin.
pub async fn set_automation(env: &TestEnv, f: impl FnOnce(&mut AutomationSettings)) {
    let s = &env.services;
    let mut a = s.settings.automation().await.expect("rules");
    f(&mut a);
    s.rules.set(&env.admin, a).await.expect("save rules");
}

/// A group of these agents with its assignment rules.
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
        .expect("group")
        .id
}

/// A real 1×1 PNG image (what browsers and `infer` take for one).
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xd0, 0xca, 0xbf, 0x00,
    0x00, 0x02, 0x30, 0x01, 0x6a, 0x92, 0x65, 0x7c, 0x76, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];

// ------------------------------------------- a throwaway Redis

/// A `redis-server` of its own on a free loopback port, without
/// persistence, stopped when dropped. `scripts/setup.sh` installs Debian's.
pub struct RedisServer {
    pub port: u16,
    child: std::process::Child,
}

impl RedisServer {
    pub async fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        Self::start_on(port).await
    }

    /// On `port` (a restart keeps the port its clients know).
    pub async fn start_on(port: u16) -> Self {
        let mut child = std::process::Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server (scripts/setup.sh installs it)");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Self { port, child };
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("redis-server did not start on port {port}");
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Kill it at once (as a crash would), keeping the port for a restart.
    pub fn kill(mut self) -> u16 {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.port
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
