//! Console → Quality → Scorecards: what conversations are scored on. Each
//! category has a scale, a weight, and may be critical (below half fails
//! the review) or allow N/A. A retired scorecard is no longer offered, and
//! its reviews stay as they were scored.

use leptos::prelude::*;
use leptos_meta::Title;
use model::qa::{QaCategory, QaScale, QaScorecard, QaScorecardInput};
use model::AppError;

use super::super::PageHeader;
use super::review_card::scale_text;
use super::QaTabs;
use crate::api::qa::{list_qa_scorecards, save_qa_scorecard, set_qa_scorecard_retired};
use crate::i18n::{use_i18n, Text};
use crate::ui::common::{error_message, field_error, use_toasts, LoadError, Loading, TextField};

#[component]
pub fn QaScorecardsPage() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let version = RwSignal::new(0u32);
    let list = Resource::new(move || version.get(), |_| list_qa_scorecards());
    let editing = RwSignal::new(None::<QaScorecard>);
    let retire = Action::new(|(id, retired): &(i32, bool)| set_qa_scorecard_retired(*id, *retired));
    Effect::new(move |_| match retire.value().get() {
        Some(Ok(_)) => {
            toasts.success(i18n.t(text!(staff.saved)));
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let on_saved = Callback::new(move |()| {
        editing.set(None);
        version.update(|v| *v += 1);
    });
    view! {
        <Title text=move || format!("{} · {} · Switchboard", i18n.t(text!(qa.tab_scorecards)), i18n.t(text!(qa.title)))/>
        <PageHeader title=text!(qa.title)/>
        <QaTabs/>
        <p class="muted">{move || i18n.t(text!(qa.scorecards_intro))}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(cards) if cards.is_empty() => view! {
                        <p class="muted" role="status">{move || i18n.t(text!(qa.no_scorecards))}</p>
                    }.into_any(),
                    Ok(cards) => view! {
                        <ul class="plain-list tag-admin" aria-label=move || i18n.t(text!(qa.tab_scorecards))>
                            {cards.into_iter().map(|c| {
                                let (id, retired, edit) = (c.id, c.retired, c.clone());
                                let edit_label = format!("{} {}", i18n.t(text!(console.edit)), c.name);
                                let retire_label = format!("{} {}", i18n.t(if retired { text!(qa.restore) } else { text!(qa.retire) }), c.name);
                                let count = c.categories.len();
                                view! {
                                    <li>
                                        <span>
                                            <span class="strong">{c.name.clone()}</span>
                                            <span class="muted small">{move || format!(" · {count} {}", i18n.t(text!(qa.categories)))}</span>
                                            {retired.then(|| view! { <span class="badge badge-off qa-critical">{move || i18n.t(text!(qa.retired))}</span> })}
                                        </span>
                                        <span class="actions">
                                            <button class="button small" type="button" aria-label=edit_label
                                                on:click=move |_| editing.set(Some(edit.clone()))>{move || i18n.t(text!(console.edit))}</button>
                                            <button class="button small" type="button" aria-label=retire_label
                                                on:click=move |_| { retire.dispatch((id, !retired)); }>
                                                {move || i18n.t(if retired { text!(qa.restore) } else { text!(qa.retire) })}</button>
                                        </span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Transition>
        {move || view! { <ScorecardForm card=editing.get() on_saved/> }}
    }
}

/// One category row as typed.
#[derive(Clone, Copy)]
struct CategoryRow {
    id: i32,
    name: RwSignal<String>,
    scale: RwSignal<String>,
    weight: RwSignal<String>,
    critical: RwSignal<bool>,
    na_allowed: RwSignal<bool>,
}

const SCALES: [QaScale; 4] = [QaScale::YesNo, QaScale::Three, QaScale::Four, QaScale::Five];

fn scale_key(scale: QaScale) -> &'static str {
    match scale {
        QaScale::YesNo => "yes_no",
        QaScale::Three => "three",
        QaScale::Four => "four",
        QaScale::Five => "five",
    }
}

fn scale_of(key: &str) -> QaScale {
    SCALES
        .into_iter()
        .find(|s| scale_key(*s) == key)
        .unwrap_or_default()
}

impl CategoryRow {
    fn new(c: &QaCategory) -> Self {
        Self {
            id: c.id,
            name: RwSignal::new(c.name.clone()),
            scale: RwSignal::new(scale_key(c.scale).into()),
            weight: RwSignal::new(c.weight.to_string()),
            critical: RwSignal::new(c.critical),
            na_allowed: RwSignal::new(c.na_allowed),
        }
    }

    fn blank() -> Self {
        Self::new(&QaCategory {
            weight: 1,
            ..Default::default()
        })
    }

    /// As sent; a weight that is not a number goes as 0, which the server
    /// refuses with the field's error.
    fn category(&self) -> QaCategory {
        QaCategory {
            id: self.id,
            name: self.name.get_untracked().trim().to_owned(),
            scale: scale_of(&self.scale.get_untracked()),
            weight: self.weight.get_untracked().trim().parse().unwrap_or(0),
            critical: self.critical.get_untracked(),
            na_allowed: self.na_allowed.get_untracked(),
        }
    }
}

#[component]
fn ScorecardForm(card: Option<QaScorecard>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = card.as_ref().map(|c| c.id);
    let name = RwSignal::new(card.as_ref().map(|c| c.name.clone()).unwrap_or_default());
    let rows = RwSignal::new(match &card {
        Some(c) => c.categories.iter().map(CategoryRow::new).collect(),
        None => vec![CategoryRow::blank()],
    });
    let save = Action::new(move |input: &QaScorecardInput| {
        let input = input.clone();
        async move { save_qa_scorecard(id, input).await }
    });
    let result = move || save.value().get();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.success(i18n.t(text!(staff.saved)));
            on_saved.run(());
        }
        Some(Err(AppError::Invalid { .. })) | None => {}
        Some(Err(e)) => toasts.error(error_message(&e)),
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(QaScorecardInput {
            name: name.get_untracked().trim().to_owned(),
            categories: rows
                .get_untracked()
                .iter()
                .map(CategoryRow::category)
                .collect(),
        });
    };
    let heading: Text = if id.is_some() {
        text!(qa.edit_scorecard)
    } else {
        text!(qa.new_scorecard)
    };
    let category_rows = move || {
        rows.get()
            .into_iter()
            .enumerate()
            .map(|(i, row)| view! { <CategoryFields i row rows result=Signal::derive(move || result().map(|r| r.map(|_| ())))/> })
            .collect_view()
    };
    view! {
        <section class="card" aria-labelledby="qa-card-form-h">
            <h2 id="qa-card-form-h">{move || i18n.t(heading)}</h2>
            <form class="form" on:submit=submit novalidate>
                <TextField id="qa-card-name" label=Signal::derive(move || i18n.t(text!(qa.scorecard_name))) value=name required=true
                    error=field_error(result, "name")/>
                <h3>{move || i18n.t(text!(qa.categories))}</h3>
                {category_rows}
                <p class="field-error" role="alert">{move || field_error(result, "categories").get()}</p>
                <div class="form-actions">
                    <button class="button" type="button" on:click=move |_| rows.update(|r| r.push(CategoryRow::blank()))>
                        {move || i18n.t(text!(qa.add_category))}</button>
                    <button class="button primary" type="submit" disabled=move || save.pending().get()>{move || i18n.t(text!(staff.save))}</button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn CategoryFields(
    i: usize,
    row: CategoryRow,
    rows: RwSignal<Vec<CategoryRow>>,
    result: Signal<Option<Result<(), AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let n = i + 1;
    let named = move |t: Text| format!("{} {n}", i18n.t(t));
    let name_error = field_error(move || result.get(), format!("categories.{i}.name"));
    let weight_error = field_error(move || result.get(), format!("categories.{i}.weight"));
    let remove = move |_| {
        rows.update(|r| {
            r.remove(i);
        })
    };
    view! {
        <div class="qa-category-row" role="group" aria-label=named(text!(qa.category))>
            <div class="field" class:has-error=move || name_error.get().is_some()>
                <label for=format!("qa-cat-{i}-name")>{named(text!(qa.category_name))}</label>
                <input id=format!("qa-cat-{i}-name") type="text" prop:value=move || row.name.get()
                    on:input=move |ev| row.name.set(event_target_value(&ev))/>
                <p class="field-error" role="alert">{move || name_error.get()}</p>
            </div>
            <div class="field">
                <label for=format!("qa-cat-{i}-scale")>{named(text!(qa.scale))}</label>
                <select id=format!("qa-cat-{i}-scale") on:change=move |ev| row.scale.set(event_target_value(&ev))>
                    {SCALES.into_iter().map(|s| {
                        let key = scale_key(s);
                        view! { <option value=key selected=move || row.scale.get() == key>{move || i18n.t(scale_text(s))}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field" class:has-error=move || weight_error.get().is_some()>
                <label for=format!("qa-cat-{i}-weight")>{named(text!(qa.weight))}</label>
                <input id=format!("qa-cat-{i}-weight") type="number" min="1" max="100" prop:value=move || row.weight.get()
                    on:input=move |ev| row.weight.set(event_target_value(&ev))/>
                <p class="field-error" role="alert">{move || weight_error.get()}</p>
            </div>
            <div class="check">
                <input id=format!("qa-cat-{i}-critical") type="checkbox" bind:checked=row.critical/>
                <label for=format!("qa-cat-{i}-critical")>{named(text!(qa.critical))}</label>
            </div>
            <div class="check">
                <input id=format!("qa-cat-{i}-na") type="checkbox" bind:checked=row.na_allowed/>
                <label for=format!("qa-cat-{i}-na")>{named(text!(qa.na_allowed))}</label>
            </div>
            <button class="button small danger" type="button" aria-label=named(text!(qa.remove_category)) on:click=remove>
                {move || i18n.t(text!(console.delete))}</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_round_trip_through_their_keys() {
        for s in SCALES {
            assert_eq!(scale_of(scale_key(s)), s);
        }
        assert_eq!(scale_of("bogus"), QaScale::YesNo);
    }
}
