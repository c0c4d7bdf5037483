//! Customer data (A1–A4): customers and companies apart from the visitors
//! they chat as, and the custom fields admins define for customers,
//! companies and tickets.
//!
//! - `fields`: a value checked against its definition (pure);
//! - `definitions`: admins define, reorder and retire fields;
//! - `values`: a record's values stored as typed rows and read back;
//! - `records`: customer records, made for a visitor, edited, merged.

pub mod definitions;
pub mod fields;
pub mod records;
pub mod values;

pub use definitions::FieldService;
pub use records::CustomerService;
