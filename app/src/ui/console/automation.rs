//! Automation in the console: assignment (R3), capacity (R4), idle visitor
//! (R2), unanswered alert (R10) on one page; the survey (R5) with its
//! results; the leave-a-message form (R6); and the live queue (R4).

use leptos::prelude::*;
use leptos_meta::Title;
use model::automation::{
    AssignmentMode, AutomationSettings, IdleSettings, LeaveField, LeaveFieldRule,
    LeaveMessageSettings, QueueEntry, Rating, SurveyPage, SurveySettings, UnansweredSettings,
    WorkingHours, SURVEY_LEVELS_MAX, SURVEY_LEVELS_MIN,
};
use model::AppError;

use super::groups::assignment_label;
use super::PageHeader;
use crate::api::automation::{
    load_automation, load_leave_message, load_survey, save_automation, save_leave_message,
    save_survey, waiting_queue,
};
use crate::i18n::use_i18n;
use crate::ui::common::{
    error_message, field_error, use_toasts, CheckboxField, LoadError, Loading, SelectField,
    TextAreaField, TextField,
};

/// Toast the outcome of a settings save; field errors show next to fields.
fn toast_result<I, T>(save: Action<I, Result<T, AppError>>)
where
    I: Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    let (i18n, toasts) = (use_i18n(), use_toasts());
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => toasts.success(i18n.t("common.saved")),
        Some(Err(AppError::Invalid { .. })) => toasts.error(i18n.t("err.invalid")),
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
}

fn num(s: RwSignal<String>) -> i64 {
    s.get_untracked().trim().parse().unwrap_or(0)
}

fn text_of(n: i64) -> RwSignal<String> {
    RwSignal::new(n.to_string())
}

#[component]
fn SaveButton<I, T>(save: Action<I, Result<T, AppError>>) -> impl IntoView
where
    I: Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <div class="form-actions">
            <button class="button primary" type="submit" disabled=move || save.pending().get()>
                {move || i18n.t(if save.pending().get() { "common.saving" } else { "common.save" })}
            </button>
        </div>
    }
}

// ------------------------------------------------------------ automation

