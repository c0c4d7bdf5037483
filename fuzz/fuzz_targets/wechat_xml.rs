//! WeChat's callback XML (C4): any bytes are read or refused, never a
//! panic, and never an expanded entity.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(body) = std::str::from_utf8(data) {
        let _ = domain::channels::wechat::xml::fields(body);
        if let Ok(message) = domain::channels::wechat::xml::parse(body) {
            let _ = message.dedup_key();
        }
    }
});
