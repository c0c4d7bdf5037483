//! Seeding a fresh SQLite database for the in-process benches (masking,
//! transcripts, reports): real services, one real row made through them, then
//! copies of it made by SQL, which takes seconds for a million rows.

use std::path::PathBuf;
use std::sync::Arc;

use domain::chat::{Party, StartInfo};
use domain::test_support::{online_agent_in, sign_in, ADMIN_EMAIL, ADMIN_PASSWORD};
use domain::{Actor, Services, SystemClock};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

/// A fresh database under the temp directory, its services and the admin.
pub struct Fresh {
    pub dir: PathBuf,
    pub db: DatabaseConnection,
    pub services: Services,
    pub admin: Actor,
}

pub async fn fresh(name: &str) -> Fresh {
    let dir = std::env::temp_dir().join(format!("switchboard-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // PostgreSQL when `SWITCHBOARD_TEST_POSTGRES` names a server (as
    // `scripts/pg-test.sh` sets it), else a SQLite file.
    let url = match std::env::var("SWITCHBOARD_TEST_POSTGRES") {
        Ok(base) if !base.is_empty() => domain::test_support::database_url().await,
        _ => format!("sqlite://{}/bench.db", dir.display()),
    };
    let db = domain::db::connect(&url).await.expect("database");
    let files = domain::files::FileStore::new(dir.join("files"), 1024 * 1024);
    let services = Services::new(db.clone(), Arc::new(SystemClock), files);
    services
        .auth
        .ensure_first_admin(ADMIN_EMAIL, Some(ADMIN_PASSWORD))
        .await
        .unwrap();
    let admin = sign_in(&services, ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .unwrap();
    Fresh {
        dir,
        db,
        services,
        admin,
    }
}

/// The columns of `table`, but `id`.
async fn columns(db: &DatabaseConnection, table: &str) -> Vec<String> {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => format!(
            "SELECT column_name AS name FROM information_schema.columns \
             WHERE table_name = '{table}' ORDER BY ordinal_position"
        ),
        _ => format!("SELECT name FROM pragma_table_info('{table}')"),
    };
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap();
    rows.iter()
        .map(|r| r.try_get::<String>("", "name").unwrap())
        .filter(|c| c != "id")
        .collect()
}

/// Copies of row `template` of `table`, `n` of them, with `overrides`
/// (column → SQL over the counter `i` and the template row `t`).
pub async fn copies(
    db: &DatabaseConnection,
    table: &str,
    template: i64,
    n: u64,
    overrides: &[(&str, String)],
) {
    copies_by(db, table, "id", template, n, overrides).await
}

/// As [`copies`], for a table whose key column is `key`.
pub async fn copies_by(
    db: &DatabaseConnection,
    table: &str,
    key: &str,
    template: i64,
    n: u64,
    overrides: &[(&str, String)],
) {
    let cols = columns(db, table).await;
    let select: Vec<String> = cols
        .iter()
        .map(|c| {
            overrides
                .iter()
                .find(|(name, _)| name == c)
                .map_or_else(|| c.clone(), |(_, expr)| expr.clone())
        })
        .collect();
    let sql = format!(
        "WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < {n}) \
         INSERT INTO {table} ({}) SELECT {} FROM seq, {table} t WHERE t.{key} = {template}",
        cols.join(", "),
        select.join(", ")
    );
    db.execute_unprepared(&sql).await.unwrap();
}

/// The one integer a query returns.
pub async fn one_i64(db: &DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(
        db.get_database_backend(),
        sql.to_owned(),
    ))
    .await
    .unwrap()
    .expect("a row")
    .try_get_by_index(0)
    .unwrap()
}

/// The `p` quantile of sorted figures.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// SQL for the moment `secs` (an SQL expression) seconds ago, as the
/// database stores times (SQLite: `YYYY-MM-DD HH:MM:SS+00:00`).
#[allow(dead_code)] // the masking bench seeds no times
pub fn ago(db: &DatabaseConnection, secs: &str) -> String {
    match db.get_database_backend() {
        DbBackend::Postgres => format!("now() - ({secs}) * interval '1 second'"),
        _ => format!(
            "strftime('%Y-%m-%d %H:%M:%S', 'now', '-' || ({secs}) || ' seconds') || '+00:00'"
        ),
    }
}

/// `n` online agents `agent{k}@bench.test`, each taking up to `max_chats`.
#[allow(dead_code)] // the masking bench has no agents
pub async fn agents(fresh: &Fresh, n: usize, max_chats: Option<i32>) -> Vec<i32> {
    let (services, admin) = (&fresh.services, &fresh.admin);
    let role =
        domain::test_support::builtin_role(services, admin, model::access::BuiltinRole::Agent)
            .await
            .unwrap();
    let mut ids = vec![];
    for k in 0..n {
        let email = format!("agent{k}@bench.test");
        let a = online_agent_in(services, admin, &email, role, max_chats)
            .await
            .unwrap();
        ids.push(a.agent_id);
    }
    ids
}

/// One real conversation with one visitor message, ended: the template
/// the benches copy. Returns its id.
pub async fn ended_conversation(services: &Services) -> i64 {
    let hello = services.visitors.hello(Default::default()).await.unwrap();
    let visitor = hello.visitor_id;
    let first = services
        .conversations
        .visitor_send(visitor, None, "seed", "template", &StartInfo::default())
        .await
        .unwrap();
    services
        .conversations
        .end(&Party::Visitor(visitor), first.conversation_id)
        .await
        .unwrap();
    first.conversation_id
}

/// SQL naming `ids[k]` where `key` (an SQL expression) is `k`.
#[allow(dead_code)] // the masking bench has no agents
pub fn case_of<T: std::fmt::Display>(key: &str, ids: &[T]) -> String {
    let whens: Vec<String> = ids
        .iter()
        .enumerate()
        .map(|(k, id)| format!("WHEN {k} THEN {id}"))
        .collect();
    format!("CASE {key} {} END", whens.join(" "))
}
