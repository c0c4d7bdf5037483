//! "API tokens" in the workbench settings: create a token for an app or
//! integration (the secret is shown once), see when each was last used,
//! revoke one.

use leptos::prelude::*;
use model::people::NewApiToken;

use crate::api::tokens::{create_api_token, my_api_tokens, revoke_api_token};
use crate::i18n::use_i18n;
use crate::ui::common::{error_message, field_error, use_toasts, TextField};

#[component]
pub fn ApiTokens() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let tokens = Resource::new(|| (), |_| my_api_tokens());
    let name = RwSignal::new(String::new());
    let fresh = RwSignal::new(None::<NewApiToken>);
    let create = Action::new(|name: &String| {
        let name = name.clone();
        async move { create_api_token(name).await }
    });
    let result = move || create.value().get();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(t)) => {
            fresh.set(Some(t));
            name.set(String::new());
            tokens.refetch();
        }
        Some(Err(e)) if e.field_error("name").is_none() => toasts.error(error_message(&e)),
        _ => {}
    });
    let revoke = Action::new(|id: &i32| {
        let id = *id;
        async move { revoke_api_token(id).await }
    });
    Effect::new(move |_| match revoke.value().get() {
        Some(Ok(())) => {
            toasts.success(i18n.t(text!(workbench.tokens.revoked)));
            tokens.refetch();
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    view! {
        <section class="api-tokens" aria-labelledby="tokens-heading">
            <h3 id="tokens-heading">{move || i18n.t(text!(workbench.tokens.title))}</h3>
            <p class="muted small">{move || i18n.t(text!(workbench.tokens.hint))}</p>
            {move || fresh.get().map(|t| view! {
                <div class="banner" role="status">
                    <p>{move || i18n.t(text!(workbench.tokens.copy_now))}</p>
                    <input class="code" readonly aria-label=move || i18n.t(text!(workbench.tokens.secret)) prop:value=t.secret.clone()/>
                </div>
            })}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = tokens.await.unwrap_or_default();
                    view! {
                        <ul class="token-list" aria-label=move || i18n.t(text!(workbench.tokens.title))>
                            {list.into_iter().map(|t| {
                                let id = t.id;
                                let label = t.name.clone();
                                let used = t.last_used_at.map(crate::ui::common::date_time);
                                view! {
                                    <li>
                                        <span class="strong">{t.name.clone()}</span>
                                        <span class="muted small">{move || match &used {
                                            Some(d) => format!("{} {d}", i18n.t(text!(workbench.tokens.last_used))),
                                            None => i18n.t(text!(workbench.tokens.never_used)).to_owned(),
                                        }}</span>
                                        <button class="button small ghost" type="button"
                                            aria-label=move || format!("{} {}", i18n.t(text!(workbench.tokens.revoke)), label)
                                            on:click=move |_| { revoke.dispatch(id); }>{move || i18n.t(text!(workbench.tokens.revoke))}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Transition>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); create.dispatch(name.get_untracked()); }>
                <TextField id="token-name" label=Signal::derive(move || i18n.t(text!(workbench.tokens.name))) value=name error=field_error(result, "name")/>
                <button class="button" type="submit" disabled=move || create.pending().get()>{move || i18n.t(text!(workbench.tokens.create))}</button>
            </form>
        </section>
    }
}
