//! Finding sensitive data in text, and rewriting it (R8). Pure functions:
//! every pattern type is tested here without a database.
//!
//! Numbers are found as runs of digit groups (`6222 0212 3456 7890`,
//! `138-1234-5678`): a span of whole groups with the right digit count and
//! checksum matches. A single longer run of digits is never split, so an
//! order number is not half-masked into something that looks like a card.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use model::masking::{MaskMode, MaskPattern, REGEX_MAX};
use regex::{Regex, RegexBuilder};

/// A custom pattern's compiled size limit: large enough for any sensible
/// pattern, small enough that a run cannot be made slow or exhaust memory.
const COMPILED_MAX: usize = 256 * 1024;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}").unwrap()
});

/// `密码是 abc123`, `密码:abc`, `password: hunter2`, `pwd=...`, and Chinese
/// `密码123456` without a separator; the secret is the first group that
/// took part.
static PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:密码|口令|password|passwd|pwd)\s*(?:是|为|:|：|=|\bis\b)\s*([^\s，。,;；、]+)|(?:密码|口令)([0-9A-Za-z!@#$%^&*._\-]{4,})",
    )
    .unwrap()
});

/// Why a custom pattern was refused (shown next to the field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    Empty,
    TooLong,
    Invalid(String),
}

/// A custom pattern, compiled with a size limit.
pub fn compile_custom(pattern: &str) -> Result<Regex, PatternError> {
    let pattern = pattern.trim();
    if pattern.is_empty() {
        return Err(PatternError::Empty);
    }
    if pattern.chars().count() > REGEX_MAX {
        return Err(PatternError::TooLong);
    }
    let re = RegexBuilder::new(pattern)
        .size_limit(COMPILED_MAX)
        .dfa_size_limit(COMPILED_MAX)
        .build()
        .map_err(|e| PatternError::Invalid(e.to_string()))?;
    if re.is_match("") {
        // A pattern that matches nothing at all would "match" between every
        // pair of characters.
        return Err(PatternError::Invalid("matches empty text".into()));
    }
    Ok(re)
}

/// A rule ready to run.
#[derive(Debug, Clone)]
pub struct Matcher {
    kind: Kind,
    mode: MaskMode,
}

#[derive(Debug, Clone)]
enum Kind {
    BankCard,
    IdCard,
    Mobile,
    Email,
    Password,
    Custom(Regex),
}

impl Matcher {
    pub fn new(pattern: MaskPattern, regex: &str, mode: MaskMode) -> Result<Self, PatternError> {
        let kind = match pattern {
            MaskPattern::BankCard => Kind::BankCard,
            MaskPattern::IdCard => Kind::IdCard,
            MaskPattern::Mobile => Kind::Mobile,
            MaskPattern::Email => Kind::Email,
            MaskPattern::Password => Kind::Password,
            MaskPattern::Custom => Kind::Custom(compile_custom(regex)?),
        };
        Ok(Self { kind, mode })
    }

    /// Byte ranges of `text` this rule matches, in order, not overlapping.
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        match &self.kind {
            Kind::BankCard => digit_spans(text, 13..=19, luhn),
            Kind::Mobile => digit_spans(text, 11..=11, is_mobile),
            Kind::IdCard => id_numbers(text),
            Kind::Email => EMAIL.find_iter(text).map(|m| m.range()).collect(),
            Kind::Password => PASSWORD
                .captures_iter(text)
                .filter_map(|c| c.get(1).or_else(|| c.get(2)).map(|m| m.range()))
                .collect(),
            Kind::Custom(re) => re
                .find_iter(text)
                .filter(|m| !m.is_empty())
                .map(|m| m.range())
                .collect(),
        }
    }
}

/// `text` with every rule's matches rewritten, and how many there were.
/// An earlier rule wins where two overlap.
pub fn mask(rules: &[Matcher], text: &str) -> (String, usize) {
    let mut taken: Vec<(Range<usize>, MaskMode)> = Vec::new();
    for rule in rules {
        for r in rule.find(text) {
            if !taken
                .iter()
                .any(|(t, _)| t.start < r.end && r.start < t.end)
            {
                taken.push((r, rule.mode));
            }
        }
    }
    if taken.is_empty() {
        return (text.to_owned(), 0);
    }
    taken.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, mode) in &taken {
        out.push_str(&text[at..r.start]);
        out.push_str(&rewrite(&text[r.clone()], *mode));
        at = r.end;
    }
    out.push_str(&text[at..]);
    (out, taken.len())
}