#[component]
pub fn AutomationPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_automation());
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t("automation.title"))/>
        <PageHeader title="automation.title"/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(settings) => view! { <AutomationForm settings/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AutomationForm(settings: AutomationSettings) -> impl IntoView {
    let i18n = use_i18n();
    let mode = RwSignal::new(settings.assignment.key().to_owned());
    let returning = RwSignal::new(settings.returning_first);
    let max_chats = text_of(settings.default_max_chats);
    let idle_on = RwSignal::new(settings.idle.enabled);
    let remind = text_of(settings.idle.remind_after_mins);
    let reminder = RwSignal::new(settings.idle.reminder.clone());
    let close = text_of(settings.idle.close_after_mins);
    let closing = RwSignal::new(settings.idle.closing.clone());
    let alert_on = RwSignal::new(settings.unanswered.enabled);
    let alert_after = text_of(settings.unanswered.alert_after_secs);
    let reassign = RwSignal::new(settings.unanswered.reassign);
    let reassign_after = text_of(settings.unanswered.reassign_after_secs);
    let save = Action::new(|input: &AutomationSettings| {
        let input = input.clone();
        async move { save_automation(input).await }
    });
    toast_result(save);
    let result = move || save.value().get();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(AutomationSettings {
            assignment: AssignmentMode::from_key(&mode.get_untracked()).unwrap_or_default(),
            returning_first: returning.get_untracked(),
            default_max_chats: num(max_chats),
            idle: IdleSettings {
                enabled: idle_on.get_untracked(),
                remind_after_mins: num(remind),
                reminder: reminder.get_untracked(),
                close_after_mins: num(close),
                closing: closing.get_untracked(),
            },
            unanswered: UnansweredSettings {
                enabled: alert_on.get_untracked(),
                alert_after_secs: num(alert_after),
                reassign: reassign.get_untracked(),
                reassign_after_secs: num(reassign_after),
            },
        });
    };
    let label = move |key: &'static str| Signal::derive(move || i18n.t(key));
    let owned = move |key: &'static str| Signal::derive(move || i18n.t(key).to_owned());
    view! {
        <form class="form settings-stack" on:submit=submit novalidate>
            <section class="card" aria-labelledby="assign-h">
                <h2 id="assign-h">{move || i18n.t("automation.assignment_title")}</h2>
                <p class="muted small">{move || i18n.t("automation.assignment_hint")}</p>
                <div class="form-grid">
                    <SelectField id="auto-mode" label="automation.assignment" value=mode
                        options=AssignmentMode::ALL.iter().map(|m| (m.key(), assignment_label(*m))).collect()/>
                    <CheckboxField id="auto-returning" label=owned("automation.returning_first") checked=returning/>
                </div>
            </section>
            <section class="card" aria-labelledby="cap-h">
                <h2 id="cap-h">{move || i18n.t("automation.capacity_title")}</h2>
                <div class="form-grid">
                    <TextField id="auto-max" label=label("automation.default_max_chats") value=max_chats input_type="number"
                        error=field_error(result, "default_max_chats") hint=label("automation.default_max_hint")/>
                </div>
                <a href="/admin/queue">{move || i18n.t("automation.see_queue")}</a>
            </section>
            <section class="card" aria-labelledby="idle-h">
                <h2 id="idle-h">{move || i18n.t("automation.idle_title")}</h2>
                <p class="muted small">{move || i18n.t("automation.idle_hint")}</p>
                <CheckboxField id="idle-on" label=owned("automation.idle_enabled") checked=idle_on/>
                <div class="form-grid">
                    <TextField id="idle-remind" label=label("automation.remind_after") value=remind input_type="number" error=field_error(result, "idle.remind_after_mins")/>
                    <TextField id="idle-close" label=label("automation.close_after") value=close input_type="number" error=field_error(result, "idle.close_after_mins")/>
                </div>
                <TextAreaField id="idle-reminder" label=label("automation.reminder") value=reminder rows=2 error=field_error(result, "idle.reminder")/>
                <TextAreaField id="idle-closing" label=label("automation.closing") value=closing rows=2 error=field_error(result, "idle.closing")/>
            </section>
            <section class="card" aria-labelledby="alert-h">
                <h2 id="alert-h">{move || i18n.t("automation.alert_title")}</h2>
                <CheckboxField id="alert-on" label=owned("automation.alert_enabled") checked=alert_on/>
                <div class="form-grid">
                    <TextField id="alert-after" label=label("automation.alert_after") value=alert_after input_type="number" error=field_error(result, "unanswered.alert_after_secs")/>
                    <TextField id="reassign-after" label=label("automation.reassign_after") value=reassign_after input_type="number" error=field_error(result, "unanswered.reassign_after_secs")/>
                </div>
                <CheckboxField id="alert-reassign" label=owned("automation.reassign") checked=reassign/>
            </section>
            <SaveButton save/>
        </form>
    }
}

// ---------------------------------------------------------------- survey

#[component]
pub fn SurveyAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_survey());
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t("survey.title"))/>
        <PageHeader title="survey.title"/>
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
    let owned = move |key: &'static str| Signal::derive(move || i18n.t(key).to_owned());
    const FIELDS: [&str; SURVEY_LEVELS_MAX] =
        ["levels.0", "levels.1", "levels.2", "levels.3", "levels.4"];
    view! {
        <form class="form card" on:submit=submit novalidate aria-labelledby="survey-h">
            <h2 id="survey-h">{move || i18n.t("survey.settings")}</h2>
            <CheckboxField id="survey-on" label=owned("survey.enabled") checked=enabled/>
            <CheckboxField id="survey-on-end" label=owned("survey.ask_on_end") checked=ask_on_end/>
            <CheckboxField id="survey-comment" label=owned("survey.comment") checked=comment/>
            <div class="field">
                <label for="survey-count">{move || i18n.t("survey.level_count")}</label>
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
                                <label for=id.clone()>{move || i18n.t("survey.level").replace("{n}", &(i + 1).to_string())}</label>
                                <input id=id.clone() type="text" bind:value=value aria-invalid=move || error.get().is_some().to_string()/>
                                <p class="field-error" role="alert">{move || error.get()}</p>
                            </li>
                        </Show>
                    }
                }).collect_view()}
            </ol>
            <p class="muted small">{move || i18n.t("survey.order_hint")}</p>
            <SaveButton save/>
        </form>
    }
}

