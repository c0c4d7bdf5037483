//! One conversation in full beside the results (M2): every line, system
//! lines and files included, how it was routed, the visitor's rating, its
//! business records, and saving it as a text or HTML file.

use leptos::prelude::*;
use model::chat::Sender;
use model::transcripts::Transcript;

use super::export::{rating_text, to_html, to_text, Labels};
use crate::api::records::conversation_records;
use crate::api::transcripts::open_transcript;
use crate::i18n::use_i18n;
use crate::ui::common::{date_time, message_text, LoadError, Loading, MessageList};
use crate::ui::workbench::routing_facts::RoutingFacts;

#[component]
pub(super) fn TranscriptView(id: i64, open: RwSignal<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = Resource::new(move || id, open_transcript);
    let records = Resource::new(move || id, conversation_records);
    view! {
        <aside class="card monitor-watch" aria-label=move || i18n.t(text!(console.transcripts.conversation))>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Ok(t) => view! { <Full t open/> }.into_any(),
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = records.await.unwrap_or_default();
                    (!list.is_empty()).then(|| view! {
                        <section aria-label=move || i18n.t(text!(console.transcripts.records))>
                            <h3>{move || i18n.t(text!(console.transcripts.records))}</h3>
                            <ul class="plain">
                                {list.into_iter().map(|r| view! {
                                    <li>{r.template_name} <span class="muted small">" · " {r.author_name} " · " {date_time(r.updated_at)}</span></li>
                                }).collect_view()}
                            </ul>
                        </section>
                    })
                })}
            </Transition>
        </aside>
    }
}

#[component]
fn Full(t: Transcript, open: RwSignal<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    let labels = move || Labels {
        title: i18n.t(text!(console.transcripts.file_title)),
        agent: i18n.t(text!(console.monitor.agent)),
        bot: i18n.t(text!(console.transcripts.bot)),
        channel: i18n.t(text!(console.monitor.channel)),
        started: i18n.t(text!(console.transcripts.started)),
        internal: i18n.t(text!(console.transcripts.internal)),
        rating: i18n.t(text!(console.transcripts.rating_given)),
    };
    let c = t.conversation.clone();
    let rating = t.rating.clone();
    let messages = t.messages.clone();
    let save = {
        let t = StoredValue::new(t);
        move |html: bool| {
            let t = t.get_value();
            let id = t.conversation.id;
            let name = format!("transcript-{id}.{}", if html { "html" } else { "txt" });
            if html {
                let body = to_html(&t, message_text, &labels());
                crate::browser::download(&name, "text/html;charset=utf-8", &body);
            } else {
                let body = to_text(&t, message_text, &labels());
                crate::browser::download(&name, "text/plain;charset=utf-8", &body);
            }
        }
    };
    let save_html = save;
    let id = c.id;
    let read = c.visitor_read_seq;
    view! {
        <header class="watch-header">
            <div>
                <h2>{c.visitor_name.clone()}</h2>
                <p class="muted small">{c.agent_name.clone().unwrap_or_else(|| "—".into())} " · " {date_time(c.started_at)}
                    {c.ended_at.map(|t| format!(" – {}", date_time(t)))}</p>
            </div>
            <button class="button ghost small" type="button" on:click=move |_| open.set(None)>{move || i18n.t(text!(console.monitor.close))}</button>
        </header>
        <div class="form-actions">
            <button class="button small" type="button" on:click=move |_| save(false)>{move || i18n.t(text!(console.transcripts.save_text))}</button>
            <button class="button small" type="button" on:click=move |_| save_html(true)>{move || i18n.t(text!(console.transcripts.save_html))}</button>
        </div>
        <RoutingFacts conversation_id=id/>
        <p class="small">
            <span class="muted">{move || i18n.t(text!(console.transcripts.rating_given))} ": "</span>
            {match rating {
                Some(r) => view! {
                    <span>{rating_text(&r)}</span>
                    <span class="muted">{r.agent_name.map(|a| format!(" · {a}"))} " · " {date_time(r.created_at)}</span>
                }.into_any(),
                None => view! { <span class="muted">{move || i18n.t(text!(console.transcripts.not_rated))}</span> }.into_any(),
            }}
        </p>
        <MessageList messages=Signal::stored(messages) pending=Signal::stored(vec![]) viewer=Sender::Agent
            read_seq=Signal::stored(read) label=Signal::derive(move || i18n.t(text!(common.chat.messages)))/>
    }
}
