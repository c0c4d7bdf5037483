//! Console → Automation → Leave a message (R6): guide text, the form's
//! fields, and working hours.

use leptos::prelude::*;
use leptos_meta::Title;
use model::automation::{LeaveCustomField, LeaveField, LeaveFieldRule, LeaveMessageSettings};
use model::fields::{FieldDef, FieldEntity};

use super::hours::{HoursFields, HoursInput};
use super::settings_form::{toast_result, SaveButton};
use super::PageHeader;
use crate::api::fields::list_fields;
use crate::api::leave_message::{load_leave_message, save_leave_message};
use crate::i18n::{field_entity_text, leave_field_text, use_i18n};
use crate::ui::common::{field_error, CheckboxField, LoadError, Loading, TextAreaField};

#[component]
pub fn LeaveMessageAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(
        || (),
        |_| async move {
            let settings = load_leave_message().await?;
            let mut defs = list_fields(FieldEntity::Ticket).await?;
            defs.extend(list_fields(FieldEntity::Customer).await?);
            Ok::<_, model::AppError>((settings, defs))
        },
    );
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.leave_admin.title)))/>
        <PageHeader title=text!(console.leave_admin.title)/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((settings, defs)) => view! { <LeaveMessageForm settings defs/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn LeaveMessageForm(settings: LeaveMessageSettings, defs: Vec<FieldDef>) -> impl IntoView {
    let i18n = use_i18n();
    // Ticket and customer fields the form may add (R6): shown, required.
    let custom: Vec<(FieldDef, RwSignal<bool>, RwSignal<bool>)> = defs
        .into_iter()
        .filter(|d| !d.retired)
        .map(|d| {
            let rule = settings.custom_fields.iter().find(|c| c.field_id == d.id);
            let (shown, required) = (rule.is_some(), rule.is_some_and(|c| c.required));
            (d, RwSignal::new(shown), RwSignal::new(required))
        })
        .collect();
    let guide = RwSignal::new(settings.guide.clone());
    let rules: Vec<(LeaveField, RwSignal<bool>, RwSignal<bool>)> = LeaveField::ALL
        .into_iter()
        .map(|f| {
            let r = settings.rule(f);
            (f, RwSignal::new(r.shown), RwSignal::new(r.required))
        })
        .collect();
    let hours_on = RwSignal::new(settings.hours.enabled);
    let hours = HoursInput::new(&settings.hours);
    let save = Action::new(|input: &LeaveMessageSettings| {
        let input = input.clone();
        async move { save_leave_message(input).await }
    });
    toast_result(save);
    let result = move || save.value().get();
    let submit = {
        let rules = rules.clone();
        let custom = custom.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            save.dispatch(LeaveMessageSettings {
                hours: hours.value(hours_on.get_untracked()),
                guide: guide.get_untracked(),
                fields: rules
                    .iter()
                    .map(|(f, shown, required)| LeaveFieldRule {
                        field: *f,
                        shown: shown.get_untracked(),
                        required: required.get_untracked(),
                    })
                    .collect(),
                custom_fields: custom
                    .iter()
                    .filter(|(_, shown, required)| {
                        shown.get_untracked() || required.get_untracked()
                    })
                    .map(|(d, _, required)| LeaveCustomField {
                        field_id: d.id,
                        required: required.get_untracked(),
                    })
                    .collect(),
            });
        }
    };
    view! {
        <form class="form card" on:submit=submit novalidate>
            <p class="muted small">{move || i18n.t(text!(console.leave_admin.hint))}</p>
            <TextAreaField id="leave-guide" label=Signal::derive(move || i18n.t(text!(console.leave_admin.guide))) value=guide rows=3 required=true error=field_error(result, "guide")/>
            <table class="table">
                <thead><tr>
                    <th>{move || i18n.t(text!(console.leave_admin.field))}</th>
                    <th>{move || i18n.t(text!(console.leave_admin.shown))}</th>
                    <th>{move || i18n.t(text!(console.leave_admin.required))}</th>
                </tr></thead>
                <tbody>
                    {rules.into_iter().map(|(f, shown, required)| {
                        let label = leave_field_text(f);
                        let fixed = f == LeaveField::Message;
                        view! {
                            <tr>
                                <td>{move || i18n.t(label)}</td>
                                <td><input type="checkbox" bind:checked=shown disabled=fixed
                                    aria-label=move || format!("{} {}", i18n.t(label), i18n.t(text!(console.leave_admin.shown)))/></td>
                                <td><input type="checkbox" bind:checked=required disabled=fixed
                                    aria-label=move || format!("{} {}", i18n.t(label), i18n.t(text!(console.leave_admin.required)))/></td>
                            </tr>
                        }
                    }).collect_view()}
                    {custom.into_iter().map(|(d, shown, required)| {
                        let entity = field_entity_text(d.entity);
                        let (label, label2) = (d.label.clone(), d.label.clone());
                        view! {
                            <tr>
                                <td>{d.label.clone()} " " <span class="muted small">{move || i18n.t(entity)}</span></td>
                                <td><input type="checkbox" bind:checked=shown
                                    aria-label=move || format!("{label} {}", i18n.t(text!(console.leave_admin.shown)))/></td>
                                <td><input type="checkbox" bind:checked=required
                                    aria-label=move || format!("{label2} {}", i18n.t(text!(console.leave_admin.required)))/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <p class="field-error" role="alert">{move || field_error(result, "custom_fields").get()}</p>
            <fieldset class="field">
                <legend>{move || i18n.t(text!(console.leave_admin.hours))}</legend>
                <CheckboxField id="hours-on" label=Signal::derive(move || i18n.t(text!(console.leave_admin.hours_on)).to_owned()) checked=hours_on/>
                <HoursFields id="hours" hours days_error=field_error(result, "hours.days")
                    start_error=field_error(result, "hours.start") end_error=field_error(result, "hours.end")/>
            </fieldset>
            <SaveButton save/>
        </form>
    }
}
