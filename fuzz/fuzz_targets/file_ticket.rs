//! File tickets from URLs (`domain::chat::file_tickets::verify`): any
//! string is refused or names a visitor, never a panic; a signed ticket
//! verifies as its own visitor until it expires, and an altered one does not.
#![no_main]

use chrono::{TimeZone, Utc};
use domain::chat::file_tickets::{sign, verify};
use libfuzzer_sys::fuzz_target;

const KEY: &[u8] = b"fuzzing key, 32 bytes long......";

fuzz_target!(|input: (String, i64, u32)| {
    let (ticket, visitor, lifetime) = input;
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    let _ = verify(KEY, &ticket, now);
    let expires = now.timestamp() + i64::from(lifetime % 86_400) + 1;
    let signed = sign(KEY, visitor, expires);
    assert_eq!(verify(KEY, &signed, now), Some(visitor));
    // The same ticket with its last tag digit changed is refused.
    let mut altered = signed.clone();
    let last = altered.pop().expect("a tag");
    altered.push(if last == '0' { '1' } else { '0' });
    assert_eq!(verify(KEY, &altered, now), None);
});
