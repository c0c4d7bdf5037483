//! The identity wire format (pure; `docs/identity.md` is its public text).
//!
//! A link's secret is 32 random bytes, written base64url without padding.
//! - Signed: `P.S` where `P` is base64url(claims JSON) and `S` is
//!   base64url(HMAC-SHA256(secret bytes, P as ASCII)). The visitor can read
//!   the claims but not change them.
//! - Encrypted: base64url(nonce ‖ AES-256-GCM(secret bytes, nonce, claims
//!   JSON)), a 12-byte nonce, the 16-byte tag at the end, no associated
//!   data. The visitor can neither read nor change them.
//!
//! Both carry `exp` (Unix seconds); an expired identity is refused.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use model::identity::{IdentityClaims, IdentityMode};
use rand::RngCore;
use sha2::Sha256;

const NONCE_LEN: usize = 12;
/// A token longer than this is refused unread (the claims fit well inside).
pub const TOKEN_MAX: usize = 8 * 1024;

/// Why an identity was refused: the error code the visitor's page and the
/// API get (field `identity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not the format of the link's mode (or not JSON claims inside).
    Malformed,
    /// The signature is not the secret's: changed on the way or another key.
    BadSignature,
    /// Encrypted with another key, or changed on the way.
    Undecryptable,
    Expired,
    /// The link takes no verified identity (mode off, or no secret made).
    NotEnabled,
    /// The link requires a verified identity and none came.
    Required,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Malformed => "identity_malformed",
            Refusal::BadSignature => "identity_bad_signature",
            Refusal::Undecryptable => "identity_undecryptable",
            Refusal::Expired => "identity_expired",
            Refusal::NotEnabled => "identity_not_enabled",
            Refusal::Required => "identity_required",
        }
    }
}

/// A fresh link secret.
pub fn new_secret() -> String {
    let mut key = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut key);
    URL_SAFE_NO_PAD.encode(key)
}

fn key_bytes(secret: &str) -> Result<[u8; 32], Refusal> {
    URL_SAFE_NO_PAD
        .decode(secret)
        .ok()
        .and_then(|k| <[u8; 32]>::try_from(k).ok())
        .ok_or(Refusal::NotEnabled)
}

/// The claims in `token`, if the link's `secret` vouches for them and they
/// have not expired at `now` (Unix seconds).
pub fn verify(
    mode: IdentityMode,
    secret: &str,
    token: &str,
    now: i64,
) -> Result<IdentityClaims, Refusal> {
    if token.len() > TOKEN_MAX {
        return Err(Refusal::Malformed);
    }
    let key = key_bytes(secret)?;
    let json = match mode {
        IdentityMode::Off => return Err(Refusal::NotEnabled),
        IdentityMode::Signed => open_signed(&key, token)?,
        IdentityMode::Encrypted => open_sealed(&key, token)?,
    };
    let claims: IdentityClaims = serde_json::from_slice(&json).map_err(|_| Refusal::Malformed)?;
    if claims.exp <= now {
        return Err(Refusal::Expired);
    }
    Ok(claims)
}

fn open_signed(key: &[u8; 32], token: &str) -> Result<Vec<u8>, Refusal> {
    let (payload, signature) = token.split_once('.').ok_or(Refusal::Malformed)?;
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| Refusal::Malformed)?;
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).map_err(|_| Refusal::NotEnabled)?;
    mac.update(payload.as_bytes());
    // Constant-time comparison.
    mac.verify_slice(&signature)
        .map_err(|_| Refusal::BadSignature)?;
    URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| Refusal::Malformed)
}

fn open_sealed(key: &[u8; 32], token: &str) -> Result<Vec<u8>, Refusal> {
    let bytes = URL_SAFE_NO_PAD
        .decode(token)
        .map_err(|_| Refusal::Malformed)?;
    if bytes.len() < NONCE_LEN + 16 {
        return Err(Refusal::Malformed);
    }
    let (nonce, sealed) = bytes.split_at(NONCE_LEN);
    Aes256Gcm::new(key.into())
        .decrypt(Nonce::from_slice(nonce), sealed)
        .map_err(|_| Refusal::Undecryptable)
}

/// A signed identity, as a site's server makes one (tests and docs).
pub fn sign(secret: &str, claims_json: &str) -> String {
    let key = key_bytes(secret).expect("a link secret");
    let payload = URL_SAFE_NO_PAD.encode(claims_json);
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("any key length");
    mac.update(payload.as_bytes());
    format!(
        "{payload}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

/// An encrypted identity with the given nonce (tests and docs; a site
/// uses a fresh random nonce each time).
pub fn seal(secret: &str, nonce: [u8; NONCE_LEN], claims_json: &str) -> String {
    let key = key_bytes(secret).expect("a link secret");
    let sealed = Aes256Gcm::new((&key).into())
        .encrypt(Nonce::from_slice(&nonce), claims_json.as_bytes())
        .expect("in-memory encryption");
    let mut out = nonce.to_vec();
    out.extend(sealed);
    URL_SAFE_NO_PAD.encode(out)
}
