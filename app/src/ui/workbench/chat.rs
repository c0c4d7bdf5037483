//! Live chats in the workbench: the agent's conversation list with unread
//! counts, the open chat with composer, transfer and end, and the customer
//! panel. All state lives in `ChatState`, fed by the tab's socket.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use model::chat::{
    ClientMsg, Conversation, ConversationStatus, Message, Sender, ServerEvent, TransferTarget,
};
use model::AppError;

use crate::api::conversations::{end_conversation, my_conversations};
use crate::api::queue::queue_length;
use crate::api::survey::invite_rating;
use crate::api::transfer::{list_transfer_targets, transfer_conversation};
use crate::browser;
use crate::i18n::{agent_status_text, use_i18n};
use crate::realtime::{merge_message, ChatSocket, Connection};
use crate::ui::common::{
    error_message, pending_for, upload_error_text, use_toasts, AttachButton, MessageList,
};

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

    fn on_event(self, event: ServerEvent) {
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

    fn mark_read(self, id: i64, seq: i64) {
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

#[component]
pub fn ConversationList() -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<ChatState>();
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        if !ev.alt_key() || (ev.key() != "ArrowUp" && ev.key() != "ArrowDown") {
            return;
        }
        ev.prevent_default();
        let ids: Vec<i64> = state
            .conversations
            .with_untracked(|l| l.iter().map(|c| c.id).collect());
        let pos = state
            .selected
            .get_untracked()
            .and_then(|s| ids.iter().position(|i| *i == s))
            .unwrap_or(0);
        let next = if ev.key() == "ArrowUp" {
            pos.saturating_sub(1)
        } else {
            (pos + 1).min(ids.len().saturating_sub(1))
        };
        if let Some(id) = ids.get(next) {
            state.select(*id);
        }
    };
    view! {
        <div class="conv-list" on:keydown=keydown>
            {move || state.conversations.with(|l| l.is_empty()).then(|| view! {
                <p class="muted wb-empty">{move || i18n.t(text!(workbench.no_conversations))}</p>
            })}
            <ul role="listbox" aria-label=move || i18n.t(text!(workbench.conversations))>
                <For each=move || state.conversations.get() key=|c| (c.id, c.status, c.last_seq, c.agent_read_seq, c.unanswered) let:c>
                    {
                        let id = c.id;
                        let unread = move || state.conversations.with(|l| l.iter().find(|x| x.id == id).map(|x| state.unread(x)).unwrap_or(0));
                        let ended = c.status == ConversationStatus::Ended;
                        let unanswered = c.unanswered;
                        let name = c.visitor_name.clone();
                        view! {
                            <li role="option"
                                class="conv-item"
                                class:selected=move || state.selected.get() == Some(id)
                                class:ended=ended
                                class:unanswered=unanswered
                                aria-selected=move || (state.selected.get() == Some(id)).to_string()
                                tabindex="0"
                                on:click=move |_| state.select(id)
                                on:keydown=move |ev| if ev.key() == "Enter" { state.select(id) }>
                                <div class="conv-top">
                                    <span class="strong">{name}</span>
                                    {unanswered.then(|| view! { <span class="badge danger">{move || i18n.t(text!(workbench.unanswered))}</span> })}
                                    {move || { let n = unread(); (n > 0).then(|| view! { <span class="unread" aria-label=format!("{n} {}", i18n.t(text!(workbench.unread)))>{n}</span> }) }}
                                </div>
                                <div class="conv-preview muted small">
                                    {move || if state.typing.with(|t| t.contains(&id)) { i18n.t(text!(workbench.visitor_typing)).to_owned() } else { crate::ui::common::preview_text(&c) }}
                                </div>
                            </li>
                        }
                    }
                </For>
            </ul>
        </div>
    }
}

