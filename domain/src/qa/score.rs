//! A QA review's score (M4), as the issue defines it: a category scores
//! `(chosen − min) / (max − min) × 100`; the review `Σ(score × weight) /
//! Σ weight` over the categories rated (not N/A); a critical category
//! below half fails the whole review, which then counts as 0. Pure, with
//! every rule checked on hand-built scorecards.

use model::qa::{QaCategory, QaResult, QaScore};
use model::FieldError;

/// One category's points on 0–100.
pub fn category_score(category: &QaCategory, points: i32) -> f64 {
    let (min, max) = category.scale.range();
    f64::from(points - min) / f64::from(max - min) * 100.0
}

/// The review's result, or the field errors of its scores: every category
/// scored once, within its scale, N/A only where allowed, at least one
/// rated. Fields are `scores.<category id>`.
pub fn review_result(
    categories: &[QaCategory],
    scores: &[QaScore],
) -> Result<QaResult, Vec<FieldError>> {
    let mut errors = vec![];
    let field = |id: i32| format!("scores.{id}");
    for s in scores {
        if !categories.iter().any(|c| c.id == s.category_id) {
            errors.push(FieldError::new(&field(s.category_id), "unknown"));
        }
    }
    let (mut weighted, mut weights, mut failed) = (0.0, 0i64, false);
    for c in categories {
        let mine: Vec<&QaScore> = scores.iter().filter(|s| s.category_id == c.id).collect();
        let Some(s) = mine.first() else {
            errors.push(FieldError::new(&field(c.id), "required"));
            continue;
        };
        if mine.len() > 1 {
            errors.push(FieldError::new(&field(c.id), "duplicate"));
            continue;
        }
        match s.points {
            None if c.na_allowed => {}
            None => errors.push(FieldError::new(&field(c.id), "na_not_allowed")),
            Some(p) => {
                let (min, max) = c.scale.range();
                if !(min..=max).contains(&p) {
                    errors.push(FieldError::new(&field(c.id), "out_of_range"));
                    continue;
                }
                let score = category_score(c, p);
                weighted += score * f64::from(c.weight);
                weights += i64::from(c.weight);
                failed |= c.critical && score < 50.0;
            }
        }
    }
    if errors.is_empty() && weights == 0 {
        errors.push(FieldError::new("scores", "all_na"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let raw = weighted / weights as f64;
    Ok(QaResult {
        score: if failed { 0.0 } else { raw },
        raw,
        failed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::qa::QaScale;

    fn cat(id: i32, scale: QaScale, weight: i32, critical: bool, na_allowed: bool) -> QaCategory {
        QaCategory {
            id,
            name: format!("c{id}"),
            scale,
            weight,
            critical,
            na_allowed,
        }
    }

    fn score(category_id: i32, points: Option<i32>) -> QaScore {
        QaScore {
            category_id,
            points,
            comment: String::new(),
        }
    }

    fn codes(e: Vec<FieldError>) -> Vec<(String, String)> {
        e.into_iter().map(|f| (f.field, f.code)).collect()
    }

    #[test]
    fn categories_score_on_their_scale() {
        let five = cat(1, QaScale::Five, 1, false, false);
        assert_eq!(category_score(&five, 1), 0.0);
        assert_eq!(category_score(&five, 4), 75.0);
        assert_eq!(
            category_score(&cat(2, QaScale::YesNo, 1, false, false), 1),
            100.0
        );
        assert_eq!(
            category_score(&cat(3, QaScale::Three, 1, false, false), 2),
            50.0
        );
        let four = cat(4, QaScale::Four, 1, false, false);
        assert!((category_score(&four, 2) - 100.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn weights_count_and_na_categories_drop_out() {
        let card = [
            cat(1, QaScale::Five, 3, false, false),
            cat(2, QaScale::YesNo, 1, false, true),
            cat(3, QaScale::Three, 2, false, true),
        ];
        // 75 × 3 + 0 × 1 + 100 × 2 = 425 over 6.
        let r = review_result(
            &card,
            &[score(1, Some(4)), score(2, Some(0)), score(3, Some(3))],
        )
        .unwrap();
        assert!((r.score - 425.0 / 6.0).abs() < 1e-9);
        assert!(!r.failed);
        // N/A on 2: (75 × 3 + 100 × 2) / 5 = 85.
        let r = review_result(
            &card,
            &[score(1, Some(4)), score(2, None), score(3, Some(3))],
        )
        .unwrap();
        assert_eq!(r.score, 85.0);
    }

    #[test]
    fn a_critical_category_below_half_fails_the_review() {
        let card = [
            cat(1, QaScale::Five, 1, true, false),
            cat(2, QaScale::Five, 9, false, false),
        ];
        // Critical at 2 of 5 (25): failed, though the rest is perfect.
        let r = review_result(&card, &[score(1, Some(2)), score(2, Some(5))]).unwrap();
        assert!(r.failed);
        assert_eq!(r.score, 0.0);
        assert_eq!(r.raw, (25.0 + 900.0) / 10.0);
        // Exactly half passes.
        let r = review_result(&card, &[score(1, Some(3)), score(2, Some(5))]).unwrap();
        assert!(!r.failed);
        assert_eq!(r.score, 95.0);
        // A critical yes/no answered no fails.
        let yes_no = [cat(1, QaScale::YesNo, 1, true, false)];
        assert!(review_result(&yes_no, &[score(1, Some(0))]).unwrap().failed);
    }

    #[test]
    fn bad_scores_are_field_errors() {
        let card = [
            cat(1, QaScale::Three, 1, false, false),
            cat(2, QaScale::Three, 1, false, true),
        ];
        let e = review_result(
            &card,
            &[score(1, None), score(2, Some(4)), score(9, Some(1))],
        )
        .unwrap_err();
        assert_eq!(
            codes(e),
            vec![
                ("scores.9".into(), "unknown".into()),
                ("scores.1".into(), "na_not_allowed".into()),
                ("scores.2".into(), "out_of_range".into()),
            ]
        );
        let e = review_result(&card, &[score(2, Some(1))]).unwrap_err();
        assert_eq!(codes(e), vec![("scores.1".into(), "required".into())]);
        let only_na = [cat(1, QaScale::Three, 1, false, true)];
        let e = review_result(&only_na, &[score(1, None)]).unwrap_err();
        assert_eq!(codes(e), vec![("scores".into(), "all_na".into())]);
        let e = review_result(
            &card,
            &[score(1, Some(1)), score(1, Some(2)), score(2, None)],
        )
        .unwrap_err();
        assert_eq!(codes(e), vec![("scores.1".into(), "duplicate".into())]);
    }
}
