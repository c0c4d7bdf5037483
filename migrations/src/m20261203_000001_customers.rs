//! Customers and companies (A1, A4, W3) and custom fields for customers,
//! companies and tickets. A customer is who a person is, apart from the
//! anonymous visitor tokens (browsers, devices, channels) they chat from.
//! Field values are rows with typed, indexed columns (one row per value;
//! several for a multi select), so reports and routing rules can filter on
//! them; long text sits in its own unindexed column.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Companies {
    Table,
    Id,
    Name,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
    Name,
    Email,
    Phone,
    ExternalId,
    CompanyId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Visitors {
    Table,
    CustomerId,
}

#[derive(DeriveIden)]
enum FieldDefs {
    Table,
    Id,
    Entity,
    Key,
    Label,
    Kind,
    Required,
    Position,
    Options,
    RetiredAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FieldValues {
    Table,
    Id,
    FieldId,
    RecordId,
    ValueText,
    ValueLong,
    ValueNumber,
    ValueDate,
    ValueFlag,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Companies::Table)
                .col(big_pk_auto(Companies::Id))
                .col(string_len_uniq(Companies::Name, 128))
                .col(timestamp_with_time_zone(Companies::CreatedAt))
                .col(timestamp_with_time_zone(Companies::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Customers::Table)
                .col(big_pk_auto(Customers::Id))
                .col(string_len_null(Customers::Name, 64))
                .col(string_len_null(Customers::Email, 254))
                .col(string_len_null(Customers::Phone, 32))
                .col(string_len_null(Customers::ExternalId, 128).unique_key())
                .col(big_integer_null(Customers::CompanyId))
                .col(timestamp_with_time_zone(Customers::CreatedAt))
                .col(timestamp_with_time_zone(Customers::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Customers::Table, Customers::CompanyId)
                        .to(Companies::Table, Companies::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_customers_email")
                .table(Customers::Table)
                .col(Customers::Email)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Visitors::Table)
                .add_column(big_integer_null(Visitors::CustomerId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_visitors_customer")
                .table(Visitors::Table)
                .col(Visitors::CustomerId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(FieldDefs::Table)
                .col(pk_auto(FieldDefs::Id))
                .col(string_len(FieldDefs::Entity, 16))
                .col(string_len(FieldDefs::Key, 64))
                .col(string_len(FieldDefs::Label, 64))
                .col(string_len(FieldDefs::Kind, 16))
                .col(boolean(FieldDefs::Required).default(false))
                .col(integer(FieldDefs::Position).default(0))
                .col(text(FieldDefs::Options))
                .col(timestamp_with_time_zone_null(FieldDefs::RetiredAt))
                .col(timestamp_with_time_zone(FieldDefs::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_field_defs_key")
                .table(FieldDefs::Table)
                .col(FieldDefs::Entity)
                .col(FieldDefs::Key)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(FieldValues::Table)
                .col(big_pk_auto(FieldValues::Id))
                .col(integer(FieldValues::FieldId))
                .col(big_integer(FieldValues::RecordId))
                .col(string_len_null(FieldValues::ValueText, 2048))
                .col(text_null(FieldValues::ValueLong))
                .col(double_null(FieldValues::ValueNumber))
                .col(date_null(FieldValues::ValueDate))
                .col(boolean_null(FieldValues::ValueFlag))
                .foreign_key(
                    ForeignKey::create()
                        .from(FieldValues::Table, FieldValues::FieldId)
                        .to(FieldDefs::Table, FieldDefs::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("idx_field_values_record", FieldValues::RecordId),
            ("idx_field_values_text", FieldValues::ValueText),
            ("idx_field_values_number", FieldValues::ValueNumber),
            ("idx_field_values_date", FieldValues::ValueDate),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(FieldValues::Table)
                    .col(FieldValues::FieldId)
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(FieldValues::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(FieldDefs::Table).to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("idx_visitors_customer")
                .table(Visitors::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Visitors::Table)
                .drop_column(Visitors::CustomerId)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(Customers::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Companies::Table).to_owned())
            .await
    }
}
