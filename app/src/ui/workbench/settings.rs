//! "My settings" (its own rail item): the agent's status, own max chats,
//! language, API tokens, two-factor sign-in, personal canned replies, and
//! signing out.

use leptos::form::ActionForm;
use leptos::prelude::*;
use model::people::{Agent, AgentStatus};
use model::{Me, Permission};

use super::{tokens, two_factor, StatusPicker};
use crate::api::auth::Logout;
use crate::api::people::set_my_max_chats;
use crate::i18n::use_i18n;
use crate::ui::common::{
    error_message, field_error, use_toasts, AvatarPicker, LangSwitch, TextField,
};
use crate::ui::console::{parse_optional_int, CannedRepliesEditor};

#[component]
pub fn SettingsPane(
    me: Me,
    agent: Agent,
    status: RwSignal<AgentStatus>,
    /// The agent's picture, shared with the rail.
    avatar: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    let may_set_max = me.can(Permission::SetOwnMaxChats);
    view! {
        <main class="wb-settings" aria-labelledby="my-settings-h">
            <h1 id="my-settings-h">{move || i18n.t(text!(workbench.settings))}</h1>
            <section class="card">
                <p><span class="muted">{move || i18n.t(text!(workbench.auth.signed_in_as))}</span> " " <span class="strong">{me.display_name.clone()}</span></p>
                <AvatarPicker agent_id=agent.id name=me.display_name.clone() url=avatar/>
                <StatusPicker status/>
                {may_set_max.then(|| view! { <MaxChatsForm initial=agent.max_chats/> })}
                <LangSwitch/>
                <ActionForm action=logout>
                    <button class="button ghost" type="submit">{move || i18n.t(text!(staff.auth.logout))}</button>
                </ActionForm>
            </section>
            <section class="card" aria-labelledby="my-canned-h">
                <h2 id="my-canned-h">{move || i18n.t(text!(workbench.canned.mine))}</h2>
                <CannedRepliesEditor shared=false/>
            </section>
            <tokens::ApiTokens/>
            <two_factor::TwoFactorCard/>
        </main>
    }
}

#[component]
fn MaxChatsForm(initial: Option<i32>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let value = RwSignal::new(initial.map(|n| n.to_string()).unwrap_or_default());
    let save = Action::new(|n: &Option<i32>| {
        let n = *n;
        async move { set_my_max_chats(n).await }
    });
    let local_error = RwSignal::new(None::<String>);
    let result = move || save.value().get();
    let error = Signal::derive(move || {
        local_error
            .get()
            .or_else(|| field_error(result, "max_chats").get())
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => toasts.success(i18n.t(text!(staff.saved))),
        Some(Err(e)) if e.field_error("max_chats").is_none() => toasts.error(error_message(&e)),
        _ => {}
    });
    view! {
        <form class="form" on:submit=move |ev| {
            ev.prevent_default();
            match parse_optional_int(&value.get_untracked()) {
                Some(n) => { local_error.set(None); save.dispatch(n); }
                None => local_error.set(Some(i18n.t(text!(common.err.not_a_number)).to_owned())),
            }
        }>
            <TextField id="my-max-chats" label=Signal::derive(move || i18n.t(text!(workbench.my_max_chats))) value input_type="number" error hint=Signal::derive(move || i18n.t(text!(staff.agents.max_chats_hint)))/>
            <button class="button" type="submit">{move || i18n.t(text!(staff.save))}</button>
        </form>
    }
}
