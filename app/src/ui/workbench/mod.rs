//! The agent workbench (`/workbench`): conversation list, chat, customer
//! panel (W1, W4, W5), the agent's presence (W6) and own max chats.

mod chat;
mod customer;
mod history;
mod tickets;
mod tokens;
mod two_factor;

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use model::people::{Agent, AgentStatus};
use model::{Me, Permission};

use crate::api::auth::{current_user, Logout};
use crate::api::people::{my_agent, set_my_max_chats, set_my_status};
use crate::i18n::{agent_status_text, use_i18n};
use crate::ui::common::{
    error_message, field_error, use_toasts, LangSwitch, LoadError, Loading, TextField, ToastHost,
};
use crate::ui::console::parse_optional_int;
use crate::ui::console::RedirectToLogin;

#[component]
pub fn WorkbenchPage() -> impl IntoView {
    let data = Resource::new(
        || (),
        |_| async move {
            match current_user().await? {
                Some(me) => Ok(Some((me, my_agent().await?))),
                None => Ok(None),
            }
        },
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some((me, agent))) => view! { <Workbench me agent/> }.into_any(),
                    Ok(None) => view! { <RedirectToLogin/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pane {
    Chats,
    Tickets,
    History,
}

/// Moving between the workbench's panes from inside one of them (a
/// ticket's linked conversation opens in the chat pane when it is one of
/// mine and open, else read-only in History).
#[derive(Clone, Copy)]
pub(crate) struct WorkbenchNav {
    pane: RwSignal<Pane>,
    /// The conversation History shows.
    pub transcript: RwSignal<Option<i64>>,
    chats: chat::ChatState,
}

impl WorkbenchNav {
    pub fn open_conversation(self, id: i64) {
        if self.chats.open_if_mine(id) {
            self.pane.set(Pane::Chats);
        } else {
            self.transcript.set(Some(id));
            self.pane.set(Pane::History);
        }
    }
}

#[component]
fn Workbench(me: Me, agent: Agent) -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    let console = me.can_use_console();
    let may_set_max = me.can(Permission::SetOwnMaxChats);
    let pane = RwSignal::new(Pane::Chats);
    let my_status = RwSignal::new(agent.status);
    let state = chat::ChatState::start(me.id);
    provide_context(state);
    provide_context(WorkbenchNav {
        pane,
        transcript: RwSignal::new(None),
        chats: state,
    });
    view! {
        // The unread count in the tab title.
        <Title text=move || {
            let base = i18n.t(text!(staff.nav.workbench));
            match state.total_unread() {
                0 => format!("{base} · Switchboard"),
                n => format!("({n}) {base} · Switchboard"),
            }
        }/>
        <div class="workbench">
            <nav class="rail" aria-label=move || i18n.t(text!(staff.nav.main))>
                <span class="logo-mark" aria-hidden="true">"S"</span>
                <button class="rail-item" class:active=move || pane.get() == Pane::Chats
                    aria-label=move || i18n.t(text!(workbench.conversations))
                    aria-pressed=move || (pane.get() == Pane::Chats).to_string()
                    on:click=move |_| pane.set(Pane::Chats)>
                    <ChatIcon/>
                    {move || { let n = state.total_unread(); (n > 0).then(|| view! { <span class="rail-badge">{n}</span> }) }}
                </button>
                <button class="rail-item" class:active=move || pane.get() == Pane::Tickets
                    aria-label=move || i18n.t(text!(workbench.tickets.title))
                    aria-pressed=move || (pane.get() == Pane::Tickets).to_string()
                    on:click=move |_| pane.set(Pane::Tickets)>
                    <TicketIcon/>
                </button>
                <button class="rail-item" class:active=move || pane.get() == Pane::History
                    aria-label=move || i18n.t(text!(workbench.history))
                    aria-pressed=move || (pane.get() == Pane::History).to_string()
                    on:click=move |_| pane.set(Pane::History)>
                    <HistoryIcon/>
                </button>
                {console.then(|| view! { <a href="/admin" rel="external" class="rail-item" aria-label=move || i18n.t(text!(staff.nav.console))><GearIcon/></a> })}
            </nav>
            {move || match pane.get() {
                Pane::Chats => view! {
                    <section class="wb-list" aria-label=move || i18n.t(text!(workbench.conversations))>
                        <header class="wb-list-header">
                            <h1>{move || i18n.t(text!(workbench.conversations))}</h1>
                            <p class="small muted" aria-live="polite">{move || leptos_i18n::td_string!(i18n.staff(), staff.waiting, n = state.waiting.get())}</p>
                            {move || (state.connection() == crate::realtime::Connection::Reconnecting).then(|| view! {
                                <p class="small muted" role="status">{move || i18n.t(text!(common.reconnecting))}</p>
                            })}
                        </header>
                        <chat::ConversationList/>
                        <StatusPicker status=my_status/>
                    </section>
                    <main class="wb-chat"><chat::ChatPane/></main>
                }.into_any(),
                Pane::Tickets => view! { <tickets::TicketsPane/> }.into_any(),
                Pane::History => view! { <history::HistoryPane/> }.into_any(),
            }}
            <aside class="wb-panel" aria-label=move || i18n.t(text!(workbench.settings))>
                <customer::CustomerPanel/>
                <h2>{move || i18n.t(text!(workbench.settings))}</h2>
                <p><span class="muted">{move || i18n.t(text!(workbench.auth.signed_in_as))}</span> " " <span class="strong">{me.display_name.clone()}</span></p>
                {may_set_max.then(|| view! { <MaxChatsForm initial=agent.max_chats/> })}
                <LangSwitch/>
                <tokens::ApiTokens/>
                <two_factor::TwoFactorCard/>
                <ActionForm action=logout>
                    <button class="button ghost wide" type="submit">{move || i18n.t(text!(staff.auth.logout))}</button>
                </ActionForm>
            </aside>
            <ToastHost/>
        </div>
    }
}

#[component]
/// `status` lives in the workbench, so switching panes keeps what was chosen.
fn StatusPicker(status: RwSignal<AgentStatus>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let change = Action::new(|s: &AgentStatus| {
        let s = *s;
        async move { set_my_status(s).await }
    });
    Effect::new(move |_| match change.value().get() {
        Some(Ok(agent)) => {
            status.set(agent.status);
            toasts.success(i18n.t(text!(workbench.status_changed)));
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    view! {
        <div class="status-picker">
            <span class=move || format!("dot dot-{}", status.get().key()) aria-hidden="true"></span>
            <label class="sr-only" for="my-status">{move || i18n.t(text!(workbench.my_status))}</label>
            <select id="my-status" on:change=move |ev| {
                if let Some(s) = AgentStatus::from_key(&event_target_value(&ev)) { change.dispatch(s); }
            }>
                {AgentStatus::ALL.into_iter().map(|s| {
                    let label = agent_status_text(s);
                    view! { <option value=s.key() selected=move || status.get() == s>{move || i18n.t(label)}</option> }
                }).collect_view()}
            </select>
        </div>
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

#[component]
fn ChatIcon() -> impl IntoView {
    view! {
        <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
            <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/>
        </svg>
    }
}

#[component]
fn GearIcon() -> impl IntoView {
    view! {
        <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
            <circle cx="12" cy="12" r="3"/>
            <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z"/>
        </svg>
    }
}

#[component]
fn HistoryIcon() -> impl IntoView {
    view! {
        <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
            <path d="M3 12a9 9 0 1 0 3-6.7L3 8"/><path d="M3 3v5h5"/><path d="M12 7v5l4 2"/>
        </svg>
    }
}

#[component]
fn TicketIcon() -> impl IntoView {
    view! {
        <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
            <path d="M3 7a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v3a2 2 0 0 0 0 4v3a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-3a2 2 0 0 0 0-4z"/><path d="M13 5v14" stroke-dasharray="2 2"/>
        </svg>
    }
}
