//! A custom field's value checked against its definition (A1, A4, ticket
//! fields): pure, so every field type is tested without a database.
//!
//! A value becomes typed columns (`Stored`), one row per value — several
//! for a multi select — so reports and routing rules can filter on them
//! with an index, never by parsing a blob.

use chrono::NaiveDate;
use model::fields::{
    FieldDef, FieldKind, FieldValue, LINK_MAX, LONG_TEXT_MAX, PHONE_MAX, TEXT_MAX,
};

/// One stored value: exactly one of the columns is set.
#[derive(Debug, Clone, PartialEq)]
pub enum Stored {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Flag(bool),
}

/// The rows `value` is stored as, or the field error code. An absent or
/// empty value stores nothing (it clears the field), unless the field is
/// required.
pub fn stored_values(
    def: &FieldDef,
    value: Option<&FieldValue>,
) -> Result<Vec<Stored>, &'static str> {
    let value = match value {
        None => None,
        Some(FieldValue::Text(t)) if t.trim().is_empty() => None,
        Some(FieldValue::List(l)) if l.iter().all(|t| t.trim().is_empty()) => None,
        Some(v) => Some(v),
    };
    let Some(value) = value else {
        return match def.required {
            true => Err("required"),
            false => Ok(Vec::new()),
        };
    };
    let text = |v: &FieldValue| match v {
        FieldValue::Text(t) => Some(t.trim().to_owned()),
        _ => None,
    };
    let one = |s: Stored| Ok(vec![s]);
    match def.kind {
        FieldKind::Text | FieldKind::LongText => {
            let t = text(value).ok_or("wrong_type")?;
            let max = if def.kind == FieldKind::Text {
                TEXT_MAX
            } else {
                LONG_TEXT_MAX
            };
            if t.chars().count() > max {
                return Err("too_long");
            }
            if def.kind == FieldKind::Text && t.contains('\n') {
                return Err("one_line");
            }
            one(Stored::Text(t))
        }
        FieldKind::Number => {
            let n = match value {
                FieldValue::Number(n) => *n,
                FieldValue::Text(t) => t.trim().parse::<f64>().map_err(|_| "not_a_number")?,
                _ => return Err("wrong_type"),
            };
            if !n.is_finite() {
                return Err("not_a_number");
            }
            one(Stored::Number(n))
        }
        FieldKind::Date => {
            let t = text(value).ok_or("wrong_type")?;
            let d = NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| "invalid_date")?;
            one(Stored::Date(d))
        }
        FieldKind::Checkbox => match value {
            FieldValue::Flag(b) => one(Stored::Flag(*b)),
            FieldValue::Text(t) if t == "true" => one(Stored::Flag(true)),
            FieldValue::Text(t) if t == "false" => one(Stored::Flag(false)),
            _ => Err("wrong_type"),
        },
        FieldKind::SingleSelect => {
            let key = text(value).ok_or("wrong_type")?;
            if !def.options.iter().any(|o| o.key == key) {
                return Err("unknown_option");
            }
            one(Stored::Text(key))
        }
        FieldKind::MultiSelect => {
            let keys: Vec<String> = match value {
                FieldValue::List(l) => l.iter().map(|k| k.trim().to_owned()).collect(),
                FieldValue::Text(t) => vec![t.trim().to_owned()],
                _ => return Err("wrong_type"),
            };
            let mut out: Vec<Stored> = Vec::new();
            // In the definition's order, each once.
            for option in &def.options {
                if keys.contains(&option.key) {
                    out.push(Stored::Text(option.key.clone()));
                }
            }
            if keys
                .iter()
                .any(|k| !k.is_empty() && !def.options.iter().any(|o| o.key == *k))
            {
                return Err("unknown_option");
            }
            Ok(out)
        }
        FieldKind::Link => {
            let t = text(value).ok_or("wrong_type")?;
            let ok = (t.starts_with("https://") || t.starts_with("http://"))
                && t.len() > "https://".len()
                && !t.contains(char::is_whitespace);
            if t.chars().count() > LINK_MAX {
                return Err("too_long");
            }
            if !ok {
                return Err("invalid_url");
            }
            one(Stored::Text(t))
        }
        FieldKind::Email => {
            let t = text(value).ok_or("wrong_type")?.to_lowercase();
            if t.chars().count() > model::people::EMAIL_MAX {
                return Err("too_long");
            }
            if !crate::validate::looks_like_email(&t) {
                return Err("invalid_email");
            }
            one(Stored::Text(t))
        }
        FieldKind::Phone => {
            let t = text(value).ok_or("wrong_type")?;
            if t.chars().count() > PHONE_MAX {
                return Err("too_long");
            }
            // A phone field holds a reachable number: three digits at least.
            let ok = crate::validate::looks_like_phone(&t)
                && t.chars().filter(|c| c.is_ascii_digit()).count() >= 3;
            if !ok {
                return Err("invalid_phone");
            }
            one(Stored::Text(t))
        }
    }
}

