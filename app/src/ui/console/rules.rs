//! Console → Automation → Rules: assignment (R3), capacity (R4), idle
//! visitor (R2) and unanswered alert (R10) on one page.

use leptos::prelude::*;
use leptos_meta::Title;
use model::automation::{AssignmentMode, AutomationSettings, IdleSettings, UnansweredSettings};

use super::settings_form::{num, text_of, toast_result, SaveButton};
use super::PageHeader;
use crate::api::rules::{load_automation, save_automation};
use crate::i18n::{assignment_mode_text, use_i18n, Text};
use crate::ui::common::{
    field_error, CheckboxField, LoadError, Loading, SelectField, TextAreaField, TextField,
};

#[component]
pub fn AutomationPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_automation());
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.automation.title)))/>
        <PageHeader title=text!(console.automation.title)/>
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
    let label = move |key: Text| Signal::derive(move || i18n.t(key));
    let owned = move |key: Text| Signal::derive(move || i18n.t(key).to_owned());
    view! {
        <form class="form settings-stack" on:submit=submit novalidate>
            <section class="card" aria-labelledby="assign-h">
                <h2 id="assign-h">{move || i18n.t(text!(console.automation.assignment_title))}</h2>
                <p class="muted small">{move || i18n.t(text!(console.automation.assignment_hint))}</p>
                <div class="form-grid">
                    <SelectField id="auto-mode" label=text!(console.automation.assignment) value=mode
                        options=AssignmentMode::ALL.iter().map(|m| (m.key(), assignment_mode_text(*m))).collect()/>
                    <CheckboxField id="auto-returning" label=owned(text!(console.automation.returning_first)) checked=returning/>
                </div>
            </section>
            <section class="card" aria-labelledby="cap-h">
                <h2 id="cap-h">{move || i18n.t(text!(console.automation.capacity_title))}</h2>
                <div class="form-grid">
                    <TextField id="auto-max" label=label(text!(console.automation.default_max_chats)) value=max_chats input_type="number"
                        error=field_error(result, "default_max_chats") hint=label(text!(console.automation.default_max_hint))/>
                </div>
                <a href="/admin/queue">{move || i18n.t(text!(console.automation.see_queue))}</a>
            </section>
            <section class="card" aria-labelledby="idle-h">
                <h2 id="idle-h">{move || i18n.t(text!(console.automation.idle_title))}</h2>
                <p class="muted small">{move || i18n.t(text!(console.automation.idle_hint))}</p>
                <CheckboxField id="idle-on" label=owned(text!(console.automation.idle_enabled)) checked=idle_on/>
                <div class="form-grid">
                    <TextField id="idle-remind" label=label(text!(console.automation.remind_after)) value=remind input_type="number" error=field_error(result, "idle.remind_after_mins")/>
                    <TextField id="idle-close" label=label(text!(console.automation.close_after)) value=close input_type="number" error=field_error(result, "idle.close_after_mins")/>
                </div>
                <TextAreaField id="idle-reminder" label=label(text!(console.automation.reminder)) value=reminder rows=2 error=field_error(result, "idle.reminder")/>
                <TextAreaField id="idle-closing" label=label(text!(console.automation.closing)) value=closing rows=2 error=field_error(result, "idle.closing")/>
            </section>
            <section class="card" aria-labelledby="alert-h">
                <h2 id="alert-h">{move || i18n.t(text!(console.automation.alert_title))}</h2>
                <CheckboxField id="alert-on" label=owned(text!(console.automation.alert_enabled)) checked=alert_on/>
                <div class="form-grid">
                    <TextField id="alert-after" label=label(text!(console.automation.alert_after)) value=alert_after input_type="number" error=field_error(result, "unanswered.alert_after_secs")/>
                    <TextField id="reassign-after" label=label(text!(console.automation.reassign_after)) value=reassign_after input_type="number" error=field_error(result, "unanswered.reassign_after_secs")/>
                </div>
                <CheckboxField id="alert-reassign" label=owned(text!(console.automation.reassign)) checked=reassign/>
            </section>
            <SaveButton save/>
        </form>
    }
}
