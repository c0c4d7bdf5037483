//! Choosing points on a scorecard: one fieldset per category with its
//! scale as radio buttons (and N/A where allowed) and a comment. Used to
//! score a conversation and to re-score one when accepting a dispute.

use leptos::prelude::*;
use model::qa::{QaCategory, QaScale, QaScore};
use model::AppError;

use super::review_card::scale_text;
use crate::i18n::{use_i18n, I18n};
use crate::ui::common::field_error;

/// What the reviewer chose for one category: `""` nothing yet, `"na"`,
/// or the points.
#[derive(Clone, Copy)]
pub struct ScoreEntry {
    pub category: StoredValue<QaCategory>,
    pub points: RwSignal<String>,
    pub comment: RwSignal<String>,
}

/// Entries for the categories, starting from earlier scores if any.
pub fn entries(categories: &[QaCategory], earlier: &[QaScore]) -> Vec<ScoreEntry> {
    categories
        .iter()
        .map(|c| {
            let old = earlier.iter().find(|s| s.category_id == c.id);
            let points = match old {
                Some(QaScore { points: None, .. }) => "na".to_owned(),
                Some(QaScore {
                    points: Some(p), ..
                }) => p.to_string(),
                None => String::new(),
            };
            ScoreEntry {
                category: StoredValue::new(c.clone()),
                points: RwSignal::new(points),
                comment: RwSignal::new(old.map(|s| s.comment.clone()).unwrap_or_default()),
            }
        })
        .collect()
}

/// A choice as sent: `None` for nothing chosen (the server then says the
/// category is required), `Some(None)` for N/A, `Some(Some(p))` points.
pub fn parse_points(chosen: &str) -> Option<Option<i32>> {
    match chosen {
        "" => None,
        "na" => Some(None),
        p => p.parse().ok().map(Some),
    }
}

/// The scores to send; categories with nothing chosen are left out.
pub fn scores(entries: &[ScoreEntry]) -> Vec<QaScore> {
    entries
        .iter()
        .filter_map(|e| {
            let points = parse_points(&e.points.get_untracked())?;
            Some(QaScore {
                category_id: e.category.with_value(|c| c.id),
                points,
                comment: e.comment.get_untracked().trim().to_owned(),
            })
        })
        .collect()
}

/// The choices a scale offers, as (value, label), best first.
pub fn choices(category: &QaCategory, i18n: I18n) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = match category.scale {
        QaScale::YesNo => vec![
            ("1".into(), i18n.t(text!(qa.yes)).into()),
            ("0".into(), i18n.t(text!(qa.no)).into()),
        ],
        scale => {
            let (min, max) = scale.range();
            (min..=max)
                .rev()
                .map(|p| (p.to_string(), p.to_string()))
                .collect()
        }
    };
    if category.na_allowed {
        out.push(("na".into(), i18n.t(text!(qa.na)).into()));
    }
    out
}

#[component]
pub fn ScoreFields(
    entries: Vec<ScoreEntry>,
    /// The last submit's result, for each category's error.
    #[prop(into)]
    result: Signal<Option<Result<(), AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    entries
        .into_iter()
        .map(|e| {
            let c = e.category.get_value();
            let error = field_error(move || result.get(), format!("scores.{}", c.id));
            let error_id = format!("qa-points-{}-error", c.id);
            let described = error_id.clone();
            let group = format!("qa-points-{}", c.id);
            let radios = choices(&c, i18n)
                .into_iter()
                .map(|(value, label)| {
                    let id = format!("{group}-{value}");
                    let (is, for_id) = (value.clone(), id.clone());
                    view! {
                        <label class="qa-choice" for=for_id>
                            <input id=id type="radio" name=group.clone() value=value.clone()
                                prop:checked=move || e.points.get() == is
                                on:change=move |_| e.points.set(value.clone())/>
                            <span>{label}</span>
                        </label>
                    }
                })
                .collect_view();
            let name = c.name.clone();
            let (scale, weight) = (c.scale, c.weight);
            let comment_label = format!("{} · {}", i18n.t(text!(qa.comment)), c.name);
            view! {
                <fieldset class="qa-category" class:has-error=move || error.get().is_some()
                    aria-describedby=described>
                    <legend>
                        <span class="strong">{name}</span>
                        <span class="muted small">{move || format!(" · {} · {} {weight}",
                            i18n.t(scale_text(scale)), i18n.t(text!(qa.weight)))}</span>
                        {c.critical.then(|| view! { <span class="badge badge-warn qa-critical">{move || i18n.t(text!(qa.critical))}</span> })}
                    </legend>
                    <div class="qa-choices">{radios}</div>
                    <input class="input" type="text" aria-label=comment_label placeholder=move || i18n.t(text!(qa.comment))
                        prop:value=move || e.comment.get() on:input=move |ev| e.comment.set(event_target_value(&ev))/>
                    <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
                </fieldset>
            }
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_sent_as_points_na_or_left_out() {
        assert_eq!(parse_points(""), None);
        assert_eq!(parse_points("na"), Some(None));
        assert_eq!(parse_points("4"), Some(Some(4)));
        assert_eq!(parse_points("0"), Some(Some(0)));
        assert_eq!(parse_points("x"), None);
    }
}
