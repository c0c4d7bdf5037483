//! Reports (M3, M5): each conversation's figures, computed once when it
//! ends (`conversation_facts`; rows for conversations stored before come
//! from the server's backfill, which runs the same code), the moment a
//! conversation first reached an agent (transfers move `assigned_at`), and
//! every status an agent set, for the agent work report's time online.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Conversations {
    Table,
    FirstAssignedAt,
    EndedAt,
}

#[derive(DeriveIden)]
enum ConversationFacts {
    Table,
    ConversationId,
    StartedAt,
    EndedAt,
    AgentId,
    GroupId,
    Channel,
    CustomerId,
    Bot,
    HandedOff,
    BotResolved,
    Answered,
    Missed,
    AbandonedInQueue,
    QueueSecs,
    FirstResponseSecs,
    ReplySecsTotal,
    Replies,
    DurationSecs,
    MessagesIn,
    MessagesOut,
    BotMessages,
    Transfers,
    RatingLevel,
    Satisfaction,
    ComputedAt,
}

#[derive(DeriveIden)]
enum AgentStatusLog {
    Table,
    Id,
    AgentId,
    Status,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Conversations::Table)
                .add_column(timestamp_with_time_zone_null(
                    Conversations::FirstAssignedAt,
                ))
                .to_owned(),
        )
        .await?;
        // The sweep that catches conversations whose facts were not written
        // reads the recently ended ones.
        m.create_index(
            Index::create()
                .name("idx_conversations_ended_at")
                .table(Conversations::Table)
                .col(Conversations::EndedAt)
                .to_owned(),
        )
        .await?;
        use ConversationFacts as F;
        m.create_table(
            Table::create()
                .table(F::Table)
                .col(big_integer(F::ConversationId).primary_key())
                .col(timestamp_with_time_zone(F::StartedAt))
                .col(timestamp_with_time_zone_null(F::EndedAt))
                .col(integer_null(F::AgentId))
                .col(integer_null(F::GroupId))
                .col(string_len(F::Channel, 16))
                .col(big_integer_null(F::CustomerId))
                .col(boolean(F::Bot))
                .col(boolean(F::HandedOff))
                .col(boolean(F::BotResolved))
                .col(boolean(F::Answered))
                .col(boolean(F::Missed))
                .col(boolean(F::AbandonedInQueue))
                .col(big_integer_null(F::QueueSecs))
                .col(big_integer_null(F::FirstResponseSecs))
                .col(big_integer(F::ReplySecsTotal))
                .col(integer(F::Replies))
                .col(big_integer_null(F::DurationSecs))
                .col(integer(F::MessagesIn))
                .col(integer(F::MessagesOut))
                .col(integer(F::BotMessages))
                .col(integer(F::Transfers))
                .col(integer_null(F::RatingLevel))
                .col(double_null(F::Satisfaction))
                .col(timestamp_with_time_zone(F::ComputedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_conversation_facts_started")
                .table(F::Table)
                .col(F::StartedAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AgentStatusLog::Table)
                .col(big_pk_auto(AgentStatusLog::Id))
                .col(integer(AgentStatusLog::AgentId))
                .col(string_len(AgentStatusLog::Status, 16))
                .col(timestamp_with_time_zone(AgentStatusLog::At))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_agent_status_log_agent_at")
                .table(AgentStatusLog::Table)
                .col(AgentStatusLog::AgentId)
                .col(AgentStatusLog::At)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AgentStatusLog::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ConversationFacts::Table).to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("idx_conversations_ended_at")
                .table(Conversations::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Conversations::Table)
                .drop_column(Conversations::FirstAssignedAt)
                .to_owned(),
        )
        .await
    }
}
