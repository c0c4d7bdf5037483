//! Agents' faces (O2): the avatar image, or the name's initial when there is
//! none, and the picker that uploads or removes one.

use leptos::prelude::*;
use model::people::Agent;

use super::{error_message, error_text, use_toasts};
use crate::i18n::use_i18n;

/// The first letter of a name, upper-cased, for an avatar without a picture.
pub fn initial(name: &str) -> String {
    name.chars()
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default()
}

/// An agent's avatar. Decorative: the name is always written beside it.
#[component]
pub fn Avatar(
    #[prop(into)] name: Signal<String>,
    #[prop(into)] url: Signal<Option<String>>,
    #[prop(optional)] small: bool,
) -> impl IntoView {
    move || {
        match url.get().filter(|u| !u.is_empty()) {
        Some(src) => view! { <img class="avatar" class:small=small src=src alt="" aria-hidden="true"/> }
            .into_any(),
        None => view! { <span class="avatar" class:small=small aria-hidden="true">{initial(&name.get())}</span> }
            .into_any(),
    }
    }
}

/// Upload or remove agent `agent_id`'s picture. `url` follows the stored
/// avatar, so a form that sends it back keeps the upload.
#[component]
pub fn AvatarPicker(
    agent_id: i32,
    #[prop(into)] name: Signal<String>,
    url: RwSignal<String>,
    #[prop(optional)] on_change: Option<Callback<Agent>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let done = move |result: Result<Agent, model::AppError>| {
        busy.set(false);
        match result {
            Ok(agent) => {
                error.set(None);
                url.set(agent.avatar_url.clone().unwrap_or_default());
                toasts.success(i18n.t(text!(staff.saved)));
                if let Some(cb) = on_change {
                    cb.run(agent);
                }
            }
            Err(e) => match e.field_error("file") {
                Some(f) => error.set(Some(error_text(f))),
                None => toasts.error(error_message(&e)),
            },
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            busy.set(true);
            leptos::task::spawn_local(async move {
                done(crate::browser::upload_avatar(agent_id, file).await);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, agent_id, done);
    };
    let on_remove = move |_| {
        #[cfg(feature = "hydrate")]
        {
            busy.set(true);
            leptos::task::spawn_local(async move {
                done(crate::browser::remove_avatar(agent_id).await);
            });
        }
    };
    let input_id = format!("avatar-file-{agent_id}");
    view! {
        <div class="field avatar-picker" class:has-error=move || error.get().is_some()>
            <span class="field-label">{move || i18n.t(text!(staff.avatar.label))}</span>
            <div class="avatar-picker-row">
                <Avatar name url=Signal::derive(move || Some(url.get()))/>
                <label class="button ghost" class:busy=move || busy.get() for=input_id.clone()>
                    {move || i18n.t(if url.get().is_empty() { text!(staff.avatar.upload) } else { text!(staff.avatar.replace) })}
                </label>
                <input type="file" id=input_id class="sr-only" accept="image/png,image/jpeg,image/gif,image/webp"
                    aria-label=move || i18n.t(text!(staff.avatar.upload))
                    disabled=move || busy.get()
                    on:change=on_pick/>
                <Show when=move || !url.get().is_empty()>
                    <button type="button" class="button ghost" disabled=move || busy.get() on:click=on_remove>
                        {move || i18n.t(text!(staff.avatar.remove))}
                    </button>
                </Show>
            </div>
            <p class="muted small">{move || i18n.t(text!(staff.avatar.hint))}</p>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </div>
    }
}