/// The stored rows of one field back as the value forms show.
pub fn shown_value(def: &FieldDef, rows: &[Stored]) -> Option<FieldValue> {
    if def.kind == FieldKind::MultiSelect {
        let keys: Vec<String> = rows
            .iter()
            .filter_map(|r| match r {
                Stored::Text(t) => Some(t.clone()),
                _ => None,
            })
            .collect();
        return (!keys.is_empty()).then_some(FieldValue::List(keys));
    }
    rows.first().map(|r| match r {
        Stored::Text(t) => FieldValue::Text(t.clone()),
        Stored::Number(n) => FieldValue::Number(*n),
        Stored::Date(d) => FieldValue::Text(d.format("%Y-%m-%d").to_string()),
        Stored::Flag(b) => FieldValue::Flag(*b),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::fields::{FieldEntity, FieldOption};

    fn def(kind: FieldKind, required: bool) -> FieldDef {
        FieldDef {
            id: 1,
            entity: FieldEntity::Customer,
            key: "f".into(),
            label: "F".into(),
            kind,
            required,
            position: 0,
            options: ["gold", "silver", "bronze"]
                .map(|k| FieldOption {
                    key: k.into(),
                    label: k.to_uppercase(),
                })
                .to_vec(),
            retired: false,
        }
    }

    fn text(t: &str) -> FieldValue {
        FieldValue::Text(t.into())
    }

    fn check(kind: FieldKind, v: FieldValue) -> Result<Vec<Stored>, &'static str> {
        stored_values(&def(kind, false), Some(&v))
    }

    #[test]
    fn empty_values_clear_unless_required() {
        for kind in FieldKind::ALL {
            assert_eq!(
                stored_values(&def(kind, false), None),
                Ok(vec![]),
                "{kind:?}"
            );
            assert_eq!(
                stored_values(&def(kind, false), Some(&text("  "))),
                Ok(vec![])
            );
            assert_eq!(
                stored_values(&def(kind, true), None),
                Err("required"),
                "{kind:?}"
            );
            assert_eq!(
                stored_values(&def(kind, true), Some(&FieldValue::List(vec![]))),
                Err("required")
            );
        }
    }

    #[test]
    fn text_and_long_text() {
        assert_eq!(
            check(FieldKind::Text, text(" Ann ")),
            Ok(vec![Stored::Text("Ann".into())])
        );
        assert_eq!(
            check(FieldKind::Text, text(&"字".repeat(TEXT_MAX + 1))),
            Err("too_long")
        );
        assert_eq!(check(FieldKind::Text, text("a\nb")), Err("one_line"));
        assert!(check(FieldKind::LongText, text("a\nb")).is_ok());
        assert_eq!(
            check(FieldKind::LongText, text(&"x".repeat(LONG_TEXT_MAX + 1))),
            Err("too_long")
        );
        assert_eq!(
            check(FieldKind::Text, FieldValue::Number(3.0)),
            Err("wrong_type")
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(
            check(FieldKind::Number, FieldValue::Number(12.5)),
            Ok(vec![Stored::Number(12.5)])
        );
        assert_eq!(
            check(FieldKind::Number, text("-3")),
            Ok(vec![Stored::Number(-3.0)])
        );
        assert_eq!(check(FieldKind::Number, text("12,5")), Err("not_a_number"));
        assert_eq!(check(FieldKind::Number, text("NaN")), Err("not_a_number"));
        assert_eq!(
            check(FieldKind::Number, FieldValue::Flag(true)),
            Err("wrong_type")
        );
    }

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(
            check(FieldKind::Date, text("2026-12-01")),
            Ok(vec![Stored::Date(d)])
        );
        assert_eq!(
            check(FieldKind::Date, text("2026-02-30")),
            Err("invalid_date")
        );
        assert_eq!(
            check(FieldKind::Date, text("01/12/2026")),
            Err("invalid_date")
        );
        assert_eq!(
            check(FieldKind::Date, FieldValue::Number(1.0)),
            Err("wrong_type")
        );
    }

    #[test]
    fn selects() {
        assert_eq!(
            check(FieldKind::SingleSelect, text("gold")),
            Ok(vec![Stored::Text("gold".into())])
        );
        assert_eq!(
            check(FieldKind::SingleSelect, text("platinum")),
            Err("unknown_option")
        );
        assert_eq!(
            check(
                FieldKind::MultiSelect,
                FieldValue::List(vec!["bronze".into(), "gold".into(), "gold".into()])
            ),
            Ok(vec![
                Stored::Text("gold".into()),
                Stored::Text("bronze".into())
            ]),
            "in the definition's order, once each"
        );
        assert_eq!(
            check(
                FieldKind::MultiSelect,
                FieldValue::List(vec!["gold".into(), "tin".into()])
            ),
            Err("unknown_option")
        );
        assert_eq!(
            check(
                FieldKind::SingleSelect,
                FieldValue::List(vec!["gold".into()])
            ),
            Err("wrong_type")
        );
    }

    #[test]
    fn checkboxes() {
        assert_eq!(
            check(FieldKind::Checkbox, FieldValue::Flag(false)),
            Ok(vec![Stored::Flag(false)])
        );
        assert_eq!(
            check(FieldKind::Checkbox, text("true")),
            Ok(vec![Stored::Flag(true)])
        );
        assert_eq!(check(FieldKind::Checkbox, text("yes")), Err("wrong_type"));
    }

    #[test]
    fn links_emails_and_phones() {
        assert!(check(FieldKind::Link, text("https://shop.example/order/1")).is_ok());
        assert_eq!(
            check(FieldKind::Link, text("javascript:alert(1)")),
            Err("invalid_url")
        );
        assert_eq!(check(FieldKind::Link, text("https://")), Err("invalid_url"));
        assert_eq!(
            check(FieldKind::Email, text("Ann@Example.COM")),
            Ok(vec![Stored::Text("ann@example.com".into())])
        );
        assert_eq!(check(FieldKind::Email, text("ann@")), Err("invalid_email"));
        assert!(check(FieldKind::Phone, text("+86 (10) 1234-5678")).is_ok());
        assert_eq!(
            check(FieldKind::Phone, text("call me")),
            Err("invalid_phone")
        );
        assert_eq!(
            check(FieldKind::Phone, text(&"1".repeat(PHONE_MAX + 1))),
            Err("too_long")
        );
    }

    #[test]
    fn stored_rows_read_back_as_they_were_given() {
        for (kind, v) in [
            (FieldKind::Text, text("Ann")),
            (FieldKind::Number, FieldValue::Number(2.5)),
            (FieldKind::Date, text("2026-12-01")),
            (FieldKind::Checkbox, FieldValue::Flag(true)),
            (FieldKind::SingleSelect, text("silver")),
            (
                FieldKind::MultiSelect,
                FieldValue::List(vec!["gold".into(), "bronze".into()]),
            ),
        ] {
            let d = def(kind, false);
            let rows = stored_values(&d, Some(&v)).unwrap();
            assert_eq!(shown_value(&d, &rows), Some(v), "{kind:?}");
        }
    }
}
