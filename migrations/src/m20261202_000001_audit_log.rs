//! The audit log of administrative changes. No foreign key to `agents`:
//! an event outlives its actor and keeps the name they had then.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    At,
    ActorId,
    ActorName,
    Action,
    Kind,
    TargetId,
    TargetName,
    Changes,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AuditEvents::Table)
                .col(big_pk_auto(AuditEvents::Id))
                .col(timestamp_with_time_zone(AuditEvents::At))
                .col(integer_null(AuditEvents::ActorId))
                .col(string_len(AuditEvents::ActorName, 64))
                .col(string_len(AuditEvents::Action, 16))
                .col(string_len(AuditEvents::Kind, 16))
                .col(string_len_null(AuditEvents::TargetId, 64))
                .col(string_len_null(AuditEvents::TargetName, 200))
                .col(text(AuditEvents::Changes))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            ("idx_audit_actor", [AuditEvents::ActorId, AuditEvents::Id]),
            ("idx_audit_kind", [AuditEvents::Kind, AuditEvents::Id]),
            ("idx_audit_at", [AuditEvents::At, AuditEvents::Id]),
        ] {
            let mut index = Index::create();
            index.name(name).table(AuditEvents::Table);
            for col in cols {
                index.col(col);
            }
            m.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuditEvents::Table).to_owned())
            .await
    }
}
