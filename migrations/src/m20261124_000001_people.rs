//! People and access: roles, agents, agent groups and login sessions (O1–O3).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Roles {
    Table,
    Id,
    Name,
    Builtin,
    Permissions,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Agents {
    Table,
    Id,
    Email,
    PasswordHash,
    Name,
    DisplayName,
    AvatarUrl,
    RoleId,
    MaxChats,
    Enabled,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AgentGroups {
    Table,
    Id,
    Name,
    Description,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AgentGroupMembers {
    Table,
    GroupId,
    AgentId,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    AgentId,
    Data,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Roles::Table)
                    .col(pk_auto(Roles::Id))
                    .col(string_len_uniq(Roles::Name, 64))
                    .col(string_len_null(Roles::Builtin, 16))
                    .col(text(Roles::Permissions))
                    .col(timestamp_with_time_zone(Roles::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Agents::Table)
                    .col(pk_auto(Agents::Id))
                    .col(string_len_uniq(Agents::Email, 254))
                    .col(string(Agents::PasswordHash))
                    .col(string_len(Agents::Name, 64))
                    .col(string_len(Agents::DisplayName, 64))
                    .col(string_len_null(Agents::AvatarUrl, 512))
                    .col(integer(Agents::RoleId))
                    .col(integer_null(Agents::MaxChats))
                    .col(boolean(Agents::Enabled).default(true))
                    .col(string_len(Agents::Status, 16).default("offline"))
                    .col(timestamp_with_time_zone(Agents::CreatedAt))
                    .col(timestamp_with_time_zone(Agents::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Agents::Table, Agents::RoleId)
                            .to(Roles::Table, Roles::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AgentGroups::Table)
                    .col(pk_auto(AgentGroups::Id))
                    .col(string_len_uniq(AgentGroups::Name, 64))
                    .col(string_len(AgentGroups::Description, 500).default(""))
                    .col(timestamp_with_time_zone(AgentGroups::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AgentGroupMembers::Table)
                    .col(integer(AgentGroupMembers::GroupId))
                    .col(integer(AgentGroupMembers::AgentId))
                    .primary_key(
                        Index::create()
                            .col(AgentGroupMembers::GroupId)
                            .col(AgentGroupMembers::AgentId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AgentGroupMembers::Table, AgentGroupMembers::GroupId)
                            .to(AgentGroups::Table, AgentGroups::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AgentGroupMembers::Table, AgentGroupMembers::AgentId)
                            .to(Agents::Table, Agents::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(string_len(Sessions::Id, 64).primary_key())
                    .col(integer_null(Sessions::AgentId))
                    .col(text(Sessions::Data))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_agent")
                    .table(Sessions::Table)
                    .col(Sessions::AgentId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Sessions::Table.into_iden(),
            AgentGroupMembers::Table.into_iden(),
            AgentGroups::Table.into_iden(),
            Agents::Table.into_iden(),
            Roles::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
