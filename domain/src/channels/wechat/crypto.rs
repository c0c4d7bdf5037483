//! WeChat's callback signatures and its message encryption ("safe mode"),
//! as the official account platform documents them (消息加解密):
//!
//! - `signature` = SHA-1 of the token, timestamp and nonce, sorted and
//!   joined; `msg_signature` adds the ciphertext to the sorted list;
//! - the key is `base64(EncodingAESKey + "=")` (32 bytes), the IV its first
//!   16 bytes; AES-256-CBC over `16 random bytes ‖ length (u32, big-endian)
//!   ‖ XML ‖ AppID`, padded PKCS#7-style to 32-byte blocks (not 16).

use aes::cipher::{block_padding::NoPadding, BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use sha1::{Digest, Sha1};

type Encryptor = cbc::Encryptor<aes::Aes256>;
type Decryptor = cbc::Decryptor<aes::Aes256>;

/// WeChat pads to 32 bytes, though AES blocks are 16.
const PAD_BLOCK: usize = 32;
/// The longest message we decrypt (our callback body limit is 64 KiB).
const PLAIN_MAX: usize = 64 * 1024;

/// EncodingAESKey is 43 random base64 characters: its last one need not
/// have zero low bits, which a strict decoder refuses.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Why a ciphertext was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("the EncodingAESKey is not 43 base64 characters")]
    BadKey,
    #[error("the ciphertext is not base64 of whole AES blocks")]
    BadCiphertext,
    #[error("the padding or length inside the ciphertext is wrong")]
    BadPlaintext,
    #[error("the ciphertext is for another AppID")]
    WrongAppId,
}

