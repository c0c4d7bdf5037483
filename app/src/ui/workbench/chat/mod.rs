//! Live chats in the workbench: the agent's conversation list with unread
//! counts, the open chat with composer, transfer and end, and the customer
//! panel. All state lives in `ChatState`, fed by the tab's socket.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use model::chat::{ClientMsg, Conversation, ConversationStatus, Message, Sender};

use crate::api::conversations::my_conversations;
use crate::api::queue::queue_length;
use crate::browser;
use crate::realtime::{ChatSocket, Connection};

mod events;
mod list;
mod pane;
pub(crate) mod transfer;

pub use list::ConversationList;
pub use pane::ChatPane;

#[derive(Clone, Copy)]
pub struct ChatState {
    me: i32,
    conversations: RwSignal<Vec<Conversation>>,
    messages: RwSignal<HashMap<i64, Vec<Message>>>,
    pub(super) selected: RwSignal<Option<i64>>,
    typing: RwSignal<HashSet<i64>>,
    socket: StoredValue<Option<ChatSocket>>,
    connection: RwSignal<Connection>,
    /// Visitors waiting for an agent (R4).
    pub waiting: RwSignal<i64>,
    /// The last customer someone changed, and a count so the same one
    /// changing twice still notifies (customer panels reload on it).
    pub customer_changes: RwSignal<Option<(i64, u64)>>,
    /// Bumped on each batched `OnlineVisitors` event (W2): the list and
    /// the open visitor read again. With how many are online.
    pub online_changes: RwSignal<u64>,
    pub online_total: RwSignal<usize>,
}

impl ChatState {
    /// Load my conversations and connect; runs in the browser only.
    pub fn start(me: i32) -> Self {
        let state = ChatState {
            me,
            conversations: RwSignal::new(vec![]),
            messages: RwSignal::new(HashMap::new()),
            selected: RwSignal::new(None),
            typing: RwSignal::new(HashSet::new()),
            socket: StoredValue::new(None),
            connection: RwSignal::new(Connection::Connecting),
            waiting: RwSignal::new(0),
            customer_changes: RwSignal::new(None),
            online_changes: RwSignal::new(0),
            online_total: RwSignal::new(0),
        };
        Effect::new(move |prev: Option<()>| {
            if prev.is_some() {
                return;
            }
            browser::request_notifications();
            let socket = ChatSocket::connect(String::new(), move |e| state.on_event(e));
            state.socket.set_value(Some(socket));
            Effect::new(move |_| state.connection.set(socket.connection.get()));
            state.reload();
            leptos::task::spawn_local(async move {
                if let Ok(n) = queue_length().await {
                    state.waiting.set(n);
                }
            });
        });
        state
    }

    pub fn connection(&self) -> Connection {
        self.connection.get()
    }

    fn reload(self) {
        leptos::task::spawn_local(async move {
            if let Ok(list) = my_conversations().await {
                if let Some(s) = self.socket.get_value() {
                    for c in &list {
                        // Resume from 0 loads each conversation's history,
                        // unless we hold all of it (lines that arrived live
                        // for a chat new to us are not all of it).
                        let complete = self.messages.with_untracked(|m| {
                            m.get(&c.id)
                                .and_then(|l| l.first())
                                .is_some_and(|first| first.seq == 1)
                        });
                        if !complete {
                            s.track(c.id, 0);
                            s.send_now(&ClientMsg::Resume {
                                conversation_id: c.id,
                                after_seq: 0,
                            });
                        }
                    }
                }
                self.conversations.update(|cur| {
                    for c in list {
                        upsert(cur, c);
                    }
                });
                if self.selected.get_untracked().is_none() {
                    self.selected.set(
                        self.conversations
                            .with_untracked(|l| l.first().map(|c| c.id)),
                    );
                }
            }
        });
    }

    fn unread(&self, c: &Conversation) -> i64 {
        let read = c.agent_read_seq;
        self.messages.with(|m| {
            m.get(&c.id)
                .map(|l| {
                    l.iter()
                        .filter(|m| m.seq > read && m.sender == Sender::Visitor)
                        .count() as i64
                })
                .unwrap_or(0)
        })
    }

    pub fn total_unread(&self) -> i64 {
        self.conversations.with(|l| {
            l.iter()
                .filter(|c| c.status != ConversationStatus::Ended)
                .map(|c| self.unread(c))
                .sum()
        })
    }

    pub(super) fn current(&self) -> Option<Conversation> {
        let id = self.selected.get()?;
        self.conversations
            .with(|l| l.iter().find(|c| c.id == id).cloned())
    }

    fn current_untracked(&self) -> Option<Conversation> {
        let id = self.selected.get_untracked()?;
        self.conversations
            .with_untracked(|l| l.iter().find(|c| c.id == id).cloned())
    }

    /// Select `id` if it is one of my open conversations.
    pub fn open_if_mine(self, id: i64) -> bool {
        let mine = self.conversations.with_untracked(|l| {
            l.iter()
                .any(|c| c.id == id && c.status != ConversationStatus::Ended)
        });
        if mine {
            self.select(id);
        }
        mine
    }

    fn select(self, id: i64) {
        self.selected.set(Some(id));
        let last = self
            .messages
            .with_untracked(|m| m.get(&id).and_then(|l| l.last()).map(|m| m.seq));
        if let Some(seq) = last {
            self.mark_read(id, seq);
        }
    }
}

fn upsert(list: &mut Vec<Conversation>, c: Conversation) {
    match list.iter_mut().find(|x| x.id == c.id) {
        Some(existing) => {
            // Keep the locally advanced read marker.
            let read = existing.agent_read_seq.max(c.agent_read_seq);
            *existing = c;
            existing.agent_read_seq = read;
        }
        None => list.insert(0, c),
    }
}
