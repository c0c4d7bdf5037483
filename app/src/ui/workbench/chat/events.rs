//! What the workbench does with each event from the tab's socket: new
//! lines, conversations arriving and leaving, the queue, typing, customer
//! and online-visitor changes.

use leptos::prelude::*;
use model::chat::{ClientMsg, Sender, ServerEvent};

use super::{upsert, ChatState};
use crate::browser;
use crate::i18n::use_i18n;
use crate::realtime::merge_message;

impl ChatState {
    pub(super) fn on_event(self, event: ServerEvent) {
        match event {
            ServerEvent::Ack { message, .. } | ServerEvent::Message { message } => {
                let id = message.conversation_id;
                let known = self
                    .conversations
                    .with_untracked(|l| l.iter().any(|c| c.id == id));
                if message.sender == Sender::Visitor {
                    self.typing.update(|t| {
                        t.remove(&id);
                    });
                    if self.selected.get_untracked() == Some(id) {
                        self.mark_read(id, message.seq);
                    } else {
                        browser::beep();
                        browser::notify(use_i18n().t(text!(workbench.new_message)), &message.body);
                    }
                }
                let (seq, preview, line, internal) = (
                    message.seq,
                    message.body.clone(),
                    message.system,
                    message.internal,
                );
                self.messages
                    .update(|m| merge_message(m.entry(id).or_default(), message));
                self.conversations.update(|list| {
                    if let Some(c) = list.iter_mut().find(|c| c.id == id) {
                        c.last_seq = c.last_seq.max(seq);
                        if !internal {
                            c.last_message = Some(preview);
                            c.last_line = line;
                        }
                    }
                });
                if !known {
                    self.reload();
                }
            }
            ServerEvent::Conversation { conversation } => {
                let mine = conversation.agent_id == Some(self.me);
                let id = conversation.id;
                let new = mine
                    && !self
                        .conversations
                        .with_untracked(|l| l.iter().any(|c| c.id == id));
                self.conversations.update(|list| {
                    if mine {
                        upsert(list, conversation);
                    } else {
                        list.retain(|c| c.id != id);
                    }
                });
                if new {
                    browser::beep();
                    browser::notify(use_i18n().t(text!(workbench.new_chat)), "");
                    if let Some(s) = self.socket.get_value() {
                        s.track(id, 0);
                        s.send_now(&ClientMsg::Resume {
                            conversation_id: id,
                            after_seq: 0,
                        });
                    }
                    if self.selected.get_untracked().is_none() {
                        self.selected.set(Some(id));
                    }
                }
                if !mine && self.selected.get_untracked() == Some(id) {
                    self.selected.set(
                        self.conversations
                            .with_untracked(|l| l.first().map(|c| c.id)),
                    );
                }
            }
            ServerEvent::Delivery {
                conversation_id,
                seq,
                delivery,
            } => self.messages.update(|m| {
                if let Some(msg) = m
                    .get_mut(&conversation_id)
                    .and_then(|l| l.iter_mut().find(|x| x.seq == seq))
                {
                    msg.delivery = Some(delivery);
                }
            }),
            ServerEvent::QueueLength { waiting } => self.waiting.set(waiting),
            ServerEvent::OnlineVisitors { total } => {
                self.online_total.set(total);
                self.online_changes.update(|n| *n += 1);
            }
            ServerEvent::CustomerChanged { customer_id } => self.customer_changes.update(|c| {
                let n = c.map_or(0, |(_, n)| n + 1);
                *c = Some((customer_id, n));
            }),
            ServerEvent::Typing {
                conversation_id,
                sender: Sender::Visitor,
                typing,
            } => {
                self.typing.update(|t| {
                    if typing {
                        t.insert(conversation_id);
                    } else {
                        t.remove(&conversation_id);
                    }
                });
                if typing {
                    let t = self.typing;
                    set_timeout(
                        move || {
                            t.update(|t| {
                                t.remove(&conversation_id);
                            })
                        },
                        std::time::Duration::from_secs(5),
                    );
                }
            }
            _ => {}
        }
    }

    pub(super) fn mark_read(self, id: i64, seq: i64) {
        if let Some(s) = self.socket.get_value() {
            s.send_now(&ClientMsg::Read {
                conversation_id: id,
                seq,
            });
        }
        self.conversations.update(|l| {
            if let Some(c) = l.iter_mut().find(|c| c.id == id) {
                c.agent_read_seq = c.agent_read_seq.max(seq);
            }
        });
    }
}
