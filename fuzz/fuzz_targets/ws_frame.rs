//! A WebSocket text frame from a client (`ClientMsg`), and one from the
//! server as the browser decodes it (`ServerEvent`): any bytes parse or
//! are refused, never panic, and what parses survives a round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use model::chat::{ClientMsg, ServerEvent};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(msg) = serde_json::from_str::<ClientMsg>(text) {
        let again = serde_json::to_string(&msg).expect("a parsed frame serialises");
        assert_eq!(serde_json::from_str::<ClientMsg>(&again).ok(), Some(msg));
    }
    if let Ok(event) = serde_json::from_str::<ServerEvent>(text) {
        let again = serde_json::to_string(&event).expect("a parsed event serialises");
        assert!(serde_json::from_str::<ServerEvent>(&again).is_ok());
    }
});
