//! System lines become typed: `messages.system_line` says which line a
//! system message is (`model::chat::SystemLine`); the body keeps only what
//! is shown as written (an admin's text, agents' names), and
//! `conversations.last_line` does the same for the list preview. Earlier rows
//! stored an i18n key (`system.transferred`) or `key|detail` as the body (and
//! the preview); they are converted.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Messages {
    Table,
    SystemLine,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    LastLine,
}

/// (old body, line): lines whose whole body was an i18n key.
const KEYED: [(&str, &str); 4] = [
    ("system.ended_by_agent", "ended_by_agent"),
    ("system.ended_by_visitor", "ended_by_visitor"),
    ("system.transferred", "transferred"),
    ("system.rating_invited", "rating_invited"),
];

/// (client id pattern, line): lines with free text, told apart by the
/// client id the server gave them.
const BY_CLIENT_ID: [(&str, &str); 4] = [
    ("sys:welcome", "welcome"),
    ("sys:idle-%", "idle_reminder"),
    ("sys:end-%", "idle_closing"),
    ("sys:note-%", "transfer_note"),
];

const REASSIGNED: &str = "system.reassigned_unanswered|";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Messages::Table)
                    .add_column(ColumnDef::new(Messages::SystemLine).string_len(32).null())
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for (body, line) in KEYED {
            db.execute_unprepared(&format!(
                "UPDATE messages SET system_line = '{line}', body = '' \
                 WHERE sender = 'system' AND body = '{body}'"
            ))
            .await?;
        }
        db.execute_unprepared(&format!(
            "UPDATE messages SET system_line = 'reassigned_unanswered', \
             body = SUBSTR(body, {}) \
             WHERE sender = 'system' AND body LIKE '{REASSIGNED}%'",
            REASSIGNED.len() + 1
        ))
        .await?;
        for (client_id, line) in BY_CLIENT_ID {
            db.execute_unprepared(&format!(
                "UPDATE messages SET system_line = '{line}' \
                 WHERE sender = 'system' AND system_line IS NULL AND client_id LIKE '{client_id}'"
            ))
            .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Conversations::Table)
                    .add_column(
                        ColumnDef::new(Conversations::LastLine)
                            .string_len(32)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        for (body, line) in KEYED {
            db.execute_unprepared(&format!(
                "UPDATE conversations SET last_line = '{line}', last_message = '' \
                 WHERE last_message = '{body}'"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Conversations::Table)
                    .drop_column(Conversations::LastLine)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Messages::Table)
                    .drop_column(Messages::SystemLine)
                    .to_owned(),
            )
            .await
    }
}
