//! Live chat: visitors, chat links, conversations, messages and key/value
//! settings (C1, C3, W1, R1).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Visitors {
    Table,
    Id,
    TokenHash,
    Name,
    Email,
    CreatedAt,
    LastSeenAt,
}

#[derive(DeriveIden)]
enum ChatLinks {
    Table,
    Id,
    Slug,
    Name,
    GroupId,
    AgentId,
    IsDefault,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    Id,
    VisitorId,
    LinkId,
    Channel,
    Status,
    AgentId,
    GroupId,
    SourceUrl,
    LastSeq,
    AgentReadSeq,
    VisitorReadSeq,
    LastMessage,
    StartedAt,
    EndedAt,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    ConversationId,
    Seq,
    ClientId,
    Sender,
    AgentId,
    Body,
    Internal,
    AttachmentKey,
    AttachmentName,
    AttachmentType,
    AttachmentSize,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Key,
    Value,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Visitors::Table)
                .col(big_pk_auto(Visitors::Id))
                .col(string_len_uniq(Visitors::TokenHash, 64))
                .col(string_len(Visitors::Name, 64))
                .col(string_len_null(Visitors::Email, 254))
                .col(timestamp_with_time_zone(Visitors::CreatedAt))
                .col(timestamp_with_time_zone(Visitors::LastSeenAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ChatLinks::Table)
                .col(pk_auto(ChatLinks::Id))
                .col(string_len_uniq(ChatLinks::Slug, 64))
                .col(string_len(ChatLinks::Name, 64))
                .col(integer_null(ChatLinks::GroupId))
                .col(integer_null(ChatLinks::AgentId))
                .col(boolean(ChatLinks::IsDefault).default(false))
                .col(timestamp_with_time_zone(ChatLinks::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Conversations::Table)
                .col(big_pk_auto(Conversations::Id))
                .col(big_integer(Conversations::VisitorId))
                .col(integer_null(Conversations::LinkId))
                .col(string_len(Conversations::Channel, 16))
                .col(string_len(Conversations::Status, 16))
                .col(integer_null(Conversations::AgentId))
                .col(integer_null(Conversations::GroupId))
                .col(string_len_null(Conversations::SourceUrl, 2048))
                .col(big_integer(Conversations::LastSeq).default(0))
                .col(big_integer(Conversations::AgentReadSeq).default(0))
                .col(big_integer(Conversations::VisitorReadSeq).default(0))
                .col(string_len_null(Conversations::LastMessage, 200))
                .col(timestamp_with_time_zone(Conversations::StartedAt))
                .col(timestamp_with_time_zone_null(Conversations::EndedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Conversations::Table, Conversations::VisitorId)
                        .to(Visitors::Table, Visitors::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            (
                "idx_conversations_visitor",
                vec![Conversations::VisitorId, Conversations::Status],
            ),
            (
                "idx_conversations_agent",
                vec![Conversations::AgentId, Conversations::Status],
            ),
            (
                "idx_conversations_status",
                vec![Conversations::Status, Conversations::StartedAt],
            ),
        ] {
            let mut idx = Index::create();
            idx.name(name).table(Conversations::Table);
            for c in cols {
                idx.col(c);
            }
            m.create_index(idx.to_owned()).await?;
        }
        m.create_table(
            Table::create()
                .table(Messages::Table)
                .col(big_pk_auto(Messages::Id))
                .col(big_integer(Messages::ConversationId))
                .col(big_integer(Messages::Seq))
                .col(string_len(Messages::ClientId, 64))
                .col(string_len(Messages::Sender, 16))
                .col(integer_null(Messages::AgentId))
                .col(text(Messages::Body))
                .col(boolean(Messages::Internal).default(false))
                .col(string_len_null(Messages::AttachmentKey, 64))
                .col(string_len_null(Messages::AttachmentName, 255))
                .col(string_len_null(Messages::AttachmentType, 100))
                .col(big_integer_null(Messages::AttachmentSize))
                .col(timestamp_with_time_zone(Messages::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Messages::Table, Messages::ConversationId)
                        .to(Conversations::Table, Conversations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_messages_seq")
                .table(Messages::Table)
                .col(Messages::ConversationId)
                .col(Messages::Seq)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_messages_client_id")
                .table(Messages::Table)
                .col(Messages::ConversationId)
                .col(Messages::ClientId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Settings::Table)
                .col(string_len(Settings::Key, 64).primary_key())
                .col(text(Settings::Value))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Settings::Table.into_iden(),
            Messages::Table.into_iden(),
            Conversations::Table.into_iden(),
            ChatLinks::Table.into_iden(),
            Visitors::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
