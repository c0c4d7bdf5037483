//! The agent workbench (`/workbench`): conversation list, chat, customer
//! panel (W1, W4, W5), online visitors (W2), the agent's presence (W6)
//! and own max chats.

mod canned_picker;
pub(crate) mod chat;
mod customer;
mod customer_company;
mod customer_history;
mod customer_record;
mod customer_tags;
pub(crate) mod follower;
mod history;
mod icons;
mod online;
mod quality;
pub(crate) mod routing_facts;
mod settings;
mod ticket_fields;
mod tickets;
mod tokens;
mod two_factor;

use leptos::prelude::*;
use leptos_meta::Title;
use model::people::{Agent, AgentStatus};
use model::Me;

use crate::api::auth::current_user;
use crate::api::people::{my_agent, set_my_status};
use crate::i18n::{agent_status_text, use_i18n};
use crate::ui::common::{error_message, use_toasts, Avatar, LoadError, Loading, ToastHost};
use crate::ui::console::RedirectToLogin;
use icons::{ChatIcon, GearIcon, GlobeIcon, HistoryIcon, PersonIcon, StarIcon, TicketIcon};

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
    Online,
    Tickets,
    History,
    Quality,
    Settings,
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
    let console = me.can_use_console();
    let me_id = me.id;
    let pane = RwSignal::new(Pane::Chats);
    provide_context(canned_picker::AgentName(me.display_name.clone()));
    let my_status = RwSignal::new(agent.status);
    // Lives here so a picture uploaded in My settings stays when panes change.
    let my_avatar = RwSignal::new(agent.avatar_url.clone().unwrap_or_default());
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
        <div class="workbench" class:no-panel=move || pane.get() != Pane::Chats>
            <nav class="rail" aria-label=move || i18n.t(text!(staff.nav.main))>
                <span class="logo-mark" aria-hidden="true">"S"</span>
                <button class="rail-item" class:active=move || pane.get() == Pane::Chats
                    aria-label=move || i18n.t(text!(workbench.conversations))
                    aria-pressed=move || (pane.get() == Pane::Chats).to_string()
                    on:click=move |_| pane.set(Pane::Chats)>
                    <ChatIcon/>
                    {move || { let n = state.total_unread(); (n > 0).then(|| view! { <span class="rail-badge">{n}</span> }) }}
                </button>
                <button class="rail-item" class:active=move || pane.get() == Pane::Online
                    aria-label=move || i18n.t(text!(workbench.online.title))
                    aria-pressed=move || (pane.get() == Pane::Online).to_string()
                    on:click=move |_| pane.set(Pane::Online)>
                    <GlobeIcon/>
                    {move || { let n = state.online_total.get(); (n > 0).then(|| view! { <span class="rail-badge rail-badge-quiet" aria-hidden="true">{n}</span> }) }}
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
                <button class="rail-item" class:active=move || pane.get() == Pane::Quality
                    aria-label=move || i18n.t(text!(qa.my_reviews))
                    aria-pressed=move || (pane.get() == Pane::Quality).to_string()
                    on:click=move |_| pane.set(Pane::Quality)>
                    <StarIcon/>
                </button>
                <button class="rail-item" class:active=move || pane.get() == Pane::Settings
                    aria-label=move || i18n.t(text!(workbench.settings))
                    aria-pressed=move || (pane.get() == Pane::Settings).to_string()
                    on:click=move |_| pane.set(Pane::Settings)>
                    {
                        let name = me.display_name.clone();
                        move || match my_avatar.get() {
                            url if url.is_empty() => view! { <PersonIcon/> }.into_any(),
                            url => view! { <Avatar name=name.clone() url=Some(url) small=true/> }.into_any(),
                        }
                    }
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
                Pane::Online => view! { <online::OnlineVisitorsPane/> }.into_any(),
                Pane::Tickets => view! { <tickets::TicketsPane/> }.into_any(),
                Pane::History => view! { <history::HistoryPane/> }.into_any(),
                Pane::Quality => view! { <quality::QualityPane me=me_id/> }.into_any(),
                Pane::Settings => view! { <settings::SettingsPane me=me.clone() agent=agent.clone() status=my_status avatar=my_avatar/> }.into_any(),
            }}
            // The right column is the customer panel only, beside a chat.
            {move || (pane.get() == Pane::Chats).then(|| view! {
                <aside class="wb-panel" aria-label=move || i18n.t(text!(workbench.customer))>
                    <customer::CustomerPanel/>
                </aside>
            })}
            <ToastHost/>
        </div>
    }
}

/// `status` lives in the workbench, so switching panes keeps what was chosen.
#[component]
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
