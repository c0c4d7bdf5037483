//! WeChat's safe-mode decryptor (C4): truncated, padded or forged
//! ciphertexts are refused, never a panic; what it encrypts it decrypts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let key = domain::channels::wechat::crypto::MessageKey::new(
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
    )
    .expect("a valid key");
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = key.decrypt(text, "wx0123456789abcdef");
        let sealed = key.encrypt(text, "wx0123456789abcdef");
        assert_eq!(key.decrypt(&sealed, "wx0123456789abcdef").as_deref(), Ok(text));
    }
    // Raw bytes as base64, so the decryptor sees whole blocks too.
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(data);
    let _ = key.decrypt(&b64, "wx0123456789abcdef");
});
