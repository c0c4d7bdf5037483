//! QA (M4): scorecards admins define (their categories as JSON, ids stable
//! within a card), and reviews of ended conversations with the scorecard's
//! categories as they were, the scores, the result, and the dispute.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum QaScorecards {
    Table,
    Id,
    Name,
    Categories,
    RetiredAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum QaReviews {
    Table,
    Id,
    ConversationId,
    ConversationStartedAt,
    AgentId,
    ReviewerId,
    ScorecardId,
    Categories,
    Scores,
    Comment,
    Score,
    Raw,
    Failed,
    State,
    Dispute,
    DisputedAt,
    Resolution,
    ResolvedBy,
    ResolvedAt,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use QaScorecards as S;
        m.create_table(
            Table::create()
                .table(S::Table)
                .col(pk_auto(S::Id))
                .col(string_len_uniq(S::Name, 100))
                .col(text(S::Categories))
                .col(timestamp_with_time_zone_null(S::RetiredAt))
                .col(timestamp_with_time_zone(S::CreatedAt))
                .col(timestamp_with_time_zone(S::UpdatedAt))
                .to_owned(),
        )
        .await?;
        use QaReviews as R;
        m.create_table(
            Table::create()
                .table(R::Table)
                .col(big_pk_auto(R::Id))
                .col(big_integer(R::ConversationId))
                .col(timestamp_with_time_zone(R::ConversationStartedAt))
                .col(integer(R::AgentId))
                .col(integer(R::ReviewerId))
                .col(integer(R::ScorecardId))
                .col(text(R::Categories))
                .col(text(R::Scores))
                .col(text(R::Comment))
                .col(double(R::Score))
                .col(double(R::Raw))
                .col(boolean(R::Failed))
                .col(string_len(R::State, 16))
                .col(text_null(R::Dispute))
                .col(timestamp_with_time_zone_null(R::DisputedAt))
                .col(text_null(R::Resolution))
                .col(integer_null(R::ResolvedBy))
                .col(timestamp_with_time_zone_null(R::ResolvedAt))
                .col(timestamp_with_time_zone(R::CreatedAt))
                .col(timestamp_with_time_zone(R::UpdatedAt))
                .to_owned(),
        )
        .await?;
        // A conversation is scored once on each scorecard.
        m.create_index(
            Index::create()
                .name("idx_qa_reviews_conversation_card")
                .table(R::Table)
                .col(R::ConversationId)
                .col(R::ScorecardId)
                .unique()
                .to_owned(),
        )
        .await?;
        // Agents' averages and lists read by agent over conversation days.
        m.create_index(
            Index::create()
                .name("idx_qa_reviews_agent_started")
                .table(R::Table)
                .col(R::AgentId)
                .col(R::ConversationStartedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_qa_reviews_started")
                .table(R::Table)
                .col(R::ConversationStartedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(QaReviews::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(QaScorecards::Table).to_owned())
            .await
    }
}