#[component]
fn RatingsTable(ratings: Vec<Rating>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="ratings-h">
            <h2 id="ratings-h">{move || i18n.t("survey.results")}</h2>
            {if ratings.is_empty() {
                view! { <p class="muted">{move || i18n.t("survey.no_results")}</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <thead><tr>
                            <th>{move || i18n.t("survey.when")}</th>
                            <th>{move || i18n.t("workbench.visitor_name")}</th>
                            <th>{move || i18n.t("survey.agent")}</th>
                            <th>{move || i18n.t("survey.rating")}</th>
                            <th>{move || i18n.t("survey.comment_col")}</th>
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

// --------------------------------------------------------- leave a message

#[component]
pub fn LeaveMessageAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_leave_message());
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t("leave_admin.title"))/>
        <PageHeader title="leave_admin.title"/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(settings) => view! { <LeaveMessageForm settings/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn LeaveMessageForm(settings: LeaveMessageSettings) -> impl IntoView {
    let i18n = use_i18n();
    let guide = RwSignal::new(settings.guide.clone());
    let rules: Vec<(LeaveField, RwSignal<bool>, RwSignal<bool>)> = LeaveField::ALL
        .into_iter()
        .map(|f| {
            let r = settings.rule(f);
            (f, RwSignal::new(r.shown), RwSignal::new(r.required))
        })
        .collect();
    let hours_on = RwSignal::new(settings.hours.enabled);
    let days: Vec<(u8, RwSignal<bool>)> = (1..=7u8)
        .map(|d| (d, RwSignal::new(settings.hours.days.contains(&d))))
        .collect();
    let start = RwSignal::new(settings.hours.start.clone());
    let end = RwSignal::new(settings.hours.end.clone());
    let offset = RwSignal::new(settings.hours.utc_offset_mins.to_string());
    let save = Action::new(|input: &LeaveMessageSettings| {
        let input = input.clone();
        async move { save_leave_message(input).await }
    });
    toast_result(save);
    let result = move || save.value().get();
    let submit = {
        let rules = rules.clone();
        let days = days.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            save.dispatch(LeaveMessageSettings {
                hours: WorkingHours {
                    enabled: hours_on.get_untracked(),
                    days: days
                        .iter()
                        .filter(|(_, on)| on.get_untracked())
                        .map(|(d, _)| *d)
                        .collect(),
                    start: start.get_untracked(),
                    end: end.get_untracked(),
                    utc_offset_mins: offset.get_untracked().parse().unwrap_or_default(),
                },
                guide: guide.get_untracked(),
                fields: rules
                    .iter()
                    .map(|(f, shown, required)| LeaveFieldRule {
                        field: *f,
                        shown: shown.get_untracked(),
                        required: required.get_untracked(),
                    })
                    .collect(),
            });
        }
    };
    view! {
        <form class="form card" on:submit=submit novalidate>
            <p class="muted small">{move || i18n.t("leave_admin.hint")}</p>
            <TextAreaField id="leave-guide" label=Signal::derive(move || i18n.t("leave_admin.guide")) value=guide rows=3 required=true error=field_error(result, "guide")/>
            <table class="table">
                <thead><tr>
                    <th>{move || i18n.t("leave_admin.field")}</th>
                    <th>{move || i18n.t("leave_admin.shown")}</th>
                    <th>{move || i18n.t("leave_admin.required")}</th>
                </tr></thead>
                <tbody>
                    {rules.into_iter().map(|(f, shown, required)| {
                        let key = format!("leave.{}", f.key());
                        let key2 = key.clone();
                        let fixed = f == LeaveField::Message;
                        view! {
                            <tr>
                                <td>{move || i18n.t(&key)}</td>
                                <td><input type="checkbox" bind:checked=shown disabled=fixed
                                    aria-label=move || format!("{} {}", i18n.t(&key2), i18n.t("leave_admin.shown"))/></td>
                                <td><input type="checkbox" bind:checked=required disabled=fixed
                                    aria-label=move || format!("{} {}", i18n.t(&format!("leave.{}", f.key())), i18n.t("leave_admin.required"))/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <fieldset class="field">
                <legend>{move || i18n.t("leave_admin.hours")}</legend>
                <CheckboxField id="hours-on" label=Signal::derive(move || i18n.t("leave_admin.hours_on").to_owned()) checked=hours_on/>
                <div class="check-list row">
                    {days.into_iter().map(|(d, on)| {
                        let key = format!("day.{d}");
                        view! { <CheckboxField id=format!("hours-day-{d}") label=Signal::derive(move || i18n.t(&key).to_owned()) checked=on/> }
                    }).collect_view()}
                </div>
                <p class="field-error" role="alert">{move || field_error(result, "hours.days").get()}</p>
                <div class="form-grid">
                    <TextField id="hours-start" label=Signal::derive(move || i18n.t("leave_admin.start")) value=start input_type="time" error=field_error(result, "hours.start")/>
                    <TextField id="hours-end" label=Signal::derive(move || i18n.t("leave_admin.end")) value=end input_type="time" error=field_error(result, "hours.end")/>
                    <div class="field">
                        <label for="hours-tz">{move || i18n.t("leave_admin.time_zone")}</label>
                        <select id="hours-tz" on:change=move |ev| offset.set(event_target_value(&ev))>
                            {(-24..=28).map(|half| {
                                let mins: i32 = half * 30;
                                let v = mins.to_string();
                                let label = format!("UTC{}{:02}:{:02}", if mins < 0 { '-' } else { '+' }, mins.abs() / 60, mins.abs() % 60);
                                view! { <option value=v.clone() selected=move || offset.get() == v>{label}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </div>
            </fieldset>
            <SaveButton save/>
        </form>
    }
}

// ------------------------------------------------------------------ queue

#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| waiting_queue());
    // Refresh while the page is open; the queue changes by the second.
    #[cfg(feature = "hydrate")]
    {
        let handle =
            set_interval_with_handle(move || data.refetch(), std::time::Duration::from_secs(5));
        on_cleanup(move || {
            if let Ok(h) = handle {
                h.clear();
            }
        });
    }
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t("queue.title"))/>
        <PageHeader title="queue.title"/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(entries) => view! { <QueueTable entries/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn QueueTable(entries: Vec<QueueEntry>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <p class="strong" role="status">{i18n.t("workbench.waiting").replace("{n}", &entries.len().to_string())}</p>
            {(!entries.is_empty()).then(|| view! {
                <table class="table">
                    <thead><tr>
                        <th>{move || i18n.t("queue.position")}</th>
                        <th>{move || i18n.t("workbench.visitor_name")}</th>
                        <th>{move || i18n.t("nav.groups")}</th>
                        <th>{move || i18n.t("queue.since")}</th>
                        <th>{move || i18n.t("queue.last_message")}</th>
                    </tr></thead>
                    <tbody>
                        {entries.into_iter().map(|e| view! {
                            <tr>
                                <td>{e.position}</td>
                                <td>{e.visitor_name}</td>
                                <td>{e.group_name.unwrap_or_else(|| "—".into())}</td>
                                <td>{crate::ui::common::clock_time_secs(e.waiting_since)}</td>
                                <td>{e.last_message.as_deref().map(crate::ui::common::message_text).unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
}
