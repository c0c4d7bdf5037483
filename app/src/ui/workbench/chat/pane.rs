//! The open chat: header with its actions, the messages, and the composer
//! (canned replies, emoji, attachments).

use leptos::prelude::*;
use model::chat::{ClientMsg, ConversationStatus, Message, Sender};
use model::AppError;

use super::{transfer::TransferDialog, upsert, ChatState};
use crate::api::conversations::end_conversation;
use crate::api::survey::invite_rating;
use crate::i18n::use_i18n;
use crate::realtime::merge_message;
use crate::ui::common::{
    error_message, pending_for, upload_error_text, use_toasts, AttachButton, MessageList,
};

#[component]
pub fn ChatPane() -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<ChatState>();
    let toasts = use_toasts();
    let draft = RwSignal::new(String::new());
    let typing = crate::realtime::TypingThrottle::new();
    let show_transfer = RwSignal::new(false);
    let show_ticket = RwSignal::new(false);
    let canned = crate::ui::workbench::canned_picker::CannedState::new(draft);
    let agent_name = use_context::<crate::ui::workbench::canned_picker::AgentName>()
        .map(|n| n.0)
        .unwrap_or_default();
    let vars = Signal::derive(move || model::canned::ReplyVars {
        customer_name: state.current().map(|c| c.visitor_name).unwrap_or_default(),
        agent_name: agent_name.clone(),
    });
    let invite = Action::new(|id: &i64| {
        let id = *id;
        async move { invite_rating(id).await }
    });
    Effect::new(move |_| match invite.value().get() {
        Some(Ok(())) => toasts.success(i18n.t(text!(workbench.rating_invited))),
        Some(Err(e)) => toasts.error(match e.field_error("survey") {
            Some(f) => crate::ui::common::error_text(f),
            None => error_message(&e).to_owned(),
        }),
        None => {}
    });
    let messages = Signal::derive(move || {
        let id = state.selected.get();
        state
            .messages
            .with(|m| id.and_then(|id| m.get(&id).cloned()).unwrap_or_default())
    });
    let pending = Signal::derive(move || {
        let id = state.selected.get();
        match state.socket.get_value() {
            Some(s) => pending_for(&s.outbox.get(), id)
                .into_iter()
                .filter(|_| id.is_some())
                .collect(),
            None => vec![],
        }
    });
    let read_seq = Signal::derive(move || state.current().map(|c| c.visitor_read_seq).unwrap_or(0));
    let send = move || {
        let text = draft.get_untracked();
        let Some(id) = state.selected.get_untracked() else {
            return;
        };
        if text.trim().is_empty() {
            return;
        }
        if let Some(s) = state.socket.get_value() {
            s.send_text(Some(id), text);
            draft.set(String::new());
        }
    };
    let on_upload = Callback::new(move |result: Result<Message, AppError>| match result {
        Ok(msg) => state
            .messages
            .update(|m| merge_message(m.entry(msg.conversation_id).or_default(), msg)),
        Err(e) => toasts.error(upload_error_text(&e)),
    });
    let end = Action::new(|id: &i64| {
        let id = *id;
        async move { end_conversation(id).await }
    });
    Effect::new(move |_| match end.value().get() {
        Some(Ok(c)) => {
            toasts.success(i18n.t(text!(workbench.ended_toast)));
            state.conversations.update(|l| upsert(l, c));
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    // Only a change of chat or its ending re-creates the pane: new lines
    // and list updates must not take the draft's focus or close the emoji
    // picker mid-click.
    let shown = Memo::new(move |_| {
        state
            .current()
            .map(|c| (c.id, c.status == ConversationStatus::Ended))
    });
    view! {
        {move || match shown.get() {
            None => view! { <p class="muted wb-empty">{move || i18n.t(text!(workbench.select_conversation))}</p> }.into_any(),
            Some((id, ended)) => {
                let rated = move || state.current().is_some_and(|c| c.rated);
                view! {
                    <header class="chat-header">
                        <div>
                            <h2>{move || state.current().map(|c| c.visitor_name)}</h2>
                            <p class="muted small">{move || state.current().map(|c| {
                                let from = c.source_url.map(|u| format!(" · {u}")).unwrap_or_default();
                                view! { <crate::ui::workbench::follower::ChannelBadge channel=c.channel name=c.channel_name.unwrap_or_default()/>{from} }
                            })}</p>
                        </div>
                        <div class="chat-actions">
                            <button class="button small" disabled=ended on:click=move |_| show_transfer.set(true)>{move || i18n.t(text!(workbench.transfer))}</button>
                            <button class="button small" on:click=move |_| show_ticket.set(true)>{move || i18n.t(text!(workbench.ticket))}</button>
                            <button class="button small" disabled=move || ended || rated() on:click=move |_| { invite.dispatch(id); }>{move || i18n.t(text!(workbench.invite_rating))}</button>
                            <button class="button small danger" disabled=ended on:click=move |_| { end.dispatch(id); }>{move || i18n.t(text!(workbench.end))}</button>
                        </div>
                    </header>
                    <MessageList messages pending viewer=Sender::Agent read_seq label=Signal::derive(move || i18n.t(text!(common.chat.messages)))/>
                    {move || state.typing.with(|t| t.contains(&id)).then(|| view! { <p class="typing" role="status">{move || i18n.t(text!(workbench.visitor_typing))}</p> })}
                    {if ended {
                        view! { <p class="chat-ended muted">{move || i18n.t(text!(common.ended))}</p> }.into_any()
                    } else {
                        view! {
                            <form class="composer" on:submit=move |ev| { ev.prevent_default(); send(); }>
                                <textarea rows="3" maxlength=model::chat::MESSAGE_MAX.to_string()
                                    aria-label=move || i18n.t(text!(workbench.chat.reply))
                                    placeholder=move || i18n.t(text!(workbench.chat.reply_placeholder))
                                    prop:value=move || draft.get()
                                    on:input=move |ev| {
                                        draft.set(event_target_value(&ev));
                                        if typing.due() {
                                            if let Some(s) = state.socket.get_value() {
                                                s.send_now(&ClientMsg::Typing { conversation_id: id, typing: true });
                                            }
                                        }
                                    }
                                    aria-controls="canned-list"
                                    aria-expanded=move || canned.is_open().to_string()
                                    aria-activedescendant=move || canned.active_id()
                                    on:keydown=move |ev| {
                                        if canned.on_key(&ev, &vars.get_untracked()) {
                                            return;
                                        }
                                        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                                            ev.prevent_default();
                                            send();
                                        }
                                    }></textarea>
                                <crate::ui::workbench::canned_picker::CannedPicker state=canned vars/>
                                <crate::ui::common::EmojiPicker draft/>
                                <AttachButton conversation_id=Signal::derive(move || Some(id)) bearer=Signal::derive(|| None::<String>)
                                    disabled=Signal::derive(|| false) on_result=on_upload/>
                                <button class="button primary" type="submit">{move || i18n.t(text!(common.chat.send))}</button>
                            </form>
                        }.into_any()
                    }}
                }.into_any()
            }
        }}
        // Outside the block above, which re-renders when the chat changes: a
        // dialog keeps what the agent typed while chats move.
        {move || show_transfer.get().then(|| state.selected.get_untracked().map(|id| view! { <TransferDialog id open=show_transfer/> }))}
        {move || show_ticket.get().then(|| {
            let c = state.current_untracked()?;
            let subject: String = crate::ui::common::preview_text(&c).chars().take(80).collect();
            Some(view! {
                <crate::ui::workbench::tickets::NewTicketDialog conversation_id=Some(c.id) subject open=show_ticket on_created=Callback::new(|_| ())/>
            })
        })}
    }
}
