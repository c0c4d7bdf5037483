//! Console → Web widget → Verified identity (C3, C6): per chat link, how
//! the site vouches for who a visitor is — signed (HMAC-SHA256) or
//! encrypted (AES-256-GCM) with the link's secret, shown once when made —
//! and whether visitors without a valid identity are refused.

use leptos::prelude::*;
use model::chat::{ChatLink, ChatLinkInput};
use model::identity::IdentityMode;

use crate::api::links::{rotate_link_secret, save_chat_link};
use crate::i18n::{use_i18n, Text};
use crate::ui::common::{error_message, use_toasts};

fn mode_text(mode: IdentityMode) -> Text {
    match mode {
        IdentityMode::Off => text!(console.identity.mode_off),
        IdentityMode::Signed => text!(console.identity.mode_signed),
        IdentityMode::Encrypted => text!(console.identity.mode_encrypted),
    }
}

#[component]
pub fn IdentityCard(links: Vec<ChatLink>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="identity-heading">
            <h2 id="identity-heading">{move || i18n.t(text!(console.identity.title))}</h2>
            <p class="muted">{move || i18n.t(text!(console.identity.intro))}</p>
            {links.into_iter().map(|l| view! { <LinkIdentity link=l reload/> }).collect_view()}
        </section>
    }
}

#[component]
fn LinkIdentity(link: ChatLink, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let mode = RwSignal::new(link.identity_mode);
    let required = RwSignal::new(link.identity_required);
    let secret = RwSignal::new(None::<String>);
    let id = link.id;
    let base = ChatLinkInput {
        name: link.name.clone(),
        slug: link.slug.clone(),
        group_id: link.group_id,
        agent_id: link.agent_id,
        bot_mode: link.bot_mode,
        ..Default::default()
    };
    let save = Action::new(move |input: &ChatLinkInput| {
        let input = input.clone();
        async move { save_chat_link(Some(id), input).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.success(i18n.t(text!(staff.saved)));
            reload.run(());
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let rotate = Action::new(move |_: &()| async move { rotate_link_secret(id).await });
    Effect::new(move |_| match rotate.value().get() {
        Some(Ok(s)) => secret.set(Some(s)),
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(ChatLinkInput {
            identity_mode: mode.get_untracked(),
            identity_required: required.get_untracked(),
            ..base.clone()
        });
    };
    let prefix = format!("identity-{id}");
    let name = link.name.clone();
    let has_secret = link.has_secret;
    view! {
        <form class="form identity-form" on:submit=submit novalidate aria-label=format!("{} {}", i18n.t(text!(console.identity.title)), name)>
            <h3>{link.name.clone()} " " <code class="muted small">{format!("/chat/{}", link.slug)}</code></h3>
            <div class="form-grid">
                <div class="field">
                    <label for=format!("{prefix}-mode")>{move || i18n.t(text!(console.identity.mode))}</label>
                    <select id=format!("{prefix}-mode") on:change=move |ev| mode.set(IdentityMode::from_key(&event_target_value(&ev)))>
                        {IdentityMode::ALL.into_iter().map(|m| view! {
                            <option value=m.key() selected=move || mode.get() == m>{move || i18n.t(mode_text(m))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="check">
                    <input id=format!("{prefix}-required") type="checkbox" prop:checked=move || required.get()
                        on:change=move |ev| required.set(event_target_checked(&ev))/>
                    <label for=format!("{prefix}-required")>{move || i18n.t(text!(console.identity.required))}</label>
                </div>
            </div>
            {move || match secret.get() {
                Some(s) => view! {
                    <div class="banner banner-warn" role="status">
                        <p>{move || i18n.t(text!(console.identity.secret_once))}</p>
                        <code class="secret" aria-label=move || i18n.t(text!(console.identity.secret))>{s.clone()}</code>
                    </div>
                }.into_any(),
                None => view! {
                    <p class="muted small">{move || i18n.t(if has_secret { text!(console.identity.secret_set) } else { text!(console.identity.no_secret) })}</p>
                }.into_any(),
            }}
            <div class="form-actions">
                <button class="button ghost" type="button" disabled=move || rotate.pending().get()
                    on:click=move |_| { rotate.dispatch(()); }>{move || i18n.t(text!(console.identity.new_secret))}</button>
                <button class="button primary" type="submit" disabled=move || save.pending().get()>{move || i18n.t(text!(staff.save))}</button>
            </div>
        </form>
    }
}
