//! What the widget does with each server event, and the queue line.

use leptos::prelude::*;
use model::automation::QueueSpot;
use model::chat::{ClientMsg, Conversation, ConversationStatus, Message, Sender, ServerEvent};

use crate::i18n::use_i18n;
use crate::realtime::{merge_message, ChatSocket};

/// "You are #2 in line, about 3 min" (R4).
pub(super) fn queue_text(spot: Option<QueueSpot>) -> String {
    let i18n = use_i18n();
    match spot {
        Some(s) => {
            let mins = ((s.eta_secs + 59) / 60).max(1);
            leptos_i18n::td_string!(
                i18n.shared(),
                widget.queue_position,
                n = s.position,
                m = mins
            )
        }
        None => i18n.t(text!(widget.queued)).to_owned(),
    }
}

/// Apply one server event to the widget's state. Events for an earlier
/// conversation (late retries) are ignored; a new conversation replaces an
/// ended one.
pub(super) fn on_event(
    event: ServerEvent,
    conversation: RwSignal<Option<Conversation>>,
    messages: RwSignal<Vec<Message>>,
    agent_typing: RwSignal<bool>,
    queue_spot: RwSignal<Option<QueueSpot>>,
    socket: StoredValue<Option<ChatSocket>>,
) {
    let current = conversation.get_untracked();
    match event {
        ServerEvent::Ack { message, .. } | ServerEvent::Message { message } => {
            let belongs = current
                .as_ref()
                .is_none_or(|c| c.id == message.conversation_id);
            let fresh_start = current.as_ref().is_some_and(|c| {
                c.status == ConversationStatus::Ended && message.conversation_id > c.id
            });
            if !belongs && !fresh_start {
                return;
            }
            if fresh_start {
                conversation.set(None);
                messages.set(vec![]);
            }
            if message.sender == Sender::Agent {
                agent_typing.set(false);
                if let Some(s) = socket.get_value() {
                    s.send_now(&ClientMsg::Read {
                        conversation_id: message.conversation_id,
                        seq: message.seq,
                    });
                }
            }
            messages.update(|list| merge_message(list, message));
        }
        ServerEvent::Conversation { conversation: c }
            if current.as_ref().is_none_or(|cur| c.id >= cur.id) =>
        {
            if c.status != ConversationStatus::Queued {
                queue_spot.set(None);
            }
            conversation.set(Some(c));
        }
        ServerEvent::Queue { spot }
            if current
                .as_ref()
                .is_none_or(|c| c.id == spot.conversation_id) =>
        {
            queue_spot.set(Some(spot));
        }
        ServerEvent::Typing {
            sender: Sender::Agent,
            typing,
            ..
        } => {
            agent_typing.set(typing);
            if typing {
                set_timeout(
                    move || agent_typing.set(false),
                    std::time::Duration::from_secs(5),
                );
            }
        }
        _ => {}
    }
}
