//! The navigation menu on text channels (P1 on C4, C5): where a follower
//! stands in the numbered menu (`menu_level`: "" for the top, else the key
//! of the submenu shown), and the message they wrote before choosing, kept
//! until the choice starts their conversation.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ChannelFollowers {
    Table,
    MenuLevel,
    MenuPending,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            string_len_null(ChannelFollowers::MenuLevel, 64),
            text_null(ChannelFollowers::MenuPending),
        ] {
            m.alter_table(
                Table::alter()
                    .table(ChannelFollowers::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [ChannelFollowers::MenuPending, ChannelFollowers::MenuLevel] {
            m.alter_table(
                Table::alter()
                    .table(ChannelFollowers::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
