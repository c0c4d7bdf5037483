//! Weibo's push JSON (C5): read or refused, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(body) = std::str::from_utf8(data) {
        if let Ok(push) = domain::channels::weibo::push::parse(body) {
            let _ = (push.dedup_key(), push.client_id());
        }
    }
});
