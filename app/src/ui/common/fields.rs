use leptos::prelude::*;
use model::{AppError, FieldError};

use crate::i18n::{field_error_text, use_i18n, Text};

/// The message for one field error, with its limit when there is one.
pub fn error_text(err: &FieldError) -> String {
    let i18n = use_i18n();
    let base = i18n.t(field_error_text(&err.code));
    match err.limit {
        // File limits are bytes: show them as a size.
        Some(limit) if err.code == "file_too_large" => format!("{base} {}", human_size(limit)),
        Some(limit) => format!("{base} ({limit})"),
        None => base.to_owned(),
    }
}

/// `2.5 MB`, `64 KB`, `812 B`.
pub fn human_size(bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b >= KB * KB {
        let mb = b / (KB * KB);
        if mb.fract() == 0.0 {
            format!("{mb} MB")
        } else {
            format!("{mb:.1} MB")
        }
    } else if b >= KB {
        format!("{} KB", (b / KB).round())
    } else {
        format!("{bytes} B")
    }
}

/// A reactive "error for this field" from the last result of an action.
pub fn field_error<T: Send + Sync + 'static>(
    result: impl Fn() -> Option<Result<T, AppError>> + Send + Sync + 'static,
    field: impl Into<String>,
) -> Signal<Option<String>> {
    let field: String = field.into();
    Signal::derive(move || match result() {
        Some(Err(err)) => err.field_error(&field).map(error_text),
        _ => None,
    })
}

/// A labelled input with an optional hint and an inline error message that
/// is tied to the input for assistive technology.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(into, optional)] hint: Option<Signal<&'static str>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] name: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        let has_hint = hint.is_some();
        move || {
            let mut ids = vec![];
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id.clone()>{label}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            <input
                id=id.clone()
                name=name
                type=input_type
                autocomplete=autocomplete
                required=required
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described
                bind:value=value
            />
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}

#[component]
pub fn CheckboxField(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    checked: RwSignal<bool>,
    #[prop(optional)] disabled: bool,
) -> impl IntoView {
    view! {
        <div class="check">
            <input id=id.clone() type="checkbox" bind:checked=checked disabled=disabled/>
            <label for=id>{label}</label>
        </div>
    }
}

/// A banner for an error that belongs to no single field.
#[component]
pub fn ErrorBanner(error: AppError) -> impl IntoView {
    let message = super::error_message(&error);
    view! { <div class="banner banner-error" role="alert">{message}</div> }
}

/// A select bound to a string signal, with `(value, text)` options.
/// `any` names a first option with the empty value (a filter's "All").
#[component]
pub fn SelectField(
    id: &'static str,
    label: Text,
    value: RwSignal<String>,
    options: Vec<(&'static str, Text)>,
    #[prop(optional)] any: Option<Text>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                {any.map(|key| view! {
                    <option value="" selected=move || value.get().is_empty()>{move || i18n.t(key)}</option>
                })}
                {options.into_iter().map(|(v, key)| view! {
                    <option value=v selected=move || value.get() == v>{move || i18n.t(key)}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// A labelled multi-line text input with an inline error.
#[component]
pub fn TextAreaField(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(default = 3)] rows: u32,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id.clone()>{label}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            <textarea id=id rows=rows required=required
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}
