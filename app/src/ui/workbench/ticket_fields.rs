//! Ticket custom fields (A1's ticket fields) in the ticket detail, edited
//! with the same rights as the ticket's status, and on the new-ticket form.

use leptos::prelude::*;
use model::fields::{FieldEntity, FieldValues};
use model::tickets::TicketDetail;
use model::AppError;

use crate::api::fields::list_fields;
use crate::api::tickets::save_ticket_fields;
use crate::i18n::use_i18n;
use crate::ui::common::{
    error_message, field_input_views, field_inputs, input_values, use_toasts, FieldInputs,
};

/// The ticket fields' inputs, filled once the definitions have loaded
/// (empty while loading or when there are none).
pub fn ticket_inputs(stored: FieldValues) -> RwSignal<FieldInputs> {
    let inputs = RwSignal::new(FieldInputs::new());
    leptos::task::spawn_local(async move {
        if let Ok(defs) = list_fields(FieldEntity::Ticket).await {
            inputs.set(field_inputs(defs, &stored));
        }
    });
    inputs
}

#[component]
pub fn TicketFields(
    ticket_id: i64,
    values: FieldValues,
    on_saved: Callback<TicketDetail>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let inputs = ticket_inputs(values);
    let save = Action::new(move |values: &FieldValues| {
        let values = values.clone();
        async move { save_ticket_fields(ticket_id, values).await }
    });
    let result = move || save.value().get();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(d)) => {
            toasts.success(i18n.t(text!(staff.saved)));
            on_saved.run(d);
        }
        Some(Err(AppError::Invalid { .. })) | None => {}
        Some(Err(e)) => toasts.error(error_message(&e)),
    });
    view! {
        {move || (!inputs.with(Vec::is_empty)).then(|| view! {
            <form class="form ticket-fields" aria-label=move || i18n.t(text!(workbench.tickets.fields))
                on:submit=move |ev| { ev.prevent_default(); save.dispatch(input_values(&inputs.get_untracked())); }>
                <h3>{move || i18n.t(text!(workbench.tickets.fields))}</h3>
                {field_input_views(inputs.get(), result)}
                <button class="button" type="submit" disabled=move || save.pending().get()>{move || i18n.t(text!(workbench.tickets.save_fields))}</button>
            </form>
        })}
    }
}
