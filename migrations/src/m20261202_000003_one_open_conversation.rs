//! A visitor has at most one conversation that has not ended. Two tabs
//! (or two server processes) sending a visitor's first message at once
//! could each start one; the partial unique index makes the second start
//! fail, and the service then uses the first (`ConversationService::start`).
//! Older duplicates, if any, are ended first, keeping the newest.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "idx_conversations_one_open";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared(
            "UPDATE conversations SET status = 'ended', ended_at = started_at \
             WHERE status <> 'ended' AND id < ( \
                 SELECT MAX(c.id) FROM conversations c \
                 WHERE c.visitor_id = conversations.visitor_id AND c.status <> 'ended')",
        )
        .await?;
        // Same syntax on SQLite and PostgreSQL; sea-query has no partial index.
        db.execute_unprepared(&format!(
            "CREATE UNIQUE INDEX {INDEX} ON conversations (visitor_id) WHERE status <> 'ended'"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(&format!("DROP INDEX {INDEX}"))
            .await?;
        Ok(())
    }
}
