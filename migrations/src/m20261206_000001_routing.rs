//! Before the chat (P1, P2): routing rules in order with their conditions
//! and overflow targets, named region sets, a navigation menu per chat
//! link, and on each conversation what routing read of the visitor (region,
//! referrer, search engine and keyword) and decided (rule, menu choice,
//! overflow steps). Rule conditions, region places and menu items are
//! configuration read whole, so each is one JSON text column; the rule a
//! conversation took is a column of its own for reports to filter on.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RoutingRules {
    Table,
    Id,
    Name,
    Enabled,
    Position,
    Conditions,
    Targets,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RegionSets {
    Table,
    Id,
    Name,
    Places,
    CreatedAt,
}

#[derive(DeriveIden)]
enum NavMenus {
    Table,
    LinkId,
    Enabled,
    PromptZh,
    PromptEn,
    Items,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ChatLinks {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    TargetAgentId,
    RouteRuleId,
    Routing,
    MenuItem,
    VisitorRegion,
    ReferrerUrl,
    SearchEngine,
    SearchKeyword,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RoutingRules::Table)
                .col(pk_auto(RoutingRules::Id))
                .col(string_len(RoutingRules::Name, 64))
                .col(boolean(RoutingRules::Enabled).default(true))
                .col(integer(RoutingRules::Position))
                .col(text(RoutingRules::Conditions))
                .col(text(RoutingRules::Targets))
                .col(timestamp_with_time_zone(RoutingRules::CreatedAt))
                .col(timestamp_with_time_zone(RoutingRules::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RegionSets::Table)
                .col(pk_auto(RegionSets::Id))
                .col(string_len_uniq(RegionSets::Name, 64))
                .col(text(RegionSets::Places))
                .col(timestamp_with_time_zone(RegionSets::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(NavMenus::Table)
                .col(integer(NavMenus::LinkId).primary_key())
                .col(boolean(NavMenus::Enabled).default(false))
                .col(string_len(NavMenus::PromptZh, 200))
                .col(string_len(NavMenus::PromptEn, 200))
                .col(text(NavMenus::Items))
                .col(timestamp_with_time_zone(NavMenus::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(NavMenus::Table, NavMenus::LinkId)
                        .to(ChatLinks::Table, ChatLinks::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        let columns = [
            integer_null(Conversations::TargetAgentId),
            integer_null(Conversations::RouteRuleId),
            text_null(Conversations::Routing),
            string_len_null(Conversations::MenuItem, 32),
            string_len_null(Conversations::VisitorRegion, 128),
            string_len_null(Conversations::ReferrerUrl, 2048),
            string_len_null(Conversations::SearchEngine, 16),
            string_len_null(Conversations::SearchKeyword, 200),
        ];
        for col in columns {
            m.alter_table(
                Table::alter()
                    .table(Conversations::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("idx_conversations_route_rule")
                .table(Conversations::Table)
                .col(Conversations::RouteRuleId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_conversations_route_rule")
                .table(Conversations::Table)
                .to_owned(),
        )
        .await?;
        for col in [
            Conversations::SearchKeyword,
            Conversations::SearchEngine,
            Conversations::ReferrerUrl,
            Conversations::VisitorRegion,
            Conversations::MenuItem,
            Conversations::Routing,
            Conversations::RouteRuleId,
            Conversations::TargetAgentId,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Conversations::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_table(Table::drop().table(NavMenus::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(RegionSets::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(RoutingRules::Table).to_owned())
            .await
    }
}
