//! The rest of customer data: tags (A3), business record templates and the
//! records agents fill in (A2), canned replies (W7), and verified identity
//! on chat links (C3, C6). A record's field values are rows of
//! `field_values` (entity `record`), like a customer's.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tags {
    Table,
    Id,
    Name,
    Color,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CustomerTags {
    Table,
    CustomerId,
    TagId,
    AddedBy,
    AddedAt,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
    Identity,
    ClaimedId,
}

#[derive(DeriveIden)]
enum RecordTemplates {
    Table,
    Id,
    Name,
    Fields,
    RetiredAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum BusinessRecords {
    Table,
    Id,
    TemplateId,
    ConversationId,
    CustomerId,
    AuthorId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CannedReplies {
    Table,
    Id,
    OwnerId,
    Category,
    Title,
    Body,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    ChannelName,
}

#[derive(DeriveIden)]
enum ChatLinks {
    Table,
    IdentityMode,
    IdentitySecret,
    IdentityRequired,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Tags::Table)
                .col(pk_auto(Tags::Id))
                .col(string_len_uniq(Tags::Name, 32))
                .col(string_len(Tags::Color, 16))
                .col(timestamp_with_time_zone(Tags::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CustomerTags::Table)
                .col(big_integer(CustomerTags::CustomerId))
                .col(integer(CustomerTags::TagId))
                .col(integer_null(CustomerTags::AddedBy))
                .col(timestamp_with_time_zone(CustomerTags::AddedAt))
                .primary_key(
                    Index::create()
                        .col(CustomerTags::CustomerId)
                        .col(CustomerTags::TagId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(CustomerTags::Table, CustomerTags::CustomerId)
                        .to(Customers::Table, Customers::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(CustomerTags::Table, CustomerTags::TagId)
                        .to(Tags::Table, Tags::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_customer_tags_tag")
                .table(CustomerTags::Table)
                .col(CustomerTags::TagId)
                .to_owned(),
        )
        .await?;
        // "verified", "unverified" (claims shown marked) or "none"; an
        // unverified claim's external id is kept apart from `external_id`,
        // which only a verified identity sets (and merges on).
        m.alter_table(
            Table::alter()
                .table(Customers::Table)
                .add_column(string_len(Customers::Identity, 16).default("none"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Customers::Table)
                .add_column(string_len_null(Customers::ClaimedId, 128))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RecordTemplates::Table)
                .col(pk_auto(RecordTemplates::Id))
                .col(string_len_uniq(RecordTemplates::Name, 64))
                // JSON array of record field ids, in form order (the
                // definition; values are rows of `field_values`).
                .col(text(RecordTemplates::Fields))
                .col(timestamp_with_time_zone_null(RecordTemplates::RetiredAt))
                .col(timestamp_with_time_zone(RecordTemplates::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(BusinessRecords::Table)
                .col(big_pk_auto(BusinessRecords::Id))
                .col(integer(BusinessRecords::TemplateId))
                .col(big_integer(BusinessRecords::ConversationId))
                .col(big_integer(BusinessRecords::CustomerId))
                .col(integer(BusinessRecords::AuthorId))
                .col(timestamp_with_time_zone(BusinessRecords::CreatedAt))
                .col(timestamp_with_time_zone(BusinessRecords::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(BusinessRecords::Table, BusinessRecords::TemplateId)
                        .to(RecordTemplates::Table, RecordTemplates::Id),
                )
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            (
                "idx_business_records_conversation",
                BusinessRecords::ConversationId,
            ),
            ("idx_business_records_customer", BusinessRecords::CustomerId),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(BusinessRecords::Table)
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(CannedReplies::Table)
                .col(pk_auto(CannedReplies::Id))
                // Null: shared (admins manage them); else the agent's own.
                .col(integer_null(CannedReplies::OwnerId))
                .col(string_len(CannedReplies::Category, 64))
                .col(string_len(CannedReplies::Title, 64))
                .col(string_len(CannedReplies::Body, 2000))
                .col(timestamp_with_time_zone(CannedReplies::CreatedAt))
                .col(timestamp_with_time_zone(CannedReplies::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_canned_replies_owner")
                .table(CannedReplies::Table)
                .col(CannedReplies::OwnerId)
                .to_owned(),
        )
        .await?;
        // The app a conversation came from (channel "app", C6).
        m.alter_table(
            Table::alter()
                .table(Conversations::Table)
                .add_column(string_len_null(Conversations::ChannelName, 64))
                .to_owned(),
        )
        .await?;
        // "off", "signed" or "encrypted".
        m.alter_table(
            Table::alter()
                .table(ChatLinks::Table)
                .add_column(string_len(ChatLinks::IdentityMode, 16).default("off"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ChatLinks::Table)
                .add_column(string_len_null(ChatLinks::IdentitySecret, 64))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ChatLinks::Table)
                .add_column(boolean(ChatLinks::IdentityRequired).default(false))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ChatLinks::IdentityRequired,
            ChatLinks::IdentitySecret,
            ChatLinks::IdentityMode,
        ] {
            m.alter_table(
                Table::alter()
                    .table(ChatLinks::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Conversations::Table)
                .drop_column(Conversations::ChannelName)
                .to_owned(),
        )
        .await?;
        for col in [Customers::ClaimedId, Customers::Identity] {
            m.alter_table(
                Table::alter()
                    .table(Customers::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_table(Table::drop().table(CannedReplies::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(BusinessRecords::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(RecordTemplates::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(CustomerTags::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Tags::Table).to_owned())
            .await
    }
}
