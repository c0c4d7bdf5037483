//! Online visitors (W2): each browser the loader has seen on the host site
//! (`site_visitors`, keyed by the loader's id) with its visit count, and
//! every page it opened (`page_views`). Who is online *now* is kept in
//! memory; these rows say "returning" and list a visit's pages.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SiteVisitors {
    Table,
    Id,
    Link,
    Visits,
    FirstSeenAt,
    LastSeenAt,
    VisitStartedAt,
    VisitorId,
}

#[derive(DeriveIden)]
enum PageViews {
    Table,
    Id,
    SiteVisitorId,
    Visit,
    Url,
    Title,
    Referrer,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SiteVisitors::Table)
                .col(string_len(SiteVisitors::Id, 64).primary_key())
                .col(string_len(SiteVisitors::Link, 64))
                .col(integer(SiteVisitors::Visits).default(1))
                .col(timestamp_with_time_zone(SiteVisitors::FirstSeenAt))
                .col(timestamp_with_time_zone(SiteVisitors::LastSeenAt))
                .col(timestamp_with_time_zone(SiteVisitors::VisitStartedAt))
                .col(big_integer_null(SiteVisitors::VisitorId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_site_visitors_visitor")
                .table(SiteVisitors::Table)
                .col(SiteVisitors::VisitorId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PageViews::Table)
                .col(big_pk_auto(PageViews::Id))
                .col(string_len(PageViews::SiteVisitorId, 64))
                .col(integer(PageViews::Visit))
                .col(string_len(PageViews::Url, 2048))
                .col(string_len(PageViews::Title, 200))
                .col(string_len_null(PageViews::Referrer, 2048))
                .col(timestamp_with_time_zone(PageViews::At))
                .foreign_key(
                    ForeignKey::create()
                        .from(PageViews::Table, PageViews::SiteVisitorId)
                        .to(SiteVisitors::Table, SiteVisitors::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_page_views_visit")
                .table(PageViews::Table)
                .col(PageViews::SiteVisitorId)
                .col(PageViews::Visit)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PageViews::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(SiteVisitors::Table).to_owned())
            .await
    }
}
