//! Database schema, one migration per file (`mYYYYMMDD_HHMMSS_<what>.rs`).
//! Migrations run at server start-up (`server` calls `Migrator::up`).

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_people;
mod m20261125_000001_chat;
mod m20261125_000002_api_tokens;
mod m20261126_000001_automation;
mod m20261201_000001_system_lines;
mod m20261201_000002_ticket_groups;
mod m20261202_000001_audit_log;
mod m20261202_000002_two_factor;
mod m20261202_000003_one_open_conversation;
mod m20261203_000001_customers;
mod m20261204_000001_customer_data;
mod m20261205_000001_agent_avatars;
mod m20261206_000001_routing;
mod m20261207_000001_online_visitors;
mod m20261208_000001_bot;
mod m20261209_000001_channels;
mod m20261210_000001_follower_menu;
mod m20261211_000001_masking;
mod m20261212_000001_monitor;
mod m20261213_000001_transcripts;
mod m20261214_000001_reports;
mod m20261215_000001_qa;
mod m20261216_000001_report_exports;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_people::Migration),
            Box::new(m20261125_000001_chat::Migration),
            Box::new(m20261125_000002_api_tokens::Migration),
            Box::new(m20261126_000001_automation::Migration),
            Box::new(m20261201_000001_system_lines::Migration),
            Box::new(m20261201_000002_ticket_groups::Migration),
            Box::new(m20261202_000001_audit_log::Migration),
            Box::new(m20261202_000002_two_factor::Migration),
            Box::new(m20261202_000003_one_open_conversation::Migration),
            Box::new(m20261203_000001_customers::Migration),
            Box::new(m20261204_000001_customer_data::Migration),
            Box::new(m20261205_000001_agent_avatars::Migration),
            Box::new(m20261206_000001_routing::Migration),
            Box::new(m20261207_000001_online_visitors::Migration),
            Box::new(m20261208_000001_bot::Migration),
            Box::new(m20261209_000001_channels::Migration),
            Box::new(m20261210_000001_follower_menu::Migration),
            Box::new(m20261211_000001_masking::Migration),
            Box::new(m20261212_000001_monitor::Migration),
            Box::new(m20261213_000001_transcripts::Migration),
            Box::new(m20261214_000001_reports::Migration),
            Box::new(m20261215_000001_qa::Migration),
            Box::new(m20261216_000001_report_exports::Migration),
        ]
    }
}
