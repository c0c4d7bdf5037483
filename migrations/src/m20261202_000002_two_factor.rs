//! Two-factor sign-in (TOTP): an agent's secret (pending until confirmed
//! with a first code), the last accepted time step (a code is accepted
//! once), hashed recovery codes; and a role flag that requires it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Agents {
    Table,
    TotpSecret,
    TotpEnabledAt,
    TotpLastStep,
    RecoveryCodes,
}

#[derive(DeriveIden)]
enum Roles {
    Table,
    RequireTwoFactor,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        for column in [
            string_len_null(Agents::TotpSecret, 64),
            timestamp_with_time_zone_null(Agents::TotpEnabledAt),
            big_integer_null(Agents::TotpLastStep),
            text_null(Agents::RecoveryCodes),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Agents::Table)
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Roles::Table)
                .add_column(boolean(Roles::RequireTwoFactor).default(false))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Roles::Table)
                .drop_column(Roles::RequireTwoFactor)
                .to_owned(),
        )
        .await?;
        for column in [
            Agents::TotpSecret,
            Agents::TotpEnabledAt,
            Agents::TotpLastStep,
            Agents::RecoveryCodes,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Agents::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
