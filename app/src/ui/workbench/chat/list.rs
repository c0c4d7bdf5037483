//! The agent's conversation list: unread counts, unanswered badges, typing,
//! and Alt+Up/Down to move between chats.

use leptos::prelude::*;
use model::chat::ConversationStatus;

use super::ChatState;
use crate::i18n::use_i18n;

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
                                    {crate::ui::workbench::follower::is_platform(&c.channel).then(|| view! {
                                        <crate::ui::workbench::follower::ChannelBadge channel=c.channel.clone()/>
                                    })}
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
