//! Canned replies in the composer (W7): a draft starting with `/` opens a
//! list of the agent's own and shared replies matching what follows (in
//! Chinese or English); ↑/↓ choose, Enter or Tab inserts with variables
//! such as `{customer.name}` filled in, Escape closes.

use leptos::prelude::*;
use model::canned::{fill, matches, CannedReply, ReplyVars};

use crate::api::canned::list_canned_replies;
use crate::i18n::use_i18n;

/// Replies shown at most.
const SHOWN: usize = 8;

/// The signed-in agent's display name, for `{agent.name}`.
#[derive(Clone)]
pub struct AgentName(pub String);

#[derive(Clone, Copy)]
pub struct CannedState {
    draft: RwSignal<String>,
    replies: RwSignal<Option<Vec<CannedReply>>>,
    active: RwSignal<usize>,
    dismissed: RwSignal<bool>,
}

impl CannedState {
    pub fn new(draft: RwSignal<String>) -> Self {
        let s = CannedState {
            draft,
            replies: RwSignal::new(None),
            active: RwSignal::new(0),
            dismissed: RwSignal::new(false),
        };
        // Load on the first `/` of each opening, so new replies show up.
        Effect::new(move |was_open: Option<bool>| {
            let opening = draft.with(|d| d.starts_with('/'));
            if opening && was_open != Some(true) {
                s.dismissed.set(false);
                s.active.set(0);
                leptos::task::spawn_local(async move {
                    if let Ok(list) = list_canned_replies().await {
                        s.replies.set(Some(list));
                    }
                });
            }
            opening
        });
        s
    }

    fn query(&self) -> String {
        self.draft
            .with(|d| d.strip_prefix('/').unwrap_or_default().to_owned())
    }

    pub fn matching(&self) -> Vec<CannedReply> {
        let q = self.query();
        self.replies.with(|r| {
            r.iter()
                .flatten()
                .filter(|r| matches(r, &q))
                .take(SHOWN)
                .cloned()
                .collect()
        })
    }

    pub fn is_open(&self) -> bool {
        self.draft.with(|d| d.starts_with('/')) && !self.dismissed.get()
    }

    /// The highlighted option's element id, while the list is open.
    pub fn active_id(&self) -> Option<String> {
        self.is_open()
            .then(|| format!("canned-{}", self.active.get()))
    }

    /// Handle a key in the composer; true when the picker used it.
    pub fn on_key(&self, ev: &leptos::ev::KeyboardEvent, vars: &ReplyVars) -> bool {
        if !self.is_open() || ev.is_composing() {
            return false;
        }
        let list = self.matching();
        match ev.key().as_str() {
            "ArrowDown" if !list.is_empty() => {
                self.active.update(|a| *a = (*a + 1) % list.len());
            }
            "ArrowUp" if !list.is_empty() => {
                self.active
                    .update(|a| *a = (*a + list.len() - 1) % list.len());
            }
            "Enter" | "Tab" if !ev.shift_key() => match list.get(self.active.get_untracked()) {
                Some(r) => self.insert(r, vars),
                None => return false,
            },
            "Escape" => self.dismissed.set(true),
            _ => return false,
        }
        ev.prevent_default();
        true
    }

    pub fn insert(&self, reply: &CannedReply, vars: &ReplyVars) {
        self.draft.set(fill(&reply.body, vars));
        self.dismissed.set(true);
    }
}

#[component]
pub fn CannedPicker(state: CannedState, vars: Signal<ReplyVars>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || state.is_open().then(|| {
            let list = state.matching();
            let empty = list.is_empty();
            view! {
                <div class="canned-picker">
                    <ul role="listbox" id="canned-list" aria-label=move || i18n.t(text!(workbench.canned.title))>
                        {list.into_iter().enumerate().map(|(i, r)| {
                            let chosen = r.clone();
                            view! {
                                <li role="option" id=format!("canned-{i}") class="canned-item"
                                    aria-selected=move || (state.active.get() == i).to_string()
                                    on:mousedown=move |ev| { ev.prevent_default(); state.insert(&chosen, &vars.get_untracked()); }>
                                    <span class="strong">{r.title.clone()}</span>
                                    {(!r.category.is_empty()).then(|| view! { <span class="muted small">" · " {r.category.clone()}</span> })}
                                    <span class="canned-body muted small">{r.body.clone()}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {empty.then(|| view! { <p class="muted small">{move || i18n.t(text!(workbench.canned.no_match))}</p> })}
                    <p class="hint">{move || i18n.t(text!(workbench.canned.keys))}</p>
                </div>
            }
        })}
    }
}
