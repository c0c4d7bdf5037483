//! A browser's and system's name from a `User-Agent` header, for people
//! ("Chrome 120", "Windows 10"). The `woothee` crate knows the strings.

/// `(browser, operating system)`; empty parts when the header says nothing
/// recognisable.
pub fn describe(user_agent: &str) -> (String, String) {
    let Some(found) = woothee::parser::Parser::new().parse(user_agent) else {
        return (String::new(), String::new());
    };
    let known = |s: &str| !s.is_empty() && s != woothee::woothee::VALUE_UNKNOWN;
    let major = found.version.split('.').next().unwrap_or_default();
    let browser = match (known(found.name), known(major)) {
        (true, true) => format!("{} {major}", found.name),
        (true, false) => found.name.to_owned(),
        _ => String::new(),
    };
    let os = match (known(found.os), known(&found.os_version)) {
        // woothee gives Windows' marketing name in `os` ("Windows 10").
        (true, true) if !found.os.starts_with("Windows") => {
            format!("{} {}", found.os, found.os_version)
        }
        (true, _) => found.os.to_owned(),
        _ => String::new(),
    };
    (browser, os)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_common_browsers_and_systems() {
        let cases = [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
                "Chrome 120",
                "Windows 10",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
                "Safari 17",
                "iPhone 17.1",
            ),
        ];
        for (ua, browser, os) in cases {
            assert_eq!(describe(ua), (browser.to_owned(), os.to_owned()), "{ua}");
        }
    }

    #[test]
    fn nonsense_gives_empty_names() {
        assert_eq!(describe("curl-ish/0"), (String::new(), String::new()));
        assert_eq!(describe(""), (String::new(), String::new()));
    }
}
