//! Migrations that convert stored data, run against rows written the old way.

use domain::entities::{conversation, message};
use migrations::{Migrator, MigratorTrait};
use model::chat::SystemLine;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, EntityTrait, QueryOrder,
};

/// A private in-memory SQLite database (one connection, so it stays one).
async fn memory_db() -> DatabaseConnection {
    let mut options = ConnectOptions::new("sqlite::memory:");
    options
        .max_connections(1)
        .min_connections(1)
        .sqlx_logging(false);
    Database::connect(options).await.unwrap()
}

/// Before 2026-12-01 system lines stored an i18n key (or `key|detail`) as
/// their body; now `system_line` says which line it is and the body keeps
/// only words shown as written.
#[tokio::test]
async fn system_lines_stored_as_keys_become_typed() {
    let db = memory_db().await;
    Migrator::up(&db, Some(4)).await.unwrap();
    db.execute_unprepared(
        "INSERT INTO visitors (id, token_hash, name, created_at, last_seen_at) \
             VALUES (1, 'h', 'V', '2026-11-30T10:00:00Z', '2026-11-30T10:00:00Z');
         INSERT INTO conversations (id, visitor_id, channel, status, last_seq, last_message, started_at) \
             VALUES (1, 1, 'web', 'ended', 7, 'system.ended_by_agent', '2026-11-30T10:00:00Z');",
    )
    .await
    .unwrap();
    let rows = [
        ("sys:welcome", "system", "Hello! How can we help?", false),
        ("c1", "visitor", "my order is late", false),
        ("sys:note-1", "system", "Ann → Bo: VIP", true),
        ("sys:transfer-1", "system", "system.transferred", false),
        (
            "sys:reassign-1-2",
            "system",
            "system.reassigned_unanswered|Bo → Cy",
            true,
        ),
        ("sys:idle-1-3", "system", "Are you still there?", false),
        ("sys:end-1", "system", "system.ended_by_agent", false),
    ];
    for (seq, (client_id, sender, body, internal)) in rows.iter().enumerate() {
        db.execute_unprepared(&format!(
            "INSERT INTO messages (conversation_id, seq, client_id, sender, body, internal, created_at) \
             VALUES (1, {}, '{client_id}', '{sender}', '{body}', {internal}, '2026-11-30T10:00:00Z')",
            seq + 1
        ))
        .await
        .unwrap();
    }

    Migrator::up(&db, None).await.unwrap();

    let stored: Vec<(Option<SystemLine>, String)> = message::Entity::find()
        .order_by_asc(message::Column::Seq)
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.system_line, m.body))
        .collect();
    let line = |l: SystemLine, body: &str| (Some(l), body.to_owned());
    assert_eq!(
        stored,
        vec![
            line(SystemLine::Welcome, "Hello! How can we help?"),
            (None, "my order is late".to_owned()),
            line(SystemLine::TransferNote, "Ann → Bo: VIP"),
            line(SystemLine::Transferred, ""),
            line(SystemLine::ReassignedUnanswered, "Bo → Cy"),
            line(SystemLine::IdleReminder, "Are you still there?"),
            line(SystemLine::EndedByAgent, ""),
        ]
    );
    // The preview showed a key; now it is the typed line.
    let conv = conversation::Entity::find_by_id(1)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(conv.last_line, Some(SystemLine::EndedByAgent));
    assert_eq!(conv.last_message.as_deref(), Some(""));
}

/// Before 2026-12-02 a visitor could have two conversations open (two
/// first messages at once); the newest stays open, the others end, and a
/// second open one can no longer be stored.
#[tokio::test]
async fn a_visitor_keeps_one_open_conversation() {
    let db = memory_db().await;
    Migrator::up(&db, Some(8)).await.unwrap();
    db.execute_unprepared(
        "INSERT INTO visitors (id, token_hash, name, created_at, last_seen_at) \
             VALUES (1, 'h', 'V', '2026-11-30T10:00:00Z', '2026-11-30T10:00:00Z');
         INSERT INTO conversations (id, visitor_id, channel, status, last_seq, started_at) VALUES \
             (1, 1, 'web', 'active', 0, '2026-11-30T10:00:00Z'), \
             (2, 1, 'web', 'queued', 0, '2026-11-30T10:00:01Z'), \
             (3, 1, 'web', 'ended', 0, '2026-11-30T09:00:00Z');",
    )
    .await
    .unwrap();

    Migrator::up(&db, None).await.unwrap();

    let statuses: Vec<(i64, String)> = conversation::Entity::find()
        .order_by_asc(conversation::Column::Id)
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.status.key().to_owned()))
        .collect();
    assert_eq!(
        statuses,
        vec![
            (1, "ended".into()),
            (2, "queued".into()),
            (3, "ended".into())
        ]
    );
    let second = db
        .execute_unprepared(
            "INSERT INTO conversations (visitor_id, channel, status, last_seq, started_at) \
             VALUES (1, 'web', 'queued', 0, '2026-11-30T11:00:00Z')",
        )
        .await;
    assert!(second.is_err(), "a second open conversation is refused");
}