#[component]
pub fn ChatPane() -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<ChatState>();
    let toasts = use_toasts();
    let draft = RwSignal::new(String::new());
    let typing = crate::realtime::TypingThrottle::new();
    let show_transfer = RwSignal::new(false);
    let show_ticket = RwSignal::new(false);
    let canned = super::canned_picker::CannedState::new(draft);
    let agent_name = use_context::<super::canned_picker::AgentName>()
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
    view! {
        {move || match state.current() {
            None => view! { <p class="muted wb-empty">{move || i18n.t(text!(workbench.select_conversation))}</p> }.into_any(),
            Some(c) => {
                let id = c.id;
                let ended = c.status == ConversationStatus::Ended;
                view! {
                    <header class="chat-header">
                        <div>
                            <h2>{c.visitor_name.clone()}</h2>
                            <p class="muted small">{c.channel.clone()} {c.source_url.clone().map(|u| format!(" · {u}"))}</p>
                        </div>
                        <div class="chat-actions">
                            <button class="button small" disabled=ended on:click=move |_| show_transfer.set(true)>{move || i18n.t(text!(workbench.transfer))}</button>
                            <button class="button small" on:click=move |_| show_ticket.set(true)>{move || i18n.t(text!(workbench.ticket))}</button>
                            <button class="button small" disabled=ended || c.rated on:click=move |_| { invite.dispatch(id); }>{move || i18n.t(text!(workbench.invite_rating))}</button>
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
                                <super::canned_picker::CannedPicker state=canned vars/>
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
        // Outside the block above, which re-renders on every message: a
        // dialog keeps what the agent typed while chats move.
        {move || show_transfer.get().then(|| state.selected.get_untracked().map(|id| view! { <TransferDialog id open=show_transfer/> }))}
        {move || show_ticket.get().then(|| {
            let c = state.current_untracked()?;
            let subject: String = crate::ui::common::preview_text(&c).chars().take(80).collect();
            Some(view! {
                <super::tickets::NewTicketDialog conversation_id=Some(c.id) subject open=show_ticket on_created=Callback::new(|_| ())/>
            })
        })}
    }
}

#[component]
fn TransferDialog(id: i64, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let targets = Resource::new(|| (), |_| list_transfer_targets());
    let choice = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    // Not an Action: the conversation leaves this agent's list (closing the
    // dialog) as soon as the socket reports the transfer, which may be before
    // the call returns, so the result is handled by a task that outlives it.
    let transfer = move |target: TransferTarget, note: String| {
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result = transfer_conversation(id, target, note).await;
            let _ = pending.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success(i18n.t(text!(workbench.transferred_toast)));
                    let _ = open.try_set(false);
                }
                Err(e) => toasts.error(match e.field_error("target") {
                    Some(f) => crate::ui::common::error_text(f),
                    None => error_message(&e).to_owned(),
                }),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = choice.get_untracked();
        let target = match value.split_once(':') {
            Some(("agent", n)) => n.parse().ok().map(TransferTarget::Agent),
            Some(("group", n)) => n.parse().ok().map(TransferTarget::Group),
            _ => None,
        };
        if let Some(t) = target {
            transfer(t, note.get_untracked());
        }
    };
    view! {
        <form class="transfer card" role="dialog" aria-label=move || i18n.t(text!(workbench.transfer)) on:submit=submit>
            <div class="field">
                <label for="transfer-target">{move || i18n.t(text!(workbench.transfer_to))}</label>
                <select id="transfer-target" on:change=move |ev| choice.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            let t = targets.await.unwrap_or_default();
                            view! {
                                <optgroup label=move || i18n.t(text!(staff.nav.agents))>
                                    {t.agents.into_iter().map(|(aid, name, status)| {
                                        let status = agent_status_text(status);
                                        view! { <option value=format!("agent:{aid}")>{name} " (" {move || i18n.t(status)} ")"</option> }
                                    }).collect_view()}
                                </optgroup>
                                <optgroup label=move || i18n.t(text!(staff.nav.groups))>
                                    {t.groups.into_iter().map(|(gid, name)| view! { <option value=format!("group:{gid}")>{name}</option> }).collect_view()}
                                </optgroup>
                            }
                        })}
                    </Suspense>
                </select>
            </div>
            <div class="field">
                <label for="transfer-note">{move || i18n.t(text!(workbench.transfer_note))}</label>
                <textarea id="transfer-note" rows="2" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </div>
            <div class="form-actions">
                <button class="button ghost" type="button" on:click=move |_| open.set(false)>{move || i18n.t(text!(staff.cancel))}</button>
                <button class="button primary" type="submit" disabled=move || choice.get().is_empty() || pending.get()>{move || i18n.t(text!(workbench.transfer))}</button>
            </div>
        </form>
    }
}
