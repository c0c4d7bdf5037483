//! A live conversation open read-only beside the monitor (M1): its whole
//! history, then each new message as the socket brings it; from here a
//! supervisor whose role allows it transfers the chat or takes it over.

use leptos::prelude::*;
use model::chat::{ConversationStatus, Sender};
use model::Permission;

use super::Monitor;
use crate::api::auth::current_user;
use crate::api::conversations::conversation_messages;
use crate::api::monitor::take_over_conversation;
use crate::i18n::use_i18n;
use crate::realtime::merge_message;
use crate::ui::common::{use_toasts, LoadError, Loading, MessageList};
use crate::ui::workbench::chat::transfer::{transfer_error_text, TransferDialog};
use crate::ui::workbench::routing_facts::RoutingFacts;

#[component]
pub(super) fn WatchPanel(id: i64, monitor: Monitor) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = Resource::new(move || id, conversation_messages);
    let me = Resource::new(|| (), |_| current_user());
    view! {
        <aside class="card monitor-watch" aria-label=move || i18n.t(text!(console.monitor.watching))>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    let me = me.await.ok().flatten();
                    let may_move = me.as_ref().is_some_and(|m| m.can(Permission::TakeOverChats));
                    let my_id = me.map(|m| m.id);
                    match loaded.await {
                        Ok((first, base)) => {
                            // The conversation as the socket last told of it.
                            let conv = Signal::derive(move || {
                                monitor.changed.get().filter(|c| c.id == id).unwrap_or_else(|| first.clone())
                            });
                            // Only these two decide the buttons: a read receipt
                            // (a new `conversation` event) must not redraw them
                            // and close an open transfer form.
                            let live = Memo::new(move |_| conv.with(|c| c.status != ConversationStatus::Ended));
                            let agent = Memo::new(move |_| conv.with(|c| c.agent_id));
                            let mine = Memo::new(move |_| agent.get() == my_id);
                            let messages = Signal::derive(move || {
                                let mut list = base.clone();
                                for m in monitor.arrived.get() {
                                    merge_message(&mut list, m);
                                }
                                list
                            });
                            view! {
                                <header class="watch-header">
                                    <div>
                                        <h2>{move || conv.get().visitor_name}</h2>
                                        <p class="muted small">{move || conv.get().agent_name.unwrap_or_else(|| i18n.t(text!(console.monitor.in_queue)).to_owned())}</p>
                                    </div>
                                    <button class="button ghost small" type="button" on:click=move |_| monitor.watching.set(None)>
                                        {move || i18n.t(text!(console.monitor.close))}
                                    </button>
                                </header>
                                <p class="muted small" role="note">{move || if conv.get().status == ConversationStatus::Ended {
                                    i18n.t(text!(console.monitor.ended))
                                } else {
                                    i18n.t(text!(console.monitor.read_only))
                                }}</p>
                                <RoutingFacts conversation_id=id/>
                                <MessageList messages pending=Signal::stored(vec![]) viewer=Sender::Agent
                                    read_seq=Signal::derive(move || conv.get().visitor_read_seq)
                                    label=Signal::derive(move || i18n.t(text!(common.chat.messages)))/>
                                {move || (may_move && live.get())
                                    .then(|| view! { <Intervene id mine=Signal::from(mine) agent=Signal::from(agent)/> })}
                            }.into_any()
                        }
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })}
            </Transition>
        </aside>
    }
}

/// Take over, or transfer with a note (the workbench's dialog).
#[component]
fn Intervene(
    id: i64,
    /// Already the viewer's own: nothing to take over.
    mine: Signal<bool>,
    /// Its agent now: not offered as a transfer target.
    agent: Signal<Option<i32>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let transferring = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let take_over = move |_| {
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result = take_over_conversation(id).await;
            let _ = pending.try_set(false);
            match result {
                Ok(_) => toasts.success(i18n.t(text!(console.monitor.taken_over))),
                Err(e) => toasts.error(transfer_error_text(&e)),
            }
        });
    };
    view! {
        <div class="form-actions">
            <button class="button" type="button" on:click=move |_| transferring.update(|t| *t = !*t)
                aria-expanded=move || transferring.get().to_string()>
                {move || i18n.t(text!(workbench.transfer))}
            </button>
            {move || (!mine.get()).then(|| view! {
                <button class="button primary" type="button" disabled=move || pending.get() on:click=take_over>
                    {move || i18n.t(text!(console.monitor.take_over))}
                </button>
            })}
        </div>
        {move || transferring.get().then(|| view! { <TransferDialog id open=transferring current=agent/> })}
    }
}
