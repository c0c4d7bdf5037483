//! Two-factor sign-in (TOTP, RFC 6238) with recovery codes.

use serde::{Deserialize, Serialize};

/// Recovery codes made at once; each signs in once instead of a code.
pub const RECOVERY_CODE_COUNT: usize = 10;

/// Where an agent stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwoFactorStatus {
    pub enabled: bool,
    /// Their role requires it: it cannot be turned off.
    pub required: bool,
    pub recovery_codes_left: u32,
}

/// What an authenticator app needs: scan `qr_svg` or type `secret`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwoFactorSetup {
    /// Base32, as authenticator apps accept it typed in.
    pub secret: String,
    /// `otpauth://totp/…`, what the QR code encodes.
    pub otpauth_url: String,
    /// The QR code as an SVG document (drawn by the server).
    pub qr_svg: String,
}

/// Shown once, right after they are made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}

/// What a sign-in attempt came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum LoginOutcome {
    /// Signed in; the browser is sent on.
    SignedIn,
    /// The password was right; now the authenticator code (or a recovery
    /// code).
    CodeRequired,
    /// The role requires two-factor sign-in and this agent has none yet:
    /// set it up, then sign in with the password and a first code.
    SetupRequired { setup: TwoFactorSetup },
    /// Set up and signed in: keep these codes, then go on to `next`.
    Enrolled {
        recovery_codes: Vec<String>,
        next: String,
    },
}
