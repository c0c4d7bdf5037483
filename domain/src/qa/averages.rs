//! Agents' QA averages over a period (M4, and the agent work report's
//! column): the mean of their reviews' scores, a failed review counting
//! as 0. Pure over `(agent, score, failed)`.

use std::collections::BTreeMap;

/// Per agent: `(mean score, reviews, failed reviews)`.
pub fn by_agent(rows: &[(i32, f64, bool)]) -> BTreeMap<i32, (f64, i64, i64)> {
    let mut sums: BTreeMap<i32, (f64, i64, i64)> = BTreeMap::new();
    for &(agent, score, failed) in rows {
        let e = sums.entry(agent).or_default();
        e.0 += score;
        e.1 += 1;
        e.2 += i64::from(failed);
    }
    for e in sums.values_mut() {
        e.0 /= e.1 as f64;
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_review_counts_as_zero_in_the_mean() {
        // A failed review's stored score is 0 (score::review_result).
        let rows = [(1, 90.0, false), (1, 0.0, true), (2, 75.0, false)];
        let avg = by_agent(&rows);
        assert_eq!(avg[&1], (45.0, 2, 1));
        assert_eq!(avg[&2], (75.0, 1, 0));
        assert!(by_agent(&[]).is_empty());
    }
}
