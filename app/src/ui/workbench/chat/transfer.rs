//! Handing the open chat to another agent or group, with a note.

use leptos::prelude::*;
use model::chat::TransferTarget;

use crate::api::transfer::{list_transfer_targets, transfer_conversation};
use crate::i18n::{agent_status_text, use_i18n};
use crate::ui::common::{error_message, use_toasts};

/// What a refused transfer or take-over says: the target's or the
/// conversation's field error, else the error itself.
pub(crate) fn transfer_error_text(e: &model::AppError) -> String {
    match e
        .field_error("target")
        .or_else(|| e.field_error("conversation_id"))
    {
        Some(f) => crate::ui::common::error_text(f),
        None => error_message(e).to_owned(),
    }
}

/// `current` is the chat's agent when someone else moves it (a
/// supervisor): not a target, as the viewer never is.
#[component]
pub(crate) fn TransferDialog(
    id: i64,
    open: RwSignal<bool>,
    #[prop(optional, into)] current: Signal<Option<i32>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let targets = Resource::new(|| (), |_| list_transfer_targets());
    let choice = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    // Not an Action: the conversation leaves this agent's list (closing the
    // dialog) as soon as the socket reports the transfer, which may be before
    // the call returns, so the result is handled by a task that outlives it.
    let transfer = move |target: TransferTarget, note: String| {
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result = transfer_conversation(id, target, note).await;
            let _ = pending.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success(i18n.t(text!(workbench.transferred_toast)));
                    let _ = open.try_set(false);
                }
                Err(e) => toasts.error(transfer_error_text(&e)),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = choice.get_untracked();
        let target = match value.split_once(':') {
            Some(("agent", n)) => n.parse().ok().map(TransferTarget::Agent),
            Some(("group", n)) => n.parse().ok().map(TransferTarget::Group),
            _ => None,
        };
        if let Some(t) = target {
            transfer(t, note.get_untracked());
        }
    };
    view! {
        <form class="transfer card" role="dialog" aria-label=move || i18n.t(text!(workbench.transfer)) on:submit=submit>
            <div class="field">
                <label for="transfer-target">{move || i18n.t(text!(workbench.transfer_to))}</label>
                <select id="transfer-target" on:change=move |ev| choice.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            let t = targets.await.unwrap_or_default();
                            let current = current.get_untracked();
                            view! {
                                <optgroup label=move || i18n.t(text!(staff.nav.agents))>
                                    {t.agents.into_iter().filter(|(aid, _, _)| Some(*aid) != current).map(|(aid, name, status)| {
                                        let status = agent_status_text(status);
                                        view! { <option value=format!("agent:{aid}")>{name} " (" {move || i18n.t(status)} ")"</option> }
                                    }).collect_view()}
                                </optgroup>
                                <optgroup label=move || i18n.t(text!(staff.nav.groups))>
                                    {t.groups.into_iter().map(|(gid, name)| view! { <option value=format!("group:{gid}")>{name}</option> }).collect_view()}
                                </optgroup>
                            }
                        })}
                    </Suspense>
                </select>
            </div>
            <div class="field">
                <label for="transfer-note">{move || i18n.t(text!(workbench.transfer_note))}</label>
                <textarea id="transfer-note" rows="2" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </div>
            <div class="form-actions">
                <button class="button ghost" type="button" on:click=move |_| open.set(false)>{move || i18n.t(text!(staff.cancel))}</button>
                <button class="button primary" type="submit" disabled=move || choice.get().is_empty() || pending.get()>{move || i18n.t(text!(workbench.transfer))}</button>
            </div>
        </form>
    }
}
