//! The message list shared by the widget and the workbench: bubbles for
//! each side, centred system lines, "sending…" for unacknowledged messages
//! and read state. Text is always rendered as text, never as HTML.

use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use model::chat::{Attachment, Message, Sender};
use model::AppError;

use crate::i18n::use_i18n;
use crate::ui::common::{error_message, error_text, human_size, Avatar};

/// The text to show for a message: a system line in the reader's language,
/// followed by the words it carries (agents' names), or those words alone
/// (an admin's welcome); everything else as it was written.
pub fn message_text(message: &Message) -> String {
    line_text(message.system, &message.body)
}

/// A conversation's preview in the list: its last message as above.
pub fn preview_text(conversation: &model::chat::Conversation) -> String {
    let words = conversation.last_message.as_deref().unwrap_or_default();
    line_text(conversation.last_line, words)
}

fn line_text(line: Option<model::chat::SystemLine>, words: &str) -> String {
    let Some(text) = line.and_then(crate::i18n::system_line_text) else {
        return words.to_owned();
    };
    let said = crate::i18n::use_i18n().t(text);
    if words.is_empty() {
        said.to_owned()
    } else {
        format!("{said}: {words}")
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
    /// The visitor's file ticket that file links carry (`None` for agents,
    /// whose session cookie reads files).
    #[prop(optional, into)]
    file_ticket: Signal<Option<String>>,
    /// The visitor's: suggestions to click and answers to rate (P3).
    #[prop(optional)]
    bot_actions: Option<super::BotActions>,
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
            // A rated answer is a new item: its rating buttons give way.
            <For each=move || messages.get() key=|m| (m.seq, rated(m), m.delivery.as_ref().map(|d| d.state)) let:m>
                {
                    let mine = m.sender == viewer;
                    let seq = m.seq;
                    let time = super::clock_time(m.created_at);
                    match m.sender {
                        Sender::Bot => EitherOf4::D(view! {
                            // The company's side: left for the visitor, right for agents.
                            <li class="msg bot" class:mine=viewer != Sender::Visitor class:theirs=viewer == Sender::Visitor>
                                <super::BotBubble message=m.clone() actions=bot_actions/>
                                <span class="msg-meta">{time}<DeliveryNote delivery=m.delivery.clone()/></span>
                            </li>
                        }),
                        Sender::System if m.internal => EitherOf4::A(view! {
                            <li class="msg-note"><span class="note-label">{move || i18n.t(text!(common.chat.internal_note))}</span>" " {message_text(&m)}</li>
                        }),
                        Sender::System => EitherOf4::B(view! { <li class="msg-system">{message_text(&m)}</li> }),
                        _ => EitherOf4::C(view! {
                            <li class="msg" class:mine=mine class:theirs=!mine>
                                {(!mine).then(|| m.agent_name.clone()).flatten().map(|n| view! {
                                    <span class="msg-author"><Avatar name=n.clone() url=m.agent_avatar.clone() small=true/>{n}</span>
                                })}
                                <div class="bubble">{match m.attachment.clone() {
                                    Some(a) => Either::Left(view! { <AttachmentView attachment=a ticket=file_ticket.get_untracked()/> }),
                                    None => Either::Right(m.body.clone()),
                                }}</div>
                                <span class="msg-meta">
                                    {time}
                                    {mine.then(|| view! {
                                        <span class="msg-read">{move || (read_seq.get() >= seq).then(|| i18n.t(text!(common.chat.read)))}</span>
                                    })}
                                    <DeliveryNote delivery=m.delivery.clone()/>
                                </span>
                            </li>
                        }),
                    }
                }
            </For>
            <For each=move || pending.get() key=|(id, _)| id.clone() let:p>
                <li class="msg mine pending">
                    <div class="bubble">{p.1}</div>
                    <span class="msg-meta">{move || i18n.t(text!(common.chat.sending))}</span>
                </li>
            </For>
        </ol>
    }
}

