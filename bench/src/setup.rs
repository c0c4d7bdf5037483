//! Seeding through the shared test fixtures (`domain::test_support`) on the
//! server's own database: agents with personal API tokens, online, with
//! room for every bench chat.

use std::sync::Arc;

use domain::files::FileStore;
use domain::{test_support, Services, SystemClock};
use model::access::BuiltinRole;
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
    let admin = test_support::sign_in(&services, &args.admin_email, &args.admin_password)
        .await
        .map_err(|e| format!("admin login: {e}"))?;
    // Room for every bench conversation (more than the console allows).
    test_support::set_default_max_chats_unchecked(&services, 1_000_000)
        .await
        .map_err(|e| e.to_string())?;
    let role_id = test_support::builtin_role(&services, &admin, BuiltinRole::Agent)
        .await
        .map_err(|e| format!("Agent role: {e}"))?;
    let mut tokens = vec![];
    for i in 0..args.agents.max(1) {
        let email = format!("bench-agent-{i}-{}@example.com", std::process::id());
        let actor = test_support::online_agent_in(&services, &admin, &email, role_id, None)
            .await
            .map_err(|e| format!("create agent: {e}"))?;
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
