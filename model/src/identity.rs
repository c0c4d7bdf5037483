//! Verified identity on chat links and the widget (C3, C6): the site tells
//! us who the visitor is, signed (HMAC-SHA256) or encrypted (AES-256-GCM)
//! with the link's secret. See `docs/identity.md` for the wire format.

use serde::{Deserialize, Serialize};

use crate::fields::FieldValues;

/// How a link accepts identity from the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IdentityMode {
    /// Only unverified details (shown to agents marked as such).
    #[default]
    Off,
    /// `payload.signature`: base64url JSON, HMAC-SHA256 with the secret.
    Signed,
    /// base64url of nonce ‖ AES-256-GCM ciphertext: the visitor cannot
    /// read it.
    Encrypted,
}

impl IdentityMode {
    pub const ALL: [IdentityMode; 3] = [
        IdentityMode::Off,
        IdentityMode::Signed,
        IdentityMode::Encrypted,
    ];

    pub fn key(self) -> &'static str {
        match self {
            IdentityMode::Off => "off",
            IdentityMode::Signed => "signed",
            IdentityMode::Encrypted => "encrypted",
        }
    }

    pub fn from_key(key: &str) -> IdentityMode {
        IdentityMode::ALL
            .into_iter()
            .find(|m| m.key() == key)
            .unwrap_or_default()
    }
}

/// Who the site says the visitor is: the JSON inside a signed or
/// encrypted identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentityClaims {
    /// The customer's id in the site's own system: visitors with the same
    /// one are the same customer.
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    /// Customer custom field values by key.
    #[serde(default)]
    pub fields: FieldValues,
    /// Unix seconds after which the identity is refused.
    pub exp: i64,
}
