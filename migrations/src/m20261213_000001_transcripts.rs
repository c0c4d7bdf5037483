//! Transcript search (M2): every message's search terms (jieba-segmented
//! Chinese, stemmed English), kept by the message writer in the same
//! transaction as the message. SQLite: an FTS5 table whose rowid is the
//! message id (contentless: the terms are only indexed, not stored twice).
//! PostgreSQL: the terms as an array under a GIN index, matched with `@>`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Sqlite => {
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE message_search USING fts5(terms, content='', \
                     contentless_delete=1, tokenize='unicode61 remove_diacritics 0')",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE TABLE message_search (message_id BIGINT PRIMARY KEY \
                     REFERENCES messages (id) ON DELETE CASCADE, terms TEXT[] NOT NULL)",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX message_search_terms ON message_search USING GIN (terms)",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("DROP TABLE message_search")
            .await?;
        Ok(())
    }
}
