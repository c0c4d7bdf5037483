//! The emoji picker beside a composer (W1): a button opens a grid of
//! common emoji; choosing one adds it to the draft and closes the grid.
//! Escape closes it too. The emoji themselves are their buttons' names.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The emoji offered: faces, gestures and a few objects customer chats use.
pub const EMOJI: [&str; 40] = [
    "😀", "😁", "😂", "😊", "😍", "😉", "😎", "🤔", "😅", "😢", "😭", "😡", "😮", "😴", "🙄", "😇",
    "🙂", "🙃", "😬", "🥰", "👍", "👎", "👏", "🙏", "👌", "🤝", "💪", "👋", "🎉", "❤️", "💔", "🔥",
    "⭐", "✅", "❌", "❓", "⏰", "📦", "💰", "📞",
];

#[component]
pub fn EmojiPicker(draft: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    view! {
        <div class="emoji">
            <button type="button" class="emoji-toggle" aria-haspopup="true"
                aria-expanded=move || open.get().to_string()
                aria-label=move || i18n.t(text!(common.chat.emoji))
                on:click=move |_| open.update(|o| *o = !*o)>"🙂"</button>
            {move || open.get().then(|| view! {
                <div class="emoji-grid" role="group" aria-label=move || i18n.t(text!(common.chat.emoji))
                    on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
                    {EMOJI.into_iter().map(|e| view! {
                        <button type="button" class="emoji-item" on:click=move |_| {
                            draft.update(|d| d.push_str(e));
                            open.set(false);
                        }>{e}</button>
                    }).collect_view()}
                </div>
            })}
        </div>
    }
}
