//! Wire types shared by the browser and the server: DTOs, permissions and the
//! error the user may see. Compiles to wasm32; serde only.

pub mod access;
pub mod audit;
pub mod automation;
pub mod bot;
pub mod canned;
pub mod channels;
pub mod chat;
pub mod csv;
pub mod customers;
pub mod error;
pub mod fields;
pub mod identity;
pub mod masking;
pub mod monitor;
pub mod online;
pub mod people;
pub mod qa;
pub mod records;
pub mod reports;
pub mod routing;
pub mod tickets;
pub mod transcripts;
pub mod two_factor;
pub mod wechat_menu;

pub use access::{Me, Permission};
pub use error::{AppError, FieldError};