/// SHA-1 over the parts sorted and joined, in lower-case hex.
pub fn signature(parts: &[&str]) -> String {
    let mut sorted = parts.to_vec();
    sorted.sort_unstable();
    let mut h = Sha1::new();
    for p in sorted {
        h.update(p.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Whether `given` is the signature of `parts`, in constant time.
pub fn signature_matches(given: &str, parts: &[&str]) -> bool {
    use subtle::ConstantTimeEq;
    let want = signature(parts);
    given.len() == want.len()
        && bool::from(given.to_ascii_lowercase().as_bytes().ct_eq(want.as_bytes()))
}

/// An account's message key, from its EncodingAESKey.
#[derive(Clone)]
pub struct MessageKey {
    key: [u8; 32],
}

impl std::fmt::Debug for MessageKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MessageKey(…)")
    }
}

impl MessageKey {
    pub fn new(encoding_aes_key: &str) -> Result<Self, CryptoError> {
        if encoding_aes_key.len() != model::channels::AES_KEY_LEN {
            return Err(CryptoError::BadKey);
        }
        let bytes = LENIENT
            .decode(format!("{encoding_aes_key}="))
            .map_err(|_| CryptoError::BadKey)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| CryptoError::BadKey)?;
        Ok(Self { key })
    }

    fn iv(&self) -> [u8; 16] {
        let mut iv = [0u8; 16];
        iv.copy_from_slice(&self.key[..16]);
        iv
    }

    /// The XML inside `ciphertext` (base64), which must name `app_id`.
    pub fn decrypt(&self, ciphertext: &str, app_id: &str) -> Result<String, CryptoError> {
        let mut buf = LENIENT
            .decode(ciphertext.trim())
            .map_err(|_| CryptoError::BadCiphertext)?;
        if buf.is_empty() || buf.len() % 16 != 0 || buf.len() > PLAIN_MAX + 64 {
            return Err(CryptoError::BadCiphertext);
        }
        let plain = Decryptor::new(&self.key.into(), &self.iv().into())
            .decrypt_padded_mut::<NoPadding>(&mut buf)
            .map_err(|_| CryptoError::BadCiphertext)?;
        let pad = *plain.last().ok_or(CryptoError::BadPlaintext)? as usize;
        // Every padding byte must name the padding's length (PKCS#7 to 32
        // bytes): with the last byte alone, one altered block in 256 passed.
        if pad == 0
            || pad > PAD_BLOCK
            || pad > plain.len()
            || plain[plain.len() - pad..]
                .iter()
                .any(|&b| b as usize != pad)
        {
            return Err(CryptoError::BadPlaintext);
        }
        let body = &plain[..plain.len() - pad];
        if body.len() < 20 {
            return Err(CryptoError::BadPlaintext);
        }
        let len = u32::from_be_bytes([body[16], body[17], body[18], body[19]]) as usize;
        let rest = &body[20..];
        if len > rest.len() {
            return Err(CryptoError::BadPlaintext);
        }
        let (xml, from_app) = rest.split_at(len);
        if from_app != app_id.as_bytes() {
            return Err(CryptoError::WrongAppId);
        }
        String::from_utf8(xml.to_vec()).map_err(|_| CryptoError::BadPlaintext)
    }

    /// `xml` encrypted for `app_id` with these 16 random bytes, in base64.
    pub fn encrypt_with(&self, xml: &str, app_id: &str, random: [u8; 16]) -> String {
        let mut plain = Vec::with_capacity(xml.len() + app_id.len() + 20 + PAD_BLOCK);
        plain.extend_from_slice(&random);
        plain.extend_from_slice(&(xml.len() as u32).to_be_bytes());
        plain.extend_from_slice(xml.as_bytes());
        plain.extend_from_slice(app_id.as_bytes());
        let pad = PAD_BLOCK - plain.len() % PAD_BLOCK;
        plain.extend(std::iter::repeat_n(pad as u8, pad));
        let len = plain.len();
        let out = Encryptor::new(&self.key.into(), &self.iv().into())
            .encrypt_padded_mut::<NoPadding>(&mut plain, len)
            .expect("whole blocks");
        base64::engine::general_purpose::STANDARD.encode(out)
    }

    /// `xml` encrypted for `app_id`, in base64.
    pub fn encrypt(&self, xml: &str, app_id: &str) -> String {
        self.encrypt_with(xml, app_id, rand::random())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    #[test]
    fn signature_is_sha1_of_the_sorted_parts() {
        // sha1("1409304348" + "test" + "xxxxxx"), sorted lexicographically.
        let s = signature(&["test", "1409304348", "xxxxxx"]);
        assert_eq!(s, signature(&["xxxxxx", "test", "1409304348"]));
        assert_eq!(s.len(), 40);
        assert!(signature_matches(
            &s.to_uppercase(),
            &["1409304348", "xxxxxx", "test"]
        ));
        assert!(!signature_matches(&s, &["1409304349", "xxxxxx", "test"]));
        assert!(!signature_matches("", &["a"]));
    }

    #[test]
    fn weibo_documented_vector() {
        // The Weibo open platform's example uses the same construction.
        assert_eq!(
            signature(&["xyz123xyz", "1397022061823", "57155157"]),
            "90e4c22c90a58f26526c2dd5b6c56c8822edeaa1"
        );
    }

    #[test]
    fn round_trip_and_wrong_app() {
        let key = MessageKey::new(KEY).unwrap();
        let xml = "<xml><Content><![CDATA[你好]]></Content></xml>";
        let c = key.encrypt(xml, "wx1234567890abcdef");
        assert_eq!(key.decrypt(&c, "wx1234567890abcdef").unwrap(), xml);
        assert_eq!(key.decrypt(&c, "wxother"), Err(CryptoError::WrongAppId));
    }

    #[test]
    fn padding_is_to_32_byte_blocks() {
        let key = MessageKey::new(KEY).unwrap();
        for n in 0..70 {
            let xml = "x".repeat(n);
            let c = LENIENT.decode(key.encrypt(&xml, "wxid")).unwrap();
            assert_eq!(c.len() % 32, 0, "length {n}");
            assert_eq!(
                key.decrypt(
                    &base64::engine::general_purpose::STANDARD.encode(&c),
                    "wxid"
                )
                .unwrap(),
                xml
            );
        }
    }

    #[test]
    fn truncated_padded_and_garbage_ciphertexts_are_refused() {
        let key = MessageKey::new(KEY).unwrap();
        let c = LENIENT.decode(key.encrypt("<xml/>", "wxid")).unwrap();
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        assert!(key.decrypt(&b64(&c[..c.len() - 16]), "wxid").is_err());
        assert!(key.decrypt(&b64(&c[..c.len() - 1]), "wxid").is_err());
        // An appended block decrypts to bytes that change with the random
        // prefix; every one of many tries must be refused.
        for _ in 0..2_000 {
            let c = LENIENT.decode(key.encrypt("<xml/>", "wxid")).unwrap();
            let mut longer = c.clone();
            longer.extend_from_slice(&[0u8; 16]);
            assert!(key.decrypt(&b64(&longer), "wxid").is_err());
        }
        assert!(key.decrypt("not base64 at all!", "wxid").is_err());
        assert!(key.decrypt("", "wxid").is_err());
        assert!(MessageKey::new("short").is_err());
        assert!(MessageKey::new(&"!".repeat(43)).is_err());
    }
}
