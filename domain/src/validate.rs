//! Input checks that collect every problem at once, so the UI can show each
//! message next to its field.

use model::FieldError;

use crate::error::{Error, Result};

#[derive(Debug, Default)]
pub struct Check {
    errors: Vec<FieldError>,
}

impl Check {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fail(&mut self, field: &str, code: &str) {
        if !self.has(field) {
            self.errors.push(FieldError::new(field, code));
        }
    }

    fn fail_limit(&mut self, field: &str, code: &str, limit: usize) {
        if !self.has(field) {
            self.errors
                .push(FieldError::with_limit(field, code, limit as i64));
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    /// Trimmed text, required to be non-empty, at most `max` characters.
    pub fn required_text(&mut self, field: &str, value: &str, max: usize) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.fail(field, "required");
        }
        self.max_len(field, value, max);
        value.to_owned()
    }

    /// Trimmed optional text; empty becomes `None`.
    pub fn optional_text(
        &mut self,
        field: &str,
        value: Option<&str>,
        max: usize,
    ) -> Option<String> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        self.max_len(field, value, max);
        Some(value.to_owned())
    }

    pub fn max_len(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.fail_limit(field, "too_long", max);
        }
    }

    pub fn min_len(&mut self, field: &str, value: &str, min: usize) {
        if value.chars().count() < min {
            self.fail_limit(field, "too_short", min);
        }
    }

    /// A plausible e-mail address, normalised to lower case.
    pub fn email(&mut self, field: &str, value: &str, max: usize) -> String {
        let value = self.required_text(field, value, max).to_lowercase();
        if !self.has(field) && !looks_like_email(&value) {
            self.fail(field, "invalid_email");
        }
        value
    }

    pub fn range(&mut self, field: &str, value: i64, min: i64, max: i64) {
        if value < min {
            self.fail_limit(field, "too_small", min as usize);
        } else if value > max {
            self.fail_limit(field, "too_large", max as usize);
        }
    }

    /// An optional `YYYY-MM-DD` day (filters); `invalid_date` otherwise.
    pub fn day(&mut self, field: &str, value: Option<&str>) -> Option<chrono::NaiveDate> {
        let v = value.map(str::trim).filter(|v| !v.is_empty())?;
        match chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.fail(field, "invalid_date");
                None
            }
        }
    }

    pub fn finish(self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.errors))
        }
    }
}

/// Digits with the usual separators (`+`, spaces, `-`, brackets), at least
/// one digit: what a phone number may look like anywhere it is typed.
pub(crate) fn looks_like_phone(value: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_ascii_digit() || " +-()".contains(c))
        && value.chars().any(|c| c.is_ascii_digit())
}

/// The range of instants that `from`..=`to` (whole UTC days) cover, as a
/// filter on `column`; either end may be open.
pub(crate) fn within_days<C: sea_orm::ColumnTrait>(
    column: C,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> sea_orm::Condition {
    let start = |d: chrono::NaiveDate| d.and_time(chrono::NaiveTime::MIN).and_utc();
    let mut cond = sea_orm::Condition::all();
    if let Some(d) = from {
        cond = cond.add(column.gte(start(d)));
    }
    if let Some(d) = to {
        cond = cond.add(column.lt(start(d.succ_opt().unwrap_or(d))));
    }
    cond
}

pub(crate) fn looks_like_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>')
        && !domain.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(check: Check) -> Vec<(String, String)> {
        match check.finish() {
            Ok(()) => vec![],
            Err(Error::Invalid(f)) => f.into_iter().map(|e| (e.field, e.code)).collect(),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn required_and_length() {
        let mut c = Check::new();
        assert_eq!(c.required_text("name", "  Ann ", 10), "Ann");
        c.required_text("empty", "   ", 10);
        c.required_text("long", "字字字字", 3);
        assert_eq!(
            codes(c),
            vec![
                ("empty".into(), "required".into()),
                ("long".into(), "too_long".into())
            ]
        );
    }

    #[test]
    fn emails() {
        let mut c = Check::new();
        assert_eq!(c.email("a", "Ann@Example.COM", 254), "ann@example.com");
        c.email("b", "ann@", 254);
        c.email("c", "no-at.example.com", 254);
        c.email("d", "a b@x.io", 254);
        let got = codes(c);
        assert_eq!(got.len(), 3);
        assert!(got.iter().all(|(_, code)| code == "invalid_email"));
    }

    #[test]
    fn first_error_per_field_wins() {
        let mut c = Check::new();
        c.required_text("x", "", 1);
        c.fail("x", "other");
        assert_eq!(codes(c), vec![("x".into(), "required".into())]);
    }
}
