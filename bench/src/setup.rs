//! Seeding through the domain layer on the server's own database: agents
//! with personal API tokens, online, with room for every bench chat.

use std::sync::Arc;

use domain::files::FileStore;
use domain::{Services, SystemClock};
use model::access::BuiltinRole;
use model::people::{AgentInput, AgentStatus};
use sea_orm::{ConnectionTrait, Statement};

use crate::Args;

pub struct Seeded {
    /// One API token per agent (`sbat_…`).
    pub tokens: Vec<String>,
}

pub async fn seed(args: &Args) -> Result<Seeded, String> {
    let db = domain::db::connect(&args.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let services = Services::new(
        db.clone(),
        Arc::new(SystemClock),
        FileStore::new(std::env::temp_dir().join("sb-bench-files"), 1),
    );
    let admin = services
        .auth
        .login(&args.admin_email, &args.admin_password, "bench")
        .await
        .map_err(|e| format!("admin login: {e}"))?;
    let (admin, _) = services
        .auth
        .actor(admin.id)
        .await
        .map_err(|e| e.to_string())?;
    // Room for every bench conversation: the global default max chats,
    // written directly because the console caps it at 100.
    db.execute_raw(Statement::from_string(
        db.get_database_backend(),
        "DELETE FROM settings WHERE key = 'automation'",
    ))
    .await
    .map_err(|e| e.to_string())?;
    db.execute_raw(Statement::from_string(
        db.get_database_backend(),
        r#"INSERT INTO settings (key, value) VALUES ('automation', '{"default_max_chats":1000000}')"#,
    ))
    .await
    .map_err(|e| e.to_string())?;
    let role_id = services
        .roles
        .list(&admin)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|r| r.builtin == Some(BuiltinRole::Agent))
        .map(|r| r.id)
        .ok_or("no Agent role")?;
    let mut tokens = vec![];
    for i in 0..args.agents.max(1) {
        let agent = services
            .agents
            .create(
                &admin,
                AgentInput {
                    email: format!("bench-agent-{i}-{}@example.com", std::process::id()),
                    name: format!("Bench agent {i}"),
                    display_name: format!("Bench {i}"),
                    avatar_url: None,
                    role_id,
                    group_ids: vec![],
                    max_chats: None,
                    password: Some("bench-agent-password".into()),
                },
            )
            .await
            .map_err(|e| format!("create agent: {e}"))?;
        let (actor, _) = services
            .auth
            .actor(agent.id)
            .await
            .map_err(|e| e.to_string())?;
        services
            .agents
            .set_status(&actor, AgentStatus::Online)
            .await
            .map_err(|e| e.to_string())?;
        let token = services
            .api_tokens
            .create(&actor, "bench")
            .await
            .map_err(|e| e.to_string())?;
        tokens.push(token.secret);
    }
    Ok(Seeded { tokens })
}

/// Rows stored for the given client-id prefix: (rows, distinct client ids).
pub async fn count_messages(database_url: &str, prefix: &str) -> Result<(i64, i64), String> {
    let db = domain::db::connect(database_url)
        .await
        .map_err(|e| e.to_string())?;
    let backend = db.get_database_backend();
    let placeholder = match backend {
        sea_orm::DbBackend::Postgres => "$1",
        _ => "?",
    };
    let sql = format!(
        "SELECT COUNT(*) AS n, COUNT(DISTINCT client_id) AS d FROM messages WHERE client_id LIKE {placeholder}"
    );
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [format!("{prefix}%").into()],
        ))
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no row")?;
    let n: i64 = row.try_get("", "n").map_err(|e| e.to_string())?;
    let d: i64 = row.try_get("", "d").map_err(|e| e.to_string())?;
    Ok((n, d))
}
