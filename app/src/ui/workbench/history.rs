//! Ended conversations (W5): a list and a read-only transcript.

use leptos::prelude::*;
use model::chat::Sender;

use crate::api::conversations::{conversation_messages, ended_conversations};
use crate::i18n::use_i18n;
use crate::ui::common::{LoadError, Loading, MessageList};

#[component]
pub fn HistoryPane() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| ended_conversations());
    // Shared with the workbench, so other panes can open a transcript here.
    let selected = expect_context::<super::WorkbenchNav>().transcript;
    let transcript = Resource::new(
        move || selected.get(),
        |id| async move {
            match id {
                Some(id) => conversation_messages(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <section class="wb-list" aria-label=move || i18n.t(text!(workbench.history))>
            <header class="wb-list-header"><h1>{move || i18n.t(text!(workbench.history))}</h1></header>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(error) => view! { <LoadError error/> }.into_any(),
                        Ok(items) if items.is_empty() => view! { <p class="muted wb-empty">{move || i18n.t(text!(workbench.no_history))}</p> }.into_any(),
                        Ok(items) => view! {
                            <ul role="listbox" aria-label=move || i18n.t(text!(workbench.history))>
                                {items.into_iter().map(|c| {
                                    let id = c.id;
                                    let when = c.ended_at.map(crate::ui::common::date_time).unwrap_or_default();
                                    view! {
                                        <li role="option" class="conv-item" tabindex="0"
                                            class:selected=move || selected.get() == Some(id)
                                            aria-selected=move || (selected.get() == Some(id)).to_string()
                                            on:click=move |_| selected.set(Some(id))
                                            on:keydown=move |ev| if ev.key() == "Enter" { selected.set(Some(id)) }>
                                            <div class="conv-top"><span class="strong">{c.visitor_name.clone()}</span><span class="muted small">{when}</span></div>
                                            <div class="conv-preview muted small">{crate::ui::common::preview_text(&c)}</div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <main class="wb-chat">
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match transcript.await {
                        Ok(Some((c, messages))) => view! {
                            <header class="chat-header"><div><h2>{c.visitor_name.clone()}</h2><p class="muted small">{c.agent_name.clone()}</p></div></header>
                            <super::routing_facts::RoutingFacts conversation_id=c.id/>
                            <MessageList messages=Signal::stored(messages) pending=Signal::stored(vec![]) viewer=Sender::Agent read_seq=Signal::stored(c.visitor_read_seq) label=Signal::derive(move || i18n.t(text!(common.chat.messages)))/>
                        }.into_any(),
                        Ok(None) => view! { <p class="muted wb-empty">{move || i18n.t(text!(workbench.select_history))}</p> }.into_any(),
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}
