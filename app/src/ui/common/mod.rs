//! Building blocks shared by every surface: form fields with inline errors,
//! toasts, the language switch and the permission-refused page.

mod avatar;
mod bot_message;
pub mod charts;
mod custom_fields;
mod emoji;
mod fields;
mod messages;
mod time;
mod toast;

pub use avatar::{initial, Avatar, AvatarPicker};
pub use bot_message::{BotActions, BotBubble};
pub use custom_fields::{
    field_input_views, field_inputs, initial_value, input_values, CustomFieldInput, FieldInputs,
};
pub use emoji::EmojiPicker;
pub use fields::{
    error_text, field_error, human_size, CheckboxField, ErrorBanner, SelectField, TextAreaField,
    TextField,
};
pub use messages::{
    message_text, pending_for, preview_text, upload_error_text, AttachButton, MessageList,
};
pub use time::{clock_time, clock_time_secs, date_time};
pub use toast::{provide_toasts, use_toasts, ToastHost, Toasts};

use leptos::either::Either;
use leptos::prelude::*;
use model::AppError;

use crate::i18n::{use_i18n, Lang};

/// The user-facing sentence for an error that is not tied to one field.
pub fn error_message(err: &AppError) -> &'static str {
    use_i18n().t(crate::i18n::app_error_text(err))
}

#[component]
pub fn Forbidden() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="empty-state" role="alert">
            <h1>{move || i18n.t(text!(common.auth.forbidden_title))}</h1>
            <p>{move || i18n.t(text!(common.auth.forbidden_body))}</p>
        </section>
    }
}

/// Shows an error from a resource: the permission page for `Forbidden`,
/// otherwise a banner.
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    match error {
        AppError::Forbidden => Either::Left(view! { <Forbidden/> }),
        other => Either::Right(view! { <ErrorBanner error=other/> }),
    }
}

#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select
            class="lang-switch"
            aria-label=move || i18n.t(text!(common.language))
            on:change=move |ev| {
                if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
                    i18n.set(lang);
                }
            }
        >
            <option value="en" selected=move || i18n.lang.get() == Lang::En>"English"</option>
            <option value="zh-CN" selected=move || i18n.lang.get() == Lang::Zh>"简体中文"</option>
        </select>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{move || i18n.t(text!(common.loading))}</p> }
}
