//! Platform channels (C4 WeChat, C5 Weibo): the connected accounts (with
//! the WeChat access token every process shares), each follower as a
//! visitor of ours, the platform events already taken (retried callbacks),
//! keyword auto-replies and news messages; a conversation's account and a
//! message's delivery to the platform.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ChannelAccounts {
    Table,
    Id,
    Kind,
    Name,
    Enabled,
    CallbackKey,
    AppId,
    AppSecret,
    Token,
    AesKey,
    Mode,
    WelcomeText,
    BotMode,
    AccessToken,
    TokenExpiresAt,
    Menu,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ChannelFollowers {
    Table,
    Id,
    AccountId,
    ExternalId,
    UnionId,
    VisitorId,
    Subscribed,
    Location,
    Scene,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ChannelEventsSeen {
    Table,
    Id,
    AccountId,
    EventKey,
    SeenAt,
}

#[derive(DeriveIden)]
enum KeywordReplies {
    Table,
    Id,
    AccountId,
    Keyword,
    Matching,
    ReplyText,
    NewsId,
    Position,
}

#[derive(DeriveIden)]
enum NewsMessages {
    Table,
    Id,
    AccountId,
    Title,
    Description,
    CoverUrl,
    Url,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Visitors {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    ChannelAccountId,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Delivery,
    DeliveryError,
    DeliveryAt,
    DeliveryTries,
}

fn account_fk(
    from: impl IntoIden + 'static,
    col: impl IntoIden + 'static,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from, col)
        .to(ChannelAccounts::Table, ChannelAccounts::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ChannelAccounts::Table)
                .col(pk_auto(ChannelAccounts::Id))
                .col(string_len(ChannelAccounts::Kind, 16))
                .col(string_len(ChannelAccounts::Name, 64))
                .col(boolean(ChannelAccounts::Enabled).default(true))
                .col(string_len(ChannelAccounts::CallbackKey, 32).unique_key())
                .col(string_len(ChannelAccounts::AppId, 64))
                .col(string_len(ChannelAccounts::AppSecret, 128))
                .col(string_len(ChannelAccounts::Token, 32))
                .col(string_len(ChannelAccounts::AesKey, 64))
                .col(string_len(ChannelAccounts::Mode, 16))
                .col(text(ChannelAccounts::WelcomeText))
                .col(string_len_null(ChannelAccounts::BotMode, 16))
                .col(text_null(ChannelAccounts::AccessToken))
                .col(timestamp_with_time_zone_null(
                    ChannelAccounts::TokenExpiresAt,
                ))
                .col(text_null(ChannelAccounts::Menu))
                .col(timestamp_with_time_zone(ChannelAccounts::CreatedAt))
                .col(timestamp_with_time_zone(ChannelAccounts::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ChannelFollowers::Table)
                .col(big_pk_auto(ChannelFollowers::Id))
                .col(integer(ChannelFollowers::AccountId))
                .col(string_len(ChannelFollowers::ExternalId, 128))
                .col(string_len_null(ChannelFollowers::UnionId, 128))
                .col(big_integer(ChannelFollowers::VisitorId).unique_key())
                .col(boolean(ChannelFollowers::Subscribed).default(true))
                .col(string_len_null(ChannelFollowers::Location, 255))
                .col(string_len_null(ChannelFollowers::Scene, 128))
                .col(timestamp_with_time_zone(ChannelFollowers::CreatedAt))
                .col(timestamp_with_time_zone(ChannelFollowers::UpdatedAt))
                .foreign_key(&mut account_fk(
                    ChannelFollowers::Table,
                    ChannelFollowers::AccountId,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .from(ChannelFollowers::Table, ChannelFollowers::VisitorId)
                        .to(Visitors::Table, Visitors::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_channel_followers_external")
                .table(ChannelFollowers::Table)
                .col(ChannelFollowers::AccountId)
                .col(ChannelFollowers::ExternalId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ChannelEventsSeen::Table)
                .col(big_pk_auto(ChannelEventsSeen::Id))
                .col(integer(ChannelEventsSeen::AccountId))
                .col(string_len(ChannelEventsSeen::EventKey, 200))
                .col(timestamp_with_time_zone(ChannelEventsSeen::SeenAt))
                .foreign_key(&mut account_fk(
                    ChannelEventsSeen::Table,
                    ChannelEventsSeen::AccountId,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_channel_events_seen_key")
                .table(ChannelEventsSeen::Table)
                .col(ChannelEventsSeen::AccountId)
                .col(ChannelEventsSeen::EventKey)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_channel_events_seen_at")
                .table(ChannelEventsSeen::Table)
                .col(ChannelEventsSeen::SeenAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(NewsMessages::Table)
                .col(pk_auto(NewsMessages::Id))
                .col(integer(NewsMessages::AccountId))
                .col(string_len(NewsMessages::Title, 64))
                .col(string_len(NewsMessages::Description, 255))
                .col(string_len(NewsMessages::CoverUrl, 1024))
                .col(string_len(NewsMessages::Url, 1024))
                .col(timestamp_with_time_zone(NewsMessages::CreatedAt))
                .col(timestamp_with_time_zone(NewsMessages::UpdatedAt))
                .foreign_key(&mut account_fk(
                    NewsMessages::Table,
                    NewsMessages::AccountId,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(KeywordReplies::Table)
                .col(pk_auto(KeywordReplies::Id))
                .col(integer(KeywordReplies::AccountId))
                .col(string_len(KeywordReplies::Keyword, 64))
                .col(string_len(KeywordReplies::Matching, 16))
                .col(text(KeywordReplies::ReplyText))
                .col(integer_null(KeywordReplies::NewsId))
                .col(integer(KeywordReplies::Position).default(0))
                .foreign_key(&mut account_fk(
                    KeywordReplies::Table,
                    KeywordReplies::AccountId,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .from(KeywordReplies::Table, KeywordReplies::NewsId)
                        .to(NewsMessages::Table, NewsMessages::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Conversations::Table)
                .add_column(integer_null(Conversations::ChannelAccountId))
                .to_owned(),
        )
        .await?;
        let columns = [
            string_len_null(Messages::Delivery, 16),
            string_len_null(Messages::DeliveryError, 255),
            timestamp_with_time_zone_null(Messages::DeliveryAt),
            integer(Messages::DeliveryTries).default(0).to_owned(),
        ];
        for col in columns {
            m.alter_table(
                Table::alter()
                    .table(Messages::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        // The delivery worker looks for the few pending messages among all.
        m.create_index(
            Index::create()
                .name("idx_messages_delivery")
                .table(Messages::Table)
                .col(Messages::Delivery)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_messages_delivery")
                .table(Messages::Table)
                .to_owned(),
        )
        .await?;
        for col in [
            Messages::DeliveryTries,
            Messages::DeliveryAt,
            Messages::DeliveryError,
            Messages::Delivery,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Messages::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Conversations::Table)
                .drop_column(Conversations::ChannelAccountId)
                .to_owned(),
        )
        .await?;
        for table in [
            KeywordReplies::Table.into_iden(),
            NewsMessages::Table.into_iden(),
            ChannelEventsSeen::Table.into_iden(),
            ChannelFollowers::Table.into_iden(),
            ChannelAccounts::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
