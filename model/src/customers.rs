//! Customers and companies (A1, A4, W3): who a person is, apart from the
//! anonymous visitors they chat as.

use serde::{Deserialize, Serialize};

use crate::fields::FieldValues;

pub const COMPANY_NAME_MAX: usize = 128;
pub const EXTERNAL_ID_MAX: usize = 128;

/// A customer's company, as their record names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyRef {
    pub id: i64,
    pub name: String,
}

/// Who a person is, across the visitors (browsers, devices, channels) they
/// chat as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Customer {
    pub id: i64,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Their id in the site's own system, from a verified identity.
    pub external_id: Option<String>,
    pub company: Option<CompanyRef>,
    /// Custom field values by key.
    #[serde(default)]
    pub fields: FieldValues,
    /// How many visitors (browsers, devices, channels) are this customer.
    pub visitors: u64,
}

/// An agent's edit of a customer: the fields given change, others stay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub fields: FieldValues,
}
