//! The live monitor (M1): when each agent's status was last set, for the
//! time in that status. NULL on rows from before (read as `updated_at`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Agents {
    Table,
    StatusSince,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Agents::Table)
                .add_column(timestamp_with_time_zone_null(Agents::StatusSince))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Agents::Table)
                .drop_column(Agents::StatusSince)
                .to_owned(),
        )
        .await
    }
}
