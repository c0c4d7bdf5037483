//! The message list shared by the widget and the workbench: bubbles for
//! each side, centred system lines, "sending…" for unacknowledged messages
//! and read state. Text is always rendered as text, never as HTML.

use leptos::prelude::*;
use model::chat::{Message, Sender};

use crate::i18n::use_i18n;

/// The text to show for a message: system messages carry i18n keys.
pub fn message_text(body: &str) -> String {
    if body.starts_with("system.") {
        crate::i18n::use_i18n().t(body).to_owned()
    } else {
        body.to_owned()
    }
}

#[component]
pub fn MessageList(
    #[prop(into)] messages: Signal<Vec<Message>>,
    /// Bodies of messages not yet acknowledged: (client id, text).
    #[prop(into)]
    pending: Signal<Vec<(String, String)>>,
    /// Whose view this is: their own messages sit on the right.
    viewer: Sender,
    /// Highest seq the other side has read.
    #[prop(into)]
    read_seq: Signal<i64>,
    #[prop(into)] label: Signal<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let list_ref = NodeRef::<leptos::html::Ol>::new();
    // Keep the newest message in view.
    Effect::new(move |_| {
        messages.track();
        pending.track();
        if let Some(el) = list_ref.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });
    view! {
        <ol class="messages" node_ref=list_ref aria-label=label aria-live="polite">
            <For each=move || messages.get() key=|m| m.seq let:m>
                {
                    let mine = m.sender == viewer;
                    let seq = m.seq;
                    let time = m.created_at.format("%H:%M").to_string();
                    match m.sender {
                        Sender::System if m.internal => view! {
                            <li class="msg-note"><span class="note-label">{move || i18n.t("chat.internal_note")}</span>" " {m.body.clone()}</li>
                        }.into_any(),
                        Sender::System => view! { <li class="msg-system">{message_text(&m.body)}</li> }.into_any(),
                        _ => view! {
                            <li class="msg" class:mine=mine class:theirs=!mine>
                                {(!mine).then(|| m.agent_name.clone()).flatten().map(|n| view! { <span class="msg-author">{n}</span> })}
                                <div class="bubble">{m.body.clone()}</div>
                                <span class="msg-meta">
                                    {time}
                                    {mine.then(|| view! {
                                        <span class="msg-read">{move || if read_seq.get() >= seq { i18n.t("chat.read") } else { "" }}</span>
                                    })}
                                </span>
                            </li>
                        }.into_any(),
                    }
                }
            </For>
            <For each=move || pending.get() key=|(id, _)| id.clone() let:p>
                <li class="msg mine pending">
                    <div class="bubble">{p.1}</div>
                    <span class="msg-meta">{move || i18n.t("chat.sending")}</span>
                </li>
            </For>
        </ol>
    }
}

/// Bodies of the outbox's text messages for one conversation (or a new one).
pub fn pending_for(
    outbox: &crate::realtime::Outbox,
    conversation_id: Option<i64>,
) -> Vec<(String, String)> {
    outbox
        .bodies()
        .into_iter()
        .filter_map(|(id, msg)| match msg {
            model::chat::ClientMsg::Send {
                conversation_id: c,
                body,
                ..
            } if c == conversation_id || c.is_none() => Some((id, body)),
            _ => None,
        })
        .collect()
}
