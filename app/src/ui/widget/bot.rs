//! The bot in the widget (P3): "Talk to a person" while the bot has the
//! chat, and what clicking a suggestion or rating an answer does.

use leptos::prelude::*;
use model::bot::BotReply;
use model::chat::{Conversation, ConversationStatus, Message};

use crate::api::bot::{visitor_hand_off, visitor_rate_answer};
use crate::i18n::use_i18n;
use crate::realtime::ChatSocket;
use crate::ui::common::{error_message, use_toasts, BotActions};

/// Suggestions are sent as the visitor's words; a rating is stored and
/// shown at once.
pub(super) fn actions(
    conversation: RwSignal<Option<Conversation>>,
    messages: RwSignal<Vec<Message>>,
    token: StoredValue<String>,
    socket: StoredValue<Option<ChatSocket>>,
) -> BotActions {
    let toasts = use_toasts();
    BotActions {
        pick: Callback::new(move |question: String| {
            let open = conversation
                .get_untracked()
                .filter(|c| c.status != ConversationStatus::Ended);
            if let (Some(s), Some(c)) = (socket.get_value(), open) {
                s.send_text(Some(c.id), question);
            }
        }),
        rate: Callback::new(move |(seq, helpful): (i64, bool)| {
            let Some(c) = conversation.get_untracked() else {
                return;
            };
            let t = token.get_value();
            leptos::task::spawn_local(async move {
                match visitor_rate_answer(t, c.id, seq, helpful).await {
                    Ok(()) => messages.update(|list| {
                        if let Some(Some(BotReply::Answer { helpful: h, .. })) = list
                            .iter_mut()
                            .find(|m| m.seq == seq)
                            .map(|m| m.bot.as_mut())
                        {
                            *h = Some(helpful);
                        }
                    }),
                    Err(e) => toasts.error(error_message(&e)),
                }
            });
        }),
    }
}

/// One click to a person, shown while the bot has the chat.
#[component]
pub(super) fn TalkToPerson(
    conversation: RwSignal<Option<Conversation>>,
    token: StoredValue<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let with_bot = move || {
        conversation
            .get()
            .is_some_and(|c| c.status == ConversationStatus::Bot)
    };
    let hand_off = move |_| {
        let Some(c) = conversation.get_untracked() else {
            return;
        };
        let t = token.get_value();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = visitor_hand_off(t, c.id).await;
            busy.set(false);
            match result {
                Ok(c) => conversation.set(Some(c)),
                Err(e) => toasts.error(error_message(&e)),
            }
        });
    };
    view! {
        {move || with_bot().then(|| view! {
            <div class="widget-bot-bar">
                <button type="button" class="button small" disabled=move || busy.get() on:click=hand_off>
                    {move || if busy.get() { i18n.t(text!(widget.talking_to_person)) } else { i18n.t(text!(widget.talk_to_person)) }}
                </button>
            </div>
        })}
    }
}
