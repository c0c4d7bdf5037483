//! The FAQ bot (P3): knowledge-base entries (`kb_entries`, the standard
//! question unique by its normalised form), each question the bot took
//! (`bot_answers`, for its figures and the unanswered list), bot message
//! details (`messages.bot`), a conversation's time with the bot
//! (`conversations.bot_*`, `handoff`) and a chat link's and a group's bot
//! mode.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum KbEntries {
    Table,
    Id,
    Question,
    QuestionKey,
    Similar,
    Answer,
    Category,
    Lang,
    Enabled,
    SearchText,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum BotAnswers {
    Table,
    Id,
    ConversationId,
    Seq,
    Question,
    Outcome,
    EntryId,
    Helpful,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    Id,
    BotHandled,
    BotFailures,
    Handoff,
    HandedOffAt,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Bot,
}

#[derive(DeriveIden)]
enum ChatLinks {
    Table,
    BotMode,
}

#[derive(DeriveIden)]
enum AgentGroups {
    Table,
    BotMode,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(KbEntries::Table)
                .col(big_pk_auto(KbEntries::Id))
                .col(string_len(KbEntries::Question, 200))
                .col(string_len(KbEntries::QuestionKey, 200).unique_key())
                .col(text(KbEntries::Similar))
                .col(text(KbEntries::Answer))
                .col(string_len(KbEntries::Category, 64))
                .col(string_len(KbEntries::Lang, 8))
                .col(boolean(KbEntries::Enabled).default(true))
                .col(text(KbEntries::SearchText))
                .col(timestamp_with_time_zone(KbEntries::CreatedAt))
                .col(timestamp_with_time_zone(KbEntries::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(BotAnswers::Table)
                .col(big_pk_auto(BotAnswers::Id))
                .col(big_integer(BotAnswers::ConversationId))
                .col(big_integer(BotAnswers::Seq))
                .col(string_len(BotAnswers::Question, 500))
                .col(string_len(BotAnswers::Outcome, 16))
                .col(big_integer_null(BotAnswers::EntryId))
                .col(boolean_null(BotAnswers::Helpful))
                .col(timestamp_with_time_zone(BotAnswers::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(BotAnswers::Table, BotAnswers::ConversationId)
                        .to(Conversations::Table, Conversations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_bot_answers_message")
                .table(BotAnswers::Table)
                .col(BotAnswers::ConversationId)
                .col(BotAnswers::Seq)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_bot_answers_created")
                .table(BotAnswers::Table)
                .col(BotAnswers::CreatedAt)
                .to_owned(),
        )
        .await?;
        let columns = [
            boolean(Conversations::BotHandled).default(false).to_owned(),
            integer(Conversations::BotFailures).default(0).to_owned(),
            string_len_null(Conversations::Handoff, 16),
            timestamp_with_time_zone_null(Conversations::HandedOffAt),
        ];
        for col in columns {
            m.alter_table(
                Table::alter()
                    .table(Conversations::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Messages::Table)
                .add_column(text_null(Messages::Bot))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ChatLinks::Table)
                .add_column(string_len_null(ChatLinks::BotMode, 16))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(AgentGroups::Table)
                .add_column(string_len_null(AgentGroups::BotMode, 16))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(AgentGroups::Table)
                .drop_column(AgentGroups::BotMode)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ChatLinks::Table)
                .drop_column(ChatLinks::BotMode)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Messages::Table)
                .drop_column(Messages::Bot)
                .to_owned(),
        )
        .await?;
        for col in [
            Conversations::HandedOffAt,
            Conversations::Handoff,
            Conversations::BotFailures,
            Conversations::BotHandled,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Conversations::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_table(Table::drop().table(BotAnswers::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(KbEntries::Table).to_owned())
            .await
    }
}
