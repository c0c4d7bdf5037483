//! What the console's settings pages share: a save button that shows
//! progress, a toast for the outcome, and number fields as text.

use leptos::prelude::*;
use model::AppError;

use crate::i18n::use_i18n;
use crate::ui::common::{error_message, use_toasts};

/// Toast the outcome of a settings save; field errors show next to fields.
pub(super) fn toast_result<I, T>(save: Action<I, Result<T, AppError>>)
where
    I: Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    let (i18n, toasts) = (use_i18n(), use_toasts());
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => toasts.success(i18n.t(text!(staff.saved))),
        Some(Err(AppError::Invalid { .. })) => toasts.error(i18n.t(text!(common.err.invalid))),
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
}

/// As [`toast_result`], then run `done` after a success (an editor that
/// closes its form or reloads its list).
pub(super) fn toast_then<I, T>(save: Action<I, Result<T, AppError>>, done: Callback<()>)
where
    I: Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    toast_result(save);
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            done.run(());
        }
    });
}

pub(super) fn num(s: RwSignal<String>) -> i64 {
    s.get_untracked().trim().parse().unwrap_or(0)
}

pub(super) fn text_of(n: i64) -> RwSignal<String> {
    RwSignal::new(n.to_string())
}

/// A form's Save button, "Saving…" while it saves, with a Cancel button
/// before it when `cancel` is given (an editor changing an existing item).
#[component]
pub(super) fn SaveButton<I, T>(
    save: Action<I, Result<T, AppError>>,
    #[prop(optional_no_strip)] cancel: Option<Callback<()>>,
) -> impl IntoView
where
    I: Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <div class="form-actions">
            {cancel.map(|cancel| view! {
                <button class="button ghost" type="button" on:click=move |_| cancel.run(())>{move || i18n.t(text!(staff.cancel))}</button>
            })}
            <button class="button primary" type="submit" disabled=move || save.pending().get()>
                {move || i18n.t(if save.pending().get() { text!(common.saving) } else { text!(staff.save) })}
            </button>
        </div>
    }
}
