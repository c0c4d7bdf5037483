//! Background report exports (M3): a 90-day per-conversation CSV is built
//! beside serving; its progress and, when ready, its bytes live here, so
//! any server process can answer for it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReportExports {
    Table,
    Id,
    AgentId,
    FromDay,
    ToDay,
    State,
    Done,
    Total,
    Content,
    Error,
    CreatedAt,
    FinishedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ReportExports as E;
        m.create_table(
            Table::create()
                .table(E::Table)
                .col(big_pk_auto(E::Id))
                .col(integer(E::AgentId))
                .col(string_len(E::FromDay, 10))
                .col(string_len(E::ToDay, 10))
                .col(string_len(E::State, 16))
                .col(big_integer(E::Done))
                .col(big_integer(E::Total))
                .col(blob_null(E::Content))
                .col(text_null(E::Error))
                .col(timestamp_with_time_zone(E::CreatedAt))
                .col(timestamp_with_time_zone_null(E::FinishedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_report_exports_agent")
                .table(E::Table)
                .col(E::AgentId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ReportExports::Table).to_owned())
            .await
    }
}
