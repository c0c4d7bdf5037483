//! Agent avatars uploaded as images (O2): the file's key in the file store
//! and the image type read from its bytes. An uploaded avatar is served
//! publicly at `/api/v1/avatars/{key}`; only keys named here are.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Agents {
    Table,
    AvatarKey,
    AvatarType,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Agents::Table)
                .add_column(string_len_null(Agents::AvatarKey, 32))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Agents::Table)
                .add_column(string_len_null(Agents::AvatarType, 32))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("agents_avatar_key")
                .table(Agents::Table)
                .col(Agents::AvatarKey)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("agents_avatar_key")
                .table(Agents::Table)
                .to_owned(),
        )
        .await?;
        for col in [Agents::AvatarType, Agents::AvatarKey] {
            m.alter_table(
                Table::alter()
                    .table(Agents::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
