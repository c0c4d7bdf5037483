//! Upload checking (`domain::files::check`): any name and bytes are either
//! refused with a field error or accepted with a display-safe name and a
//! type read from the bytes; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (String, Vec<u8>)| {
    let (name, bytes) = input;
    if let Ok(checked) = domain::files::check(&name, &bytes, 1024 * 1024) {
        assert!(!checked.name.is_empty());
        assert!(!checked.name.contains(['/', '\\']));
        assert!(!checked.name.chars().any(char::is_control));
        assert!(!checked.content_type.is_empty());
    }
});
