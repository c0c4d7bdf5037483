//! The customer tag analysis (M5): conversations and satisfaction by the
//! tags their customers carry, and the busiest tags over time. A
//! conversation counts under every tag its customer has when the report
//! is read, and once under "no tag" when the customer has none (or the
//! conversation has no customer). Pure assembly over the facts.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use model::reports::{Grouping, TagRow, TagSeries};

use super::period::{bucket, bucket_key};
use super::summary::summarize;
use crate::entities::conversation_fact::Model as Fact;

/// How many tags the over-time chart follows.
pub const TOP_TAGS: usize = 5;

/// A tag as the report shows it: id, name, colour.
pub type TagFace = (i32, String, String);

/// Rows of a long range are weeks, of a short one days.
pub fn grouping_for(from: NaiveDate, to: NaiveDate) -> Grouping {
    if (to - from).num_days() < 31 {
        Grouping::Day
    } else {
        Grouping::Week
    }
}

/// The tags of each conversation's customer.
fn tags_of<'a>(f: &Fact, customer_tags: &'a HashMap<i64, Vec<i32>>) -> &'a [i32] {
    f.customer_id
        .and_then(|c| customer_tags.get(&c))
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// One row per tag with conversations, busiest first (then by name), and
/// the summary of the conversations whose customer has no tag.
pub fn tag_rows(
    tags: &[TagFace],
    facts: &[Fact],
    customer_tags: &HashMap<i64, Vec<i32>>,
) -> (Vec<TagRow>, model::reports::Summary) {
    let mut by: HashMap<i32, Vec<&Fact>> = HashMap::new();
    let mut untagged = vec![];
    for f in facts {
        let mine = tags_of(f, customer_tags);
        if mine.is_empty() {
            untagged.push(f);
        }
        for t in mine.iter().collect::<HashSet<_>>() {
            by.entry(*t).or_default().push(f);
        }
    }
    let mut rows: Vec<TagRow> = tags
        .iter()
        .filter_map(|(id, name, color)| {
            let facts = by.get(id)?;
            let customers: HashSet<i64> = facts.iter().filter_map(|f| f.customer_id).collect();
            Some(TagRow {
                tag_id: *id,
                name: name.clone(),
                color: color.clone(),
                customers: customers.len() as i64,
                summary: summarize(facts.iter().copied()),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        b.summary
            .started
            .cmp(&a.summary.started)
            .then_with(|| a.name.cmp(&b.name))
    });
    (rows, summarize(untagged))
}

/// The conversations of each of the top rows' tags in each bucket.
pub fn tag_series(
    tz: Tz,
    grouping: Grouping,
    buckets: &[NaiveDateTime],
    top: &[TagRow],
    facts: &[Fact],
    customer_tags: &HashMap<i64, Vec<i32>>,
) -> Vec<TagSeries> {
    let index: HashMap<NaiveDateTime, usize> =
        buckets.iter().enumerate().map(|(i, b)| (*b, i)).collect();
    let mut counts: HashMap<i32, Vec<i64>> = top
        .iter()
        .map(|r| (r.tag_id, vec![0; buckets.len()]))
        .collect();
    for f in facts {
        let Some(&i) = index.get(&bucket(tz, grouping, f.started_at)) else {
            continue;
        };
        for t in tags_of(f, customer_tags).iter().collect::<HashSet<_>>() {
            if let Some(c) = counts.get_mut(t) {
                c[i] += 1;
            }
        }
    }
    top.iter()
        .map(|r| TagSeries {
            tag_id: r.tag_id,
            name: r.name.clone(),
            color: r.color.clone(),
            counts: counts.remove(&r.tag_id).unwrap_or_default(),
        })
        .collect()
}

/// The buckets' keys, as the chart labels them.
pub fn bucket_keys(grouping: Grouping, buckets: &[NaiveDateTime]) -> Vec<String> {
    buckets.iter().map(|b| bucket_key(grouping, *b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::period::{buckets, zone};
    use chrono::{TimeZone, Utc};

    fn fact(id: i64, day: u32, customer: Option<i64>, rating: Option<f64>) -> Fact {
        Fact {
            started_at: Utc.with_ymd_and_hms(2026, 3, day, 2, 0, 0).unwrap(),
            customer_id: customer,
            answered: true,
            satisfaction: rating,
            rating_level: rating.map(|_| 1),
            ..crate::reports::summary::tests::fact(id)
        }
    }

    fn tags() -> Vec<TagFace> {
        vec![
            (1, "VIP".into(), "#f00".into()),
            (2, "New".into(), "#0f0".into()),
            (3, "Unused".into(), "#00f".into()),
        ]
    }

    #[test]
    fn a_conversation_counts_under_each_tag_of_its_customer() {
        let customer_tags = HashMap::from([(10, vec![1, 2]), (11, vec![2]), (12, vec![])]);
        let facts = [
            fact(1, 2, Some(10), Some(100.0)),
            fact(2, 2, Some(11), Some(50.0)),
            fact(3, 3, Some(11), None),
            fact(4, 3, Some(12), None),
            fact(5, 3, None, None),
        ];
        let (rows, untagged) = tag_rows(&tags(), &facts, &customer_tags);
        let seen: Vec<(&str, i64, i64)> = rows
            .iter()
            .map(|r| (r.name.as_str(), r.summary.started, r.customers))
            .collect();
        // Busiest first; a tag without conversations has no row.
        assert_eq!(seen, vec![("New", 3, 2), ("VIP", 1, 1)]);
        assert_eq!(rows[0].summary.satisfaction, Some(75.0));
        assert_eq!(rows[1].summary.satisfaction, Some(100.0));
        assert_eq!(untagged.started, 2, "a customer without tags, and none");
    }

    #[test]
    fn the_top_tags_are_counted_per_local_day() {
        let tz = zone("Asia/Shanghai");
        let from = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let to = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        assert_eq!(grouping_for(from, to), Grouping::Day);
        assert_eq!(
            grouping_for(from, NaiveDate::from_ymd_opt(2026, 4, 30).unwrap()),
            Grouping::Week
        );
        let customer_tags = HashMap::from([(10, vec![1, 2]), (11, vec![2])]);
        let facts = [
            fact(1, 2, Some(10), None),
            fact(2, 2, Some(11), None),
            fact(3, 4, Some(11), None),
        ];
        let (rows, _) = tag_rows(&tags(), &facts, &customer_tags);
        let b = buckets(tz, Grouping::Day, from, to);
        let series = tag_series(tz, Grouping::Day, &b, &rows, &facts, &customer_tags);
        assert_eq!(
            bucket_keys(Grouping::Day, &b),
            ["2026-03-02", "2026-03-03", "2026-03-04"]
        );
        assert_eq!(series[0].name, "New");
        assert_eq!(series[0].counts, vec![2, 0, 1]);
        assert_eq!(series[1].counts, vec![1, 0, 0]);
    }
}
