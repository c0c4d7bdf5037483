//! Customer data (A1–A4): customers and companies apart from the visitors
//! they chat as, the custom fields admins define for customers, companies,
//! tickets and business records, and the tag set.
//!
//! - `fields`: a value checked against its definition (pure);
//! - `definitions`: admins define, reorder and retire fields;
//! - `values`: a record's values stored as typed rows and read back;
//! - `access`: who may read a customer;
//! - `records`: customer records, made for a visitor, edited, tagged;
//! - `merge`: two records become one, nothing lost;
//! - `identify`: a visitor's verified or unverified identity lands;
//! - `listing`: customer lists and a customer's history;
//! - `companies`, `tags`: their own records and the tag set.

pub(crate) mod access;
pub mod companies;
pub mod definitions;
pub mod fields;
mod identify;
mod listing;
mod merge;
pub mod records;
pub mod tags;
pub mod values;

pub use companies::CompanyService;
pub use definitions::FieldService;
pub use records::CustomerService;
pub use tags::TagService;
