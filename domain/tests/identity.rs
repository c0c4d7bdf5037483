//! Verified identity's wire format against vectors made by an independent
//! implementation (Python's `hmac` and `cryptography`; see
//! `scripts/identity_vectors.py`, whose output these constants are).

use domain::identity::token::{seal, sign, verify, Refusal};
use model::fields::FieldValue;
use model::identity::IdentityMode::{Encrypted, Signed};

const SECRET: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
const OTHER_SECRET: &str = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA";
const CLAIMS: &str = r#"{"external_id":"u-1001","name":"王芳","email":"wang@example.com","fields":{"plan":"gold"},"exp":4102444800}"#;
const SIGNED: &str = "eyJleHRlcm5hbF9pZCI6InUtMTAwMSIsIm5hbWUiOiLnjovoirMiLCJlbWFpbCI6IndhbmdAZXhhbXBsZS5jb20iLCJmaWVsZHMiOnsicGxhbiI6ImdvbGQifSwiZXhwIjo0MTAyNDQ0ODAwfQ.fHpYNpg1V3F6rKKbDr5c5hTz9D4tdrWQXtipd9bkWQk";
const SIGNED_EXPIRED: &str = "eyJleHRlcm5hbF9pZCI6InUtMTAwMSIsIm5hbWUiOiLnjovoirMiLCJlbWFpbCI6IndhbmdAZXhhbXBsZS5jb20iLCJmaWVsZHMiOnsicGxhbiI6ImdvbGQifSwiZXhwIjoxNzAwMDAwMDAwfQ.9kVTIwPisEkNhYIX8zivQx8lW79-vjg_CfiT_BTLq5A";
const SIGNED_OTHER_KEY: &str = "eyJleHRlcm5hbF9pZCI6InUtMTAwMSIsIm5hbWUiOiLnjovoirMiLCJlbWFpbCI6IndhbmdAZXhhbXBsZS5jb20iLCJmaWVsZHMiOnsicGxhbiI6ImdvbGQifSwiZXhwIjo0MTAyNDQ0ODAwfQ.tgDtRQTdFHw-4LlIjuMPYmiRAZ32xg1TBafYTvYWLIw";
const SEALED: &str = "AAECAwQFBgcICQoLPCCzY7GAsHXsLcji1ctCT_b7tgTASn1QGgmE6HhLOpDmniUUJXIwtFbBEozh6woCzC4B4z2WxqJe-lp1fc2WgZ0e6li1uEMNeCeIVJStfoRZ5OtYVAQ8BJnf4-BalcH96cJt15Rz_C6qJA6CNWH4ZHUcZzdrttpCG-GZwrk";
const SEALED_EXPIRED: &str = "AAECAwQFBgcICQoLPCCzY7GAsHXsLcji1ctCT_b7tgTASn1QGgmE6HhLOpDmniUUJXIwtFbBEozh6woCzC4B4z2WxqJe-lp1fc2WgZ0e6li1uEMNeCeIVJStfoRZ5OtYVAQ8BJnf4-BalcH96cJo0ZRx-CquLA6CNXxE6mONK3t9cPoIht-xdlo";
const SEALED_OTHER_KEY: &str = "AAECAwQFBgcICQoLChJk77y4E2VuR-0oALrNr1y6jKVOrlhQ7yYc0Dn3CBlhJjkIzTbbDRU2YkzbW5d0QWuBwPWKMM6iT6uop3Eo_9UBtyQ2cAjSpeakTyIb5-ADpfhuVP2lMQ0Z1ntWzufgoeNPxVIh2lKzgKMeZ0j5M9n25YC5A47FU6udl3U";

/// 2026-12-01, before the vectors' `exp` (2100) and after the expired ones'.
const NOW: i64 = 1_796_083_200;

#[test]
fn our_tokens_are_byte_for_byte_the_independent_ones() {
    assert_eq!(sign(SECRET, CLAIMS), SIGNED);
    let nonce: [u8; 12] = std::array::from_fn(|i| i as u8);
    assert_eq!(seal(SECRET, nonce, CLAIMS), SEALED);
}

#[test]
fn the_right_payload_is_accepted_in_both_modes() {
    for (mode, token) in [(Signed, SIGNED), (Encrypted, SEALED)] {
        let claims = verify(mode, SECRET, token, NOW).expect("accepted");
        assert_eq!(claims.external_id.as_deref(), Some("u-1001"));
        assert_eq!(claims.name.as_deref(), Some("王芳"));
        assert_eq!(claims.email.as_deref(), Some("wang@example.com"));
        assert_eq!(
            claims.fields.get("plan"),
            Some(&FieldValue::Text("gold".into()))
        );
    }
}

#[test]
fn expired_and_wrong_key_payloads_are_refused() {
    assert_eq!(
        verify(Signed, SECRET, SIGNED_EXPIRED, NOW),
        Err(Refusal::Expired)
    );
    assert_eq!(
        verify(Encrypted, SECRET, SEALED_EXPIRED, NOW),
        Err(Refusal::Expired)
    );
    assert_eq!(
        verify(Signed, SECRET, SIGNED_OTHER_KEY, NOW),
        Err(Refusal::BadSignature)
    );
    assert_eq!(
        verify(Encrypted, SECRET, SEALED_OTHER_KEY, NOW),
        Err(Refusal::Undecryptable)
    );
    assert_eq!(
        verify(Signed, OTHER_SECRET, SIGNED, NOW),
        Err(Refusal::BadSignature)
    );
    assert_eq!(
        verify(Encrypted, OTHER_SECRET, SEALED, NOW),
        Err(Refusal::Undecryptable)
    );
}

#[test]
fn tampered_payloads_are_refused() {
    // The payload of another (expired) identity under this signature.
    let (_, signature) = SIGNED.split_once('.').unwrap();
    let (old_payload, _) = SIGNED_EXPIRED.split_once('.').unwrap();
    let swapped = format!("{old_payload}.{signature}");
    assert_eq!(
        verify(Signed, SECRET, &swapped, NOW),
        Err(Refusal::BadSignature)
    );
    // One character of the ciphertext changed.
    let mut sealed = SEALED.to_owned().into_bytes();
    sealed[40] = if sealed[40] == b'A' { b'B' } else { b'A' };
    let sealed = String::from_utf8(sealed).unwrap();
    assert_eq!(
        verify(Encrypted, SECRET, &sealed, NOW),
        Err(Refusal::Undecryptable)
    );
    // Not the mode's format at all.
    assert_eq!(
        verify(Signed, SECRET, "no-dot-here", NOW),
        Err(Refusal::Malformed)
    );
    assert_eq!(
        verify(Encrypted, SECRET, "short", NOW),
        Err(Refusal::Malformed)
    );
    assert_eq!(verify(Signed, SECRET, SEALED, NOW), Err(Refusal::Malformed));
    assert_eq!(
        verify(Encrypted, SECRET, SIGNED, NOW),
        Err(Refusal::Malformed)
    );
}
