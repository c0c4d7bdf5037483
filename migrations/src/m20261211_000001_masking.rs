//! Sensitive-data replacement (R8): the admins' rules, and the runs that
//! rewrite stored transcripts with them. A run keeps its place (`cursor`,
//! the last conversation done) and a lease, so a crashed process's run is
//! resumed by whichever process comes next; `active` is 1 on the running
//! run and NULL on every other, and unique, so two never run at once; a
//! scheduled run's `slot` is unique, so each daily slot runs once.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MaskRules {
    Table,
    Id,
    Name,
    Pattern,
    Regex,
    Mode,
    Enabled,
    Position,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MaskRuns {
    Table,
    Id,
    AgentId,
    Slot,
    Active,
    State,
    Rules,
    Cursor,
    LastConversationId,
    Total,
    Done,
    ConversationsChanged,
    MessagesChanged,
    LeaseOwner,
    LeaseUntil,
    Error,
    StartedAt,
    FinishedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(MaskRules::Table)
                .col(pk_auto(MaskRules::Id))
                .col(string_len(MaskRules::Name, 64))
                .col(string_len(MaskRules::Pattern, 16))
                .col(string_len(MaskRules::Regex, 500))
                .col(string_len(MaskRules::Mode, 16))
                .col(boolean(MaskRules::Enabled).default(true))
                .col(integer(MaskRules::Position))
                .col(timestamp_with_time_zone(MaskRules::CreatedAt))
                .col(timestamp_with_time_zone(MaskRules::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MaskRuns::Table)
                .col(big_pk_auto(MaskRuns::Id))
                .col(integer_null(MaskRuns::AgentId))
                .col(timestamp_with_time_zone_null(MaskRuns::Slot).unique_key())
                .col(integer_null(MaskRuns::Active).unique_key())
                .col(string_len(MaskRuns::State, 16))
                .col(text(MaskRuns::Rules))
                .col(big_integer(MaskRuns::Cursor).default(0))
                .col(big_integer(MaskRuns::LastConversationId))
                .col(big_integer(MaskRuns::Total))
                .col(big_integer(MaskRuns::Done).default(0))
                .col(big_integer(MaskRuns::ConversationsChanged).default(0))
                .col(big_integer(MaskRuns::MessagesChanged).default(0))
                .col(string_len_null(MaskRuns::LeaseOwner, 64))
                .col(timestamp_with_time_zone_null(MaskRuns::LeaseUntil))
                .col(string_len_null(MaskRuns::Error, 500))
                .col(timestamp_with_time_zone(MaskRuns::StartedAt))
                .col(timestamp_with_time_zone_null(MaskRuns::FinishedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_mask_runs_started")
                .table(MaskRuns::Table)
                .col(MaskRuns::StartedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(MaskRuns::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(MaskRules::Table).to_owned())
            .await
    }
}
