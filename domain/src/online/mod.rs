//! Online visitors (W2) and proactive invitations (C2). The loader on the
//! host site keeps one small socket per tab (`/ws/site`) that reports the
//! page and receives invitations; who is online is kept in memory
//! ([`registry`]), the pages and visit counts in the database. Agents list
//! and invite through [`OnlineVisitorService`]; the console's automatic
//! rules are the pure [`invitations`] module.

pub mod invitations;
pub mod registry;
mod service;
mod site;
pub mod user_agent;
mod views;

pub use service::OnlineVisitorService;
pub use site::{SiteConnection, SiteHello};
