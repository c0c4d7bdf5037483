//! Short-lived, signed file tickets for visitors. `<img src>` cannot send
//! an `Authorization` header, and a visitor's token in a URL would be kept
//! by proxies and browser history; a ticket in `?ticket=` lets its holder
//! read only the files that visitor may read, only until it expires.
//! Format: `<visitor id>.<expiry, unix seconds>.<HMAC-SHA256, hex>`, keyed
//! by a per-deployment secret kept in the database (so every node agrees).

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use hmac::{Hmac, Mac};
use model::chat::FileTicket;
use sha2::Sha256;

use crate::error::{Error, Result};
use crate::settings::SettingsService;
use crate::Clock;

/// How long a ticket reads files. The widget asks for a new one well before.
pub const TICKET_TTL: Duration = Duration::hours(1);
const SECRET: &str = "file_tickets";

#[derive(Clone)]
pub struct FileTickets {
    settings: SettingsService,
    clock: Arc<dyn Clock>,
}

impl FileTickets {
    pub(crate) fn new(settings: SettingsService, clock: Arc<dyn Clock>) -> Self {
        Self { settings, clock }
    }

    /// A new ticket for this visitor's files.
    pub async fn issue(&self, visitor_id: i64) -> Result<FileTicket> {
        let key = self.settings.secret(SECRET).await?;
        let expires_at = self.clock.now() + TICKET_TTL;
        Ok(FileTicket {
            ticket: sign(&key, visitor_id, expires_at.timestamp()),
            expires_at,
        })
    }

    /// The visitor a ticket speaks for, or `Unauthenticated` (forged,
    /// altered or expired).
    pub async fn visitor(&self, ticket: &str) -> Result<i64> {
        let key = self.settings.secret(SECRET).await?;
        verify(&key, ticket, self.clock.now()).ok_or(Error::Unauthenticated)
    }
}

fn mac(key: &[u8], visitor_id: i64, expires: i64) -> Hmac<Sha256> {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(format!("files:{visitor_id}:{expires}").as_bytes());
    mac
}

/// The ticket for `visitor_id` valid until `expires` (unix seconds).
pub fn sign(key: &[u8], visitor_id: i64, expires: i64) -> String {
    let tag = mac(key, visitor_id, expires).finalize().into_bytes();
    format!("{visitor_id}.{expires}.{}", hex::encode(tag))
}

/// The visitor of a ticket signed with `key` and still valid at `now`.
pub fn verify(key: &[u8], ticket: &str, now: DateTime<Utc>) -> Option<i64> {
    let mut parts = ticket.splitn(3, '.');
    let visitor_id: i64 = parts.next()?.parse().ok()?;
    let expires: i64 = parts.next()?.parse().ok()?;
    let tag = hex::decode(parts.next()?).ok()?;
    // Constant-time comparison of the tag.
    mac(key, visitor_id, expires).verify_slice(&tag).ok()?;
    let expires_at = Utc.timestamp_opt(expires, 0).single()?;
    (now < expires_at).then_some(visitor_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn a_ticket_names_its_visitor_until_it_expires() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
        let ticket = sign(KEY, 42, (now + TICKET_TTL).timestamp());
        assert_eq!(verify(KEY, &ticket, now), Some(42));
        assert_eq!(verify(KEY, &ticket, now + TICKET_TTL), None, "expired");
    }

    #[test]
    fn altered_or_foreign_tickets_are_refused() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
        let exp = (now + TICKET_TTL).timestamp();
        let ticket = sign(KEY, 42, exp);
        let tag = ticket.rsplit('.').next().unwrap();
        // Another visitor, a later expiry, another deployment's key, junk.
        assert_eq!(verify(KEY, &format!("43.{exp}.{tag}"), now), None);
        assert_eq!(verify(KEY, &format!("42.{}.{tag}", exp + 3600), now), None);
        assert_eq!(verify(b"another key", &ticket, now), None);
        for junk in ["", "42", "42.x.y", "a.b.c", "42.1.zz"] {
            assert_eq!(verify(KEY, junk, now), None, "{junk}");
        }
    }
}
