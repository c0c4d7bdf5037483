//! Switchboard's business logic on SeaORM: people and access, conversations,
//! routing, automation... Services take the acting person (`&Actor`) and check
//! permissions themselves, so every entry point (server function, REST,
//! WebSocket, webhook) is covered by the same check.

pub mod actor;
pub mod api_tokens;
pub mod audit;
pub mod auth;
pub mod automation;
pub mod bot;
pub mod canned;
pub mod channels;
pub mod chat;
pub mod clock;
pub mod customers;
pub mod db;
pub mod entities;
pub mod error;
pub mod files;
pub mod hub;
pub mod identity;
pub mod masking;
pub mod monitor;
pub mod online;
pub mod passwords;
pub mod people;
pub mod qa;
pub mod records;
pub mod reports;
pub mod routing;
pub mod services;
pub mod sessions;
pub mod settings;
pub mod stored_text;
#[cfg(feature = "test-support")]
pub mod test_support;
pub mod tickets;
pub mod transcripts;
pub mod two_factor;
pub mod validate;

pub use actor::Actor;
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{Error, Result};
pub use services::Services;
