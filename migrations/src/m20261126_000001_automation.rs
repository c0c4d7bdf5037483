//! Assignment, queue and automation timers (R2–R4, R10), satisfaction
//! ratings (R5) and tickets (R6, R7, W5).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Conversations {
    Table,
    Id,
    AssignedAt,
    AgentRepliedAt,
    LastVisitorAt,
    LastAgentAt,
    IdleRemindedAt,
    AlertedAt,
}

#[derive(DeriveIden)]
enum Agents {
    Table,
    Id,
    LastAssignedAt,
}

#[derive(DeriveIden)]
enum AgentGroups {
    Table,
    Assignment,
    ReturningFirst,
}

#[derive(DeriveIden)]
enum Ratings {
    Table,
    Id,
    ConversationId,
    VisitorId,
    AgentId,
    Level,
    Scale,
    Label,
    Comment,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
    Subject,
    Description,
    Status,
    Priority,
    AssigneeId,
    VisitorId,
    ConversationId,
    ContactName,
    ContactEmail,
    ContactPhone,
    Source,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TicketActivities {
    Table,
    Id,
    TicketId,
    AgentId,
    Kind,
    Body,
    FromValue,
    ToValue,
    CreatedAt,
}

/// When things happened in a conversation, for the timers (R2, R10).
const CONVERSATION_TIMESTAMPS: [Conversations; 6] = [
    Conversations::AssignedAt,
    Conversations::AgentRepliedAt,
    Conversations::LastVisitorAt,
    Conversations::LastAgentAt,
    Conversations::IdleRemindedAt,
    Conversations::AlertedAt,
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for col in CONVERSATION_TIMESTAMPS {
            m.alter_table(
                Table::alter()
                    .table(Conversations::Table)
                    .add_column(timestamp_with_time_zone_null(col))
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Agents::Table)
                .add_column(timestamp_with_time_zone_null(Agents::LastAssignedAt))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(AgentGroups::Table)
                .add_column(string_len(AgentGroups::Assignment, 16).default("load"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(AgentGroups::Table)
                .add_column(boolean(AgentGroups::ReturningFirst).default(false))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Ratings::Table)
                .col(big_pk_auto(Ratings::Id))
                .col(big_integer_uniq(Ratings::ConversationId))
                .col(big_integer(Ratings::VisitorId))
                .col(integer_null(Ratings::AgentId))
                .col(integer(Ratings::Level))
                .col(integer(Ratings::Scale))
                .col(string_len(Ratings::Label, 32))
                .col(string_len_null(Ratings::Comment, 1000))
                .col(timestamp_with_time_zone(Ratings::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Ratings::Table, Ratings::ConversationId)
                        .to(Conversations::Table, Conversations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Tickets::Table)
                .col(big_pk_auto(Tickets::Id))
                .col(string_len(Tickets::Subject, 200))
                .col(text(Tickets::Description))
                .col(string_len(Tickets::Status, 16))
                .col(string_len(Tickets::Priority, 16))
                .col(integer_null(Tickets::AssigneeId))
                .col(big_integer_null(Tickets::VisitorId))
                .col(big_integer_null(Tickets::ConversationId))
                .col(string_len_null(Tickets::ContactName, 64))
                .col(string_len_null(Tickets::ContactEmail, 254))
                .col(string_len_null(Tickets::ContactPhone, 32))
                .col(string_len(Tickets::Source, 16))
                .col(integer_null(Tickets::CreatedBy))
                .col(timestamp_with_time_zone(Tickets::CreatedAt))
                .col(timestamp_with_time_zone(Tickets::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Tickets::Table, Tickets::AssigneeId)
                        .to(Agents::Table, Agents::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_tickets_status_created")
                .table(Tickets::Table)
                .col(Tickets::Status)
                .col(Tickets::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TicketActivities::Table)
                .col(big_pk_auto(TicketActivities::Id))
                .col(big_integer(TicketActivities::TicketId))
                .col(integer_null(TicketActivities::AgentId))
                .col(string_len(TicketActivities::Kind, 16))
                .col(text_null(TicketActivities::Body))
                .col(string_len_null(TicketActivities::FromValue, 64))
                .col(string_len_null(TicketActivities::ToValue, 64))
                .col(timestamp_with_time_zone(TicketActivities::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(TicketActivities::Table, TicketActivities::TicketId)
                        .to(Tickets::Table, Tickets::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ticket_activities_ticket")
                .table(TicketActivities::Table)
                .col(TicketActivities::TicketId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            TicketActivities::Table.into_iden(),
            Tickets::Table.into_iden(),
            Ratings::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for col in CONVERSATION_TIMESTAMPS {
            m.alter_table(
                Table::alter()
                    .table(Conversations::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Agents::Table)
                .drop_column(Agents::LastAssignedAt)
                .to_owned(),
        )
        .await?;
        for col in [AgentGroups::Assignment, AgentGroups::ReturningFirst] {
            m.alter_table(
                Table::alter()
                    .table(AgentGroups::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
