//! The workbench's customer panel (W3): the conversation's facts, then the
//! customer's details and custom fields, editable with errors next to each
//! field. The record is made the first time an agent opens the chat.

use leptos::prelude::*;
use model::customers::{Customer, CustomerInput};
use model::fields::{FieldDef, FieldEntity, FieldValue};
use model::AppError;

use super::chat::ChatState;
use crate::api::customers::{conversation_customer, save_customer};
use crate::api::fields::list_fields;
use crate::i18n::use_i18n;
use crate::ui::common::{
    error_message, field_error, initial_value, use_toasts, CustomFieldInput, LoadError, Loading,
    TextField,
};

#[component]
pub fn CustomerPanel() -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<ChatState>();
    // Only a change of chat reloads the record (new messages do not).
    let selected = Memo::new(move |_| state.selected.get());
    view! {
        {move || state.current().map(|c| view! {
            <section class="customer" aria-label=move || i18n.t(text!(workbench.customer))>
                <h2>{move || i18n.t(text!(workbench.customer))}</h2>
                <dl>
                    <dt>{move || i18n.t(text!(staff.visitor_name))}</dt><dd>{c.visitor_name.clone()}</dd>
                    <dt>{move || i18n.t(text!(workbench.channel))}</dt><dd>{c.channel.clone()}</dd>
                    <dt>{move || i18n.t(text!(workbench.source_page))}</dt><dd class="break">{c.source_url.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>{move || i18n.t(text!(workbench.started))}</dt><dd>{crate::ui::common::date_time(c.started_at)}</dd>
                </dl>
            </section>
        })}
        {move || selected.get().map(|id| view! { <CustomerInfo conversation_id=id/> })}
    }
}

#[component]
fn CustomerInfo(conversation_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(
        move || conversation_id,
        |id| async move {
            let customer = conversation_customer(id).await?;
            let defs = list_fields(FieldEntity::Customer).await?;
            Ok::<_, AppError>((customer, defs))
        },
    );
    view! {
        <section class="customer-info" aria-labelledby="customer-info-h">
            <h3 id="customer-info-h">{move || i18n.t(text!(workbench.customer_info.title))}</h3>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((customer, defs)) => view! { <CustomerForm customer defs/> }.into_any(),
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CustomerForm(customer: Customer, defs: Vec<FieldDef>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = customer.id;
    let name = RwSignal::new(customer.name.clone().unwrap_or_default());
    let email = RwSignal::new(customer.email.clone().unwrap_or_default());
    let phone = RwSignal::new(customer.phone.clone().unwrap_or_default());
    let fields: Vec<(FieldDef, RwSignal<FieldValue>)> = defs
        .into_iter()
        .filter(|d| !d.retired)
        .map(|d| {
            let v = RwSignal::new(initial_value(&d, customer.fields.get(&d.key)));
            (d, v)
        })
        .collect();
    let save = Action::new(move |input: &CustomerInput| {
        let input = input.clone();
        async move { save_customer(id, input).await }
    });
    let result = move || save.value().get();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => toasts.success(i18n.t(text!(staff.saved))),
        Some(Err(AppError::Invalid { .. })) => {}
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let values = fields.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(CustomerInput {
            name: Some(name.get_untracked()),
            email: Some(email.get_untracked()),
            phone: Some(phone.get_untracked()),
            fields: values
                .iter()
                .map(|(d, v)| (d.key.clone(), v.get_untracked()))
                .collect(),
        });
    };
    let label = move |t| Signal::derive(move || i18n.t(t));
    view! {
        {(customer.visitors > 1).then(|| view! {
            <p class="muted small">{move || leptos_i18n::td_string!(i18n.staff(), workbench.customer_info.visitors, n = customer.visitors)}</p>
        })}
        <form class="form" on:submit=submit novalidate>
            <TextField id="customer-name" label=label(text!(workbench.customer_info.name)) value=name error=field_error(result, "name")/>
            <TextField id="customer-email" label=label(text!(workbench.customer_info.email)) value=email input_type="email" error=field_error(result, "email")/>
            <TextField id="customer-phone" label=label(text!(workbench.customer_info.phone)) value=phone input_type="tel" error=field_error(result, "phone")/>
            {fields.into_iter().map(|(def, value)| {
                let error = field_error(result, format!("fields.{}", def.key));
                view! { <CustomFieldInput def value error/> }
            }).collect_view()}
            <button class="button primary" type="submit" disabled=move || save.pending().get()>
                {move || i18n.t(if save.pending().get() { text!(common.saving) } else { text!(staff.save) })}
            </button>
        </form>
    }
}