/// Whether a message to a WeChat/Weibo follower reached the platform
/// (agents only ever see one: visitors' own messages have none).
#[component]
fn DeliveryNote(delivery: Option<model::channels::Delivery>) -> impl IntoView {
    use model::channels::DeliveryState;
    let i18n = use_i18n();
    delivery.map(|d| {
        let failed = d.state == DeliveryState::Failed;
        let reason = d.error.clone().unwrap_or_default();
        let text = move || match d.state {
            DeliveryState::Pending => i18n.t(text!(common.chat.delivery_pending)).to_owned(),
            DeliveryState::Sent => i18n.t(text!(common.chat.delivery_sent)).to_owned(),
            DeliveryState::Failed => {
                let why = match reason.as_str() {
                    "window_closed" => i18n.t(text!(common.chat.delivery_window_closed)).to_owned(),
                    "too_long" => i18n.t(text!(common.chat.delivery_too_long)).to_owned(),
                    "unsupported" => i18n.t(text!(common.chat.delivery_unsupported)).to_owned(),
                    "unreachable" => i18n.t(text!(common.chat.delivery_unreachable)).to_owned(),
                    other => other.to_owned(),
                };
                format!("{}: {why}", i18n.t(text!(common.chat.delivery_failed)))
            }
        };
        view! {
            <span class="msg-delivery" class:failed=failed role=failed.then_some("alert")>{text}</span>
        }
    })
}

/// A bot answer's rating, so rating it re-renders it.
fn rated(m: &Message) -> Option<bool> {
    match &m.bot {
        Some(model::bot::BotReply::Answer { helpful, .. }) => *helpful,
        _ => None,
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

/// An image (shown, opens full size) or a file (downloads) in a bubble.
#[component]
fn AttachmentView(attachment: Attachment, ticket: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let url = match &ticket {
        Some(t) => format!("{}?ticket={}", attachment.url(), crate::browser::encode(t)),
        None => attachment.url(),
    };
    let size = human_size(attachment.size);
    if attachment.is_image() {
        Either::Left(view! {
            <a class="msg-image-link" href=url.clone() target="_blank" rel="noopener">
                <img class="msg-image" src=url.clone() alt=attachment.name.clone() loading="lazy"/>
            </a>
        })
    } else {
        let sep = if url.contains('?') { '&' } else { '?' };
        Either::Right(view! {
            <a class="msg-file" href=format!("{url}{sep}download=1") download=attachment.name.clone()
                aria-label=move || format!("{} {}", i18n.t(text!(common.chat.download)), attachment.name)>
                <span class="msg-file-icon" aria-hidden="true">"📎"</span>
                <span class="msg-file-name">{attachment.name.clone()}</span>
                <span class="msg-file-size">{size}</span>
            </a>
        })
    }
}

/// The words for a failed upload: the file's own problem when there is one.
pub fn upload_error_text(error: &AppError) -> String {
    match error
        .field_error("file")
        .or_else(|| error.field_error("conversation_id"))
    {
        Some(f) => error_text(f),
        None => error_message(error).to_owned(),
    }
}

/// The composer's paper-clip: pick a file, upload it into the conversation.
#[component]
pub fn AttachButton(
    #[prop(into)] conversation_id: Signal<Option<i64>>,
    /// The visitor's token; `None` for agents (their session cookie).
    #[prop(into)]
    bearer: Signal<Option<String>>,
    #[prop(into)] disabled: Signal<bool>,
    on_result: Callback<Result<Message, AppError>>,
    /// The visitor's chat link and page, for a file that starts a chat.
    #[prop(optional)]
    link: Option<String>,
    #[prop(optional)] page: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let uploading = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
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
            // Let the same file be picked again after an error.
            input.set_value("");
            uploading.set(true);
            let (conv, bearer) = (conversation_id.get_untracked(), bearer.get_untracked());
            let (link, page) = (link.clone(), page.clone());
            leptos::task::spawn_local(async move {
                let id = crate::realtime::new_client_id();
                let result = crate::browser::upload(file, conv, id, bearer, link, page).await;
                uploading.set(false);
                on_result.run(result);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, conversation_id, bearer, on_result, &link, &page);
    };
    view! {
        <label class="icon-button attach" class:busy=move || uploading.get() title=move || i18n.t(text!(common.chat.attach))>
            <input type="file" class="sr-only"
                aria-label=move || i18n.t(text!(common.chat.attach))
                accept="image/png,image/jpeg,image/gif,image/webp,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.zip,.txt,.csv,.log,.md"
                disabled=move || disabled.get() || uploading.get()
                on:change=on_change/>
            <span aria-hidden="true">"📎"</span>
        </label>
        <span class="uploading" role="status">{move || uploading.get().then(|| i18n.t(text!(common.chat.uploading)))}</span>
    }
}