/// One match rewritten: its letters and digits become `*` but for those
/// the mode keeps; separators stay, so the shape is still recognisable.
pub fn rewrite(matched: &str, mode: MaskMode) -> String {
    let significant = matched.chars().filter(|c| c.is_alphanumeric()).count();
    let keep = |i: usize| match mode {
        MaskMode::All => false,
        MaskMode::KeepLast4 => significant > 4 && i >= significant - 4,
        MaskMode::KeepFirstLast => significant > 2 && (i == 0 || i == significant - 1),
    };
    let mut i = 0;
    matched
        .chars()
        .map(|c| {
            if !c.is_alphanumeric() {
                return c;
            }
            let kept = keep(i);
            i += 1;
            if kept {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// Runs of ASCII digit groups joined by one space or dash, as byte ranges
/// of each group.
fn digit_groups(text: &str) -> Vec<Vec<Range<usize>>> {
    let bytes = text.as_bytes();
    let mut runs: Vec<Vec<Range<usize>>> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // A run may not start right after a letter (`A1234…` is a code).
        let glued = i > 0 && bytes[i - 1].is_ascii_alphabetic();
        let mut run = Vec::new();
        loop {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            run.push(start..i);
            let joins = i + 1 < bytes.len()
                && (bytes[i] == b' ' || bytes[i] == b'-')
                && bytes[i + 1].is_ascii_digit();
            if !joins {
                break;
            }
            i += 1;
        }
        let glued = glued || (i < bytes.len() && bytes[i].is_ascii_alphabetic());
        if !glued {
            runs.push(run);
        }
    }
    runs
}

/// Spans of whole groups whose digits number `len` and pass `check`,
/// taking the longest span at each start, left to right.
fn digit_spans(
    text: &str,
    len: std::ops::RangeInclusive<usize>,
    check: fn(&[u8]) -> bool,
) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for groups in digit_groups(text) {
        let mut i = 0;
        while i < groups.len() {
            let mut best = None;
            let mut digits = Vec::new();
            for (j, g) in groups.iter().enumerate().skip(i) {
                digits.extend_from_slice(&bytes[g.clone()]);
                if digits.len() > *len.end() {
                    break;
                }
                if len.contains(&digits.len()) && check(&digits) {
                    best = Some(j);
                }
            }
            match best {
                Some(j) => {
                    found.push(groups[i].start..groups[j].end);
                    i = j + 1;
                }
                None => i += 1,
            }
        }
    }
    found
}

/// The Luhn checksum of a card number's digits.
pub fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(d - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn is_mobile(digits: &[u8]) -> bool {
    digits[0] == b'1' && (b'3'..=b'9').contains(&digits[1])
}

/// 18-character mainland ID numbers standing alone (not inside a longer
/// run of letters and digits).
fn id_numbers(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i - start == 18 && is_id_number(&bytes[start..i]) {
            found.push(start..i);
        }
    }
    found
}

/// Weights of the first 17 characters (GB 11643).
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// 17 digits with a real birth date, then the check character.
pub fn is_id_number(id: &[u8]) -> bool {
    if id.len() != 18 || !id[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let num =
        |r: Range<usize>| -> u32 { id[r].iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')) };
    let (year, month, day) = (num(6..10), num(10..12), num(12..14));
    if !(1900..=2100).contains(&year) || NaiveDate::from_ymd_opt(year as i32, month, day).is_none()
    {
        return false;
    }
    let sum: u32 = id[..17]
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    id[17].to_ascii_uppercase() == ID_CHECK[(sum % 11) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(pattern: MaskPattern, mode: MaskMode, text: &str) -> String {
        mask(&[Matcher::new(pattern, "", mode).unwrap()], text).0
    }

    // 6222 0212 3456 7894 passes Luhn; so do the 13- and 19-digit ones.
    const CARD: &str = "6222021234567894";

    #[test]
    fn luhn_accepts_real_numbers_and_refuses_a_changed_digit() {
        assert!(luhn(CARD.as_bytes()));
        assert!(luhn(b"4111111111111111"));
        assert!(luhn(b"4222222222222"));
        assert!(luhn(b"6250941006528599"));
        assert!(!luhn(b"6222021234567895"));
        assert!(!luhn(b"4111111111111112"));
    }

    #[test]
    fn a_card_number_is_masked_with_or_without_separators() {
        let m = |t| masked(MaskPattern::BankCard, MaskMode::KeepLast4, t);
        assert_eq!(m("卡号6222021234567894谢谢"), "卡号************7894谢谢");
        assert_eq!(m("card 6222 0212 3456 7894."), "card **** **** **** 7894.");
        assert_eq!(m("6222-0212-3456-7894"), "****-****-****-7894");
        // 19 digits.
        assert_eq!(m("6222021234567890128"), "***************0128");
        assert_eq!(m("no 6011000990139424 ok"), "no ************9424 ok");
    }

    #[test]
    fn invalid_cards_and_longer_digit_runs_are_left_alone() {
        let m = |t| masked(MaskPattern::BankCard, MaskMode::All, t);
        // Luhn fails.
        assert_eq!(m("6222021234567895"), "6222021234567895");
        // Twelve digits are too few.
        assert_eq!(m("622202123456"), "622202123456");
        // A valid card inside a longer run is not half-masked.
        assert_eq!(
            m("订单号 96222021234567894001"),
            "订单号 96222021234567894001"
        );
        // Nor glued to letters (a code, not a card).
        assert_eq!(m("SN6222021234567894"), "SN6222021234567894");
    }

    #[test]
    fn a_card_next_to_a_phone_number_is_found_on_its_own() {
        let m = |t| masked(MaskPattern::BankCard, MaskMode::All, t);
        assert_eq!(
            m("6222 0212 3456 7894 13812345678"),
            "**** **** **** **** 13812345678"
        );
    }

    #[test]
    fn id_numbers_need_a_real_date_and_the_check_character() {
        // Checksum examples computed by GB 11643.
        assert!(is_id_number(b"11010519491231002X"));
        assert!(is_id_number(b"11010519491231002x"));
        assert!(is_id_number(b"110105199003074536"));
        // The wrong check character.
        assert!(!is_id_number(b"110105194912310029"));
        // Born in 1880: the check character is right, the year is not.
        assert!(!is_id_number(b"440524188001010014"));
        // 31 February.
        assert!(!is_id_number(b"110105199002314536"));
        let m = |t| masked(MaskPattern::IdCard, MaskMode::KeepFirstLast, t);
        assert_eq!(
            m("身份证11010519491231002X，请核对"),
            "身份证1****************X，请核对"
        );
        assert_eq!(m("身份证110105194912310029"), "身份证110105194912310029");
        // Inside a longer run of letters and digits: not an ID number.
        assert_eq!(m("A11010519491231002X"), "A11010519491231002X");
    }

    #[test]
    fn mobile_numbers_with_and_without_separators() {
        let m = |t| masked(MaskPattern::Mobile, MaskMode::KeepLast4, t);
        assert_eq!(m("电话13812345678找我"), "电话*******5678找我");
        assert_eq!(m("138-1234-5678"), "***-****-5678");
        assert_eq!(m("138 1234 5678"), "*** **** 5678");
        // Not a mobile prefix, and not part of a longer number.
        assert_eq!(m("12812345678"), "12812345678");
        assert_eq!(m("213812345678"), "213812345678");
    }

    #[test]
    fn email_addresses_keep_their_shape() {
        let m = |t| masked(MaskPattern::Email, MaskMode::KeepFirstLast, t);
        assert_eq!(m("邮箱alice@example.com。"), "邮箱a****@*******.**m。");
        assert_eq!(m("no address here @ all"), "no address here @ all");
    }

    #[test]
    fn passwords_after_their_phrase() {
        let m = |t| masked(MaskPattern::Password, MaskMode::All, t);
        assert_eq!(
            m("我的密码是abc123，别告诉别人"),
            "我的密码是******，别告诉别人"
        );
        assert_eq!(m("密码：Qwe!2024 谢谢"), "密码：***!**** 谢谢");
        assert_eq!(m("Password: hunter2"), "Password: *******");
        assert_eq!(m("my pwd=s3cret"), "my pwd=******");
        assert_eq!(m("密码888888"), "密码******");
        // Talking about passwords is not a password.
        assert_eq!(
            m("I forgot my password yesterday"),
            "I forgot my password yesterday"
        );
    }

    #[test]
    fn custom_patterns_are_checked_and_size_limited() {
        assert!(matches!(compile_custom(" "), Err(PatternError::Empty)));
        assert!(matches!(
            compile_custom("(ab"),
            Err(PatternError::Invalid(_))
        ));
        assert!(matches!(
            compile_custom("a*"),
            Err(PatternError::Invalid(_))
        ));
        assert!(matches!(
            compile_custom(&"a".repeat(501)),
            Err(PatternError::TooLong)
        ));
        // Counted repetition blows up the compiled program.
        assert!(matches!(
            compile_custom(r"(\w{100}){100}"),
            Err(PatternError::Invalid(_))
        ));
        let rule = Matcher::new(MaskPattern::Custom, r"VIP\d{6}", MaskMode::KeepFirstLast).unwrap();
        assert_eq!(mask(&[rule], "会员号VIP123456。").0, "会员号V*******6。");
    }

    #[test]
    fn an_earlier_rule_wins_an_overlap_and_counts_are_kept() {
        let card = Matcher::new(MaskPattern::BankCard, "", MaskMode::KeepLast4).unwrap();
        let digits = Matcher::new(MaskPattern::Custom, r"\d{4}", MaskMode::All).unwrap();
        let (text, n) = mask(&[card, digits], &format!("{CARD} 和 1234"));
        assert_eq!(text, "************7894 和 ****");
        assert_eq!(n, 2);
        // Masked text does not match again: a second run changes nothing.
        let card = Matcher::new(MaskPattern::BankCard, "", MaskMode::KeepLast4).unwrap();
        assert_eq!(mask(&[card], &text), (text.clone(), 0));
    }

    #[test]
    fn modes_on_short_matches_mask_everything() {
        assert_eq!(rewrite("abcd", MaskMode::KeepLast4), "****");
        assert_eq!(rewrite("ab", MaskMode::KeepFirstLast), "**");
        assert_eq!(rewrite("a-b-c", MaskMode::KeepFirstLast), "a-*-c");
        assert_eq!(rewrite("密码", MaskMode::All), "**");
    }
}
