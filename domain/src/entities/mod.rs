//! SeaORM entities, one per table. Schema lives in the `migrations` crate.

pub mod agent;
pub mod agent_group;
pub mod agent_group_member;
pub mod api_token;
pub mod audit_event;
pub mod business_record;
pub mod canned_reply;
pub mod chat_link;
pub mod company;
pub mod conversation;
pub mod customer;
pub mod customer_tag;
pub mod field_def;
pub mod field_value;
pub mod message;
pub mod rating;
pub mod record_template;
pub mod role;
pub mod session;
pub mod setting;
pub mod tag;
pub mod ticket;
pub mod ticket_activity;
pub mod visitor;
