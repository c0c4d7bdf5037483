//! Customers and companies (A1, A4, W3): who a person is, apart from the
//! anonymous visitors they chat as.

use serde::{Deserialize, Serialize};

use crate::fields::FieldValues;

pub const COMPANY_NAME_MAX: usize = 128;
pub const EXTERNAL_ID_MAX: usize = 128;
pub const TAG_NAME_MAX: usize = 32;
/// Customers one listing returns at most.
pub const CUSTOMER_PAGE: u64 = 100;

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
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// Whether the site vouched for who this is (C3, C6).
    #[serde(default)]
    pub identity: IdentityStatus,
    /// The external id an unverified identity claimed: shown marked, never
    /// merged on.
    #[serde(default)]
    pub claimed_id: Option<String>,
}

/// Where a customer's identity came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IdentityStatus {
    /// Nothing claimed: typed by the visitor or an agent.
    #[default]
    None,
    /// A signed or encrypted identity the channel's secret vouches for.
    Verified,
    /// Claimed by the page without a signature (allowed by the channel);
    /// agents see it marked.
    Unverified,
}

impl IdentityStatus {
    pub fn key(self) -> &'static str {
        match self {
            IdentityStatus::None => "none",
            IdentityStatus::Verified => "verified",
            IdentityStatus::Unverified => "unverified",
        }
    }

    pub fn from_key(key: &str) -> IdentityStatus {
        match key {
            "verified" => IdentityStatus::Verified,
            "unverified" => IdentityStatus::Unverified,
            _ => IdentityStatus::None,
        }
    }
}

/// A label agents put on customers (A3); admins manage the set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tag {
    pub id: i32,
    pub name: String,
    /// A CSS colour, `#rrggbb`.
    pub color: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagInput {
    pub name: String,
    pub color: String,
}

/// A company and its custom field values (A4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Company {
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub fields: FieldValues,
    /// How many customers belong to it.
    pub customers: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyInput {
    pub name: String,
    #[serde(default)]
    pub fields: FieldValues,
}

/// Which customers to list: a search over name, e-mail, phone and external
/// id, and a tag they all carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerFilter {
    #[serde(default)]
    pub query: Option<String>,
    #[serde(default)]
    pub tag_id: Option<i32>,
}

/// A line of the customer list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerSummary {
    pub id: i64,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub external_id: Option<String>,
    pub company: Option<String>,
    pub tags: Vec<Tag>,
    pub conversations: u64,
}

/// A customer's earlier conversations and tickets (W3 History).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerHistory {
    pub conversations: Vec<crate::chat::Conversation>,
    pub tickets: Vec<crate::tickets::Ticket>,
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
