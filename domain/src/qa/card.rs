//! A scorecard's checks and its categories' ids (M4), pure. Ids are stable
//! within a card so a category keeps its meaning when the card is edited:
//! a saved category sends its id, a new one 0 and gets the next free one.

use model::qa::{QaCategory, CATEGORIES_MAX, NAME_MAX, WEIGHT_MAX};

use crate::validate::Check;

/// Fields are `categories`, `categories.<index>.name` and
/// `categories.<index>.weight`; `old` are the card's saved categories.
pub fn check_categories(old: &[QaCategory], new: &[QaCategory], check: &mut Check) {
    if new.is_empty() {
        check.fail("categories", "required");
    }
    if new.len() > CATEGORIES_MAX {
        check.fail("categories", "too_many");
    }
    for (i, c) in new.iter().enumerate() {
        let name = format!("categories.{i}.name");
        let trimmed = check.required_text(&name, &c.name, NAME_MAX);
        if new[..i]
            .iter()
            .any(|o| o.name.trim().eq_ignore_ascii_case(&trimmed))
        {
            check.fail(&name, "duplicate");
        }
        let weight = format!("categories.{i}.weight");
        check.range(&weight, i64::from(c.weight), 1, i64::from(WEIGHT_MAX));
        let known = c.id == 0 || old.iter().any(|o| o.id == c.id);
        if !known || (c.id != 0 && new[..i].iter().any(|o| o.id == c.id)) {
            check.fail("categories", "unknown_category");
        }
    }
}

/// The categories to store: names trimmed, new ones numbered after every
/// id the card has had (so an id removed is not given to another).
pub fn with_ids(old: &[QaCategory], new: Vec<QaCategory>) -> Vec<QaCategory> {
    let mut next = old
        .iter()
        .chain(new.iter())
        .map(|c| c.id)
        .max()
        .unwrap_or(0);
    new.into_iter()
        .map(|mut c| {
            if c.id == 0 {
                next += 1;
                c.id = next;
            }
            c.name = c.name.trim().to_owned();
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::qa::QaScale;

    fn cat(id: i32, name: &str, weight: i32) -> QaCategory {
        QaCategory {
            id,
            name: name.into(),
            scale: QaScale::Five,
            weight,
            critical: false,
            na_allowed: false,
        }
    }

    fn errors(old: &[QaCategory], new: &[QaCategory]) -> Vec<(String, String)> {
        let mut check = Check::new();
        check_categories(old, new, &mut check);
        match check.finish() {
            Ok(()) => vec![],
            Err(crate::Error::Invalid(e)) => e.into_iter().map(|f| (f.field, f.code)).collect(),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn categories_are_checked_by_place() {
        assert_eq!(
            errors(&[], &[]),
            vec![("categories".into(), "required".into())]
        );
        assert_eq!(
            errors(&[], &[cat(0, "Greeting", 1), cat(0, " greeting ", 0)]),
            vec![
                ("categories.1.name".into(), "duplicate".into()),
                ("categories.1.weight".into(), "too_small".into()),
            ]
        );
        assert_eq!(
            errors(&[], &[cat(0, "", 101)]),
            vec![
                ("categories.0.name".into(), "required".into()),
                ("categories.0.weight".into(), "too_large".into()),
            ]
        );
        // An id the card never had is refused; a saved one is kept.
        assert_eq!(
            errors(&[cat(1, "A", 1)], &[cat(7, "B", 1)]),
            vec![("categories".into(), "unknown_category".into())]
        );
        assert!(errors(&[cat(1, "A", 1)], &[cat(1, "A2", 3), cat(0, "B", 1)]).is_empty());
    }

    #[test]
    fn new_categories_never_reuse_an_id() {
        let old = [cat(1, "A", 1), cat(2, "B", 1), cat(3, "C", 1)];
        // C (3) removed, two new ones: 4 and 5, not 3.
        let saved = with_ids(&old, vec![cat(2, " B ", 1), cat(0, "D", 1), cat(0, "E", 1)]);
        let ids: Vec<i32> = saved.iter().map(|c| c.id).collect();
        assert_eq!(ids, vec![2, 4, 5]);
        assert_eq!(saved[0].name, "B");
        assert_eq!(
            with_ids(&[], vec![cat(0, "A", 1), cat(0, "B", 1)])
                .iter()
                .map(|c| c.id)
                .collect::<Vec<_>>(),
            vec![1, 2]
        );
    }
}
