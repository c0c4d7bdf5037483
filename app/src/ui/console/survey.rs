//! Console → Automation → Satisfaction survey (R5): the levels and
//! comment box, and the latest ratings.

use leptos::prelude::*;
use leptos_meta::Title;
use model::automation::{Rating, SurveyPage, SurveySettings, SURVEY_LEVELS_MAX, SURVEY_LEVELS_MIN};

use super::settings_form::{toast_result, SaveButton};
use super::PageHeader;
use crate::api::survey::{load_survey, save_survey};
use crate::i18n::{use_i18n, Text};
use crate::ui::common::{field_error, CheckboxField, LoadError, Loading};

#[component]
pub fn SurveyAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_survey());
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.survey.title)))/>
        <PageHeader title=text!(console.survey.title)/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(SurveyPage { settings, ratings }) => view! {
                        <SurveyForm settings/>
                        <RatingsTable ratings/>
                    }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SurveyForm(settings: SurveySettings) -> impl IntoView {
    let i18n = use_i18n();
    let enabled = RwSignal::new(settings.enabled);
    let comment = RwSignal::new(settings.comment);
    let ask_on_end = RwSignal::new(settings.ask_on_end);
    // Five slots; the first `count` are used.
    let count = RwSignal::new(
        settings
            .levels
            .len()
            .clamp(SURVEY_LEVELS_MIN, SURVEY_LEVELS_MAX),
    );
    let levels: Vec<RwSignal<String>> = (0..SURVEY_LEVELS_MAX)
        .map(|i| RwSignal::new(settings.levels.get(i).cloned().unwrap_or_default()))
        .collect();
    let save = Action::new(|input: &SurveySettings| {
        let input = input.clone();
        async move { save_survey(input).await }
    });
    toast_result(save);
    let result = move || save.value().get();
    let submit = {
        let levels = levels.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            save.dispatch(SurveySettings {
                enabled: enabled.get_untracked(),
                levels: levels
                    .iter()
                    .take(count.get_untracked())
                    .map(|l| l.get_untracked())
                    .collect(),
                comment: comment.get_untracked(),
                ask_on_end: ask_on_end.get_untracked(),
            });
        }
    };
    let owned = move |key: Text| Signal::derive(move || i18n.t(key).to_owned());
    const FIELDS: [&str; SURVEY_LEVELS_MAX] =
        ["levels.0", "levels.1", "levels.2", "levels.3", "levels.4"];
    view! {
        <form class="form card" on:submit=submit novalidate aria-labelledby="survey-h">
            <h2 id="survey-h">{move || i18n.t(text!(console.survey.settings))}</h2>
            <CheckboxField id="survey-on" label=owned(text!(console.survey.enabled)) checked=enabled/>
            <CheckboxField id="survey-on-end" label=owned(text!(console.survey.ask_on_end)) checked=ask_on_end/>
            <CheckboxField id="survey-comment" label=owned(text!(console.survey.comment)) checked=comment/>
            <div class="field">
                <label for="survey-count">{move || i18n.t(text!(console.survey.level_count))}</label>
                <select id="survey-count" on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse::<usize>() { count.set(n.clamp(SURVEY_LEVELS_MIN, SURVEY_LEVELS_MAX)); }
                }>
                    {(SURVEY_LEVELS_MIN..=SURVEY_LEVELS_MAX).map(|n| view! {
                        <option value=n.to_string() selected=move || count.get() == n>{n}</option>
                    }).collect_view()}
                </select>
                <p class="field-error" role="alert">{move || field_error(result, "levels").get()}</p>
            </div>
            <ol class="level-list">
                {levels.iter().enumerate().map(|(i, value)| {
                    let value = *value;
                    let error = field_error(result, FIELDS[i]);
                    let id = format!("survey-level-{}", i + 1);
                    view! {
                        <Show when=move || i < count.get()>
                            <li class="field" class:has-error=move || error.get().is_some()>
                                <label for=id.clone()>{move || leptos_i18n::td_string!(i18n.staff(), console.survey.level, n = i + 1)}</label>
                                <input id=id.clone() type="text" bind:value=value aria-invalid=move || error.get().is_some().to_string()/>
                                <p class="field-error" role="alert">{move || error.get()}</p>
                            </li>
                        </Show>
                    }
                }).collect_view()}
            </ol>
            <p class="muted small">{move || i18n.t(text!(console.survey.order_hint))}</p>
            <SaveButton save/>
        </form>
    }
}

#[component]
fn RatingsTable(ratings: Vec<Rating>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="ratings-h">
            <h2 id="ratings-h">{move || i18n.t(text!(console.survey.results))}</h2>
            {if ratings.is_empty() {
                view! { <p class="muted">{move || i18n.t(text!(console.survey.no_results))}</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <thead><tr>
                            <th>{move || i18n.t(text!(console.survey.when))}</th>
                            <th>{move || i18n.t(text!(staff.visitor_name))}</th>
                            <th>{move || i18n.t(text!(console.survey.agent))}</th>
                            <th>{move || i18n.t(text!(console.survey.rating))}</th>
                            <th>{move || i18n.t(text!(console.survey.comment_col))}</th>
                        </tr></thead>
                        <tbody>
                            {ratings.into_iter().map(|r| view! {
                                <tr>
                                    <td>{crate::ui::common::date_time(r.created_at)}</td>
                                    <td>{r.visitor_name}</td>
                                    <td>{r.agent_name.unwrap_or_else(|| "—".into())}</td>
                                    <td><span class="strong">{r.label}</span> <span class="muted small">{format!("({}/{})", r.level, r.scale)}</span></td>
                                    <td>{r.comment.unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
