//! The navigation menu (P1) a visitor picks from before their first
//! message: one level at a time, as buttons (Tab and Enter, or a click),
//! with "Back" inside a submenu. Picking a leaf starts the chat there.

use leptos::prelude::*;
use model::routing::{MenuItem, NavMenu};

use crate::i18n::use_i18n;

/// The items shown after opening the submenus `path` (keys from the top).
fn level(items: &[MenuItem], path: &[String]) -> Vec<MenuItem> {
    let mut at = items;
    for key in path {
        match at.iter().find(|i| &i.key == key) {
            Some(item) if !item.children.is_empty() => at = &item.children,
            _ => break,
        }
    }
    at.to_vec()
}

#[component]
pub fn NavMenuPicker(
    menu: NavMenu,
    /// The chosen leaf's key.
    on_pick: Callback<String>,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let path = RwSignal::new(Vec::<String>::new());
    let items = StoredValue::new(menu.items.clone());
    let prompt = StoredValue::new(menu);
    let lang = move || i18n.lang.get().tag();
    let title = move || {
        let p = prompt.with_value(|m| m.prompt(lang()).to_owned());
        if p.is_empty() {
            i18n.t(text!(widget.menu.prompt)).to_owned()
        } else {
            p
        }
    };
    view! {
        <nav class="nav-menu" aria-label=title>
            <p class="nav-menu-prompt">{title}</p>
            <ul class="nav-menu-items">
                {move || {
                    let shown = items.with_value(|all| level(all, &path.get()));
                    shown
                        .into_iter()
                        .map(|item| {
                            let label = item.label(lang()).to_owned();
                            let key = item.key.clone();
                            let opens = !item.children.is_empty();
                            view! {
                                <li>
                                    <button type="button" class="button nav-menu-item" class:opens=opens
                                        disabled=move || busy.get()
                                        on:click=move |_| {
                                            if opens {
                                                path.update(|p| p.push(key.clone()));
                                            } else {
                                                on_pick.run(key.clone());
                                            }
                                        }>
                                        {label}
                                        {opens.then(|| view! { <span aria-hidden="true">" ›"</span> })}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <Show when=move || !path.get().is_empty()>
                <button type="button" class="button ghost" on:click=move |_| path.update(|p| { p.pop(); })>
                    {move || i18n.t(text!(widget.menu.back))}
                </button>
            </Show>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(key: &str, children: Vec<MenuItem>) -> MenuItem {
        MenuItem {
            key: key.into(),
            label_zh: key.into(),
            label_en: key.into(),
            target: None,
            children,
        }
    }

    #[test]
    fn levels_follow_the_path_and_stop_at_leaves() {
        let items = vec![
            item("sales", vec![item("ent", vec![]), item("std", vec![])]),
            item("help", vec![]),
        ];
        let keys = |v: Vec<MenuItem>| v.into_iter().map(|i| i.key).collect::<Vec<_>>();
        assert_eq!(keys(level(&items, &[])), ["sales", "help"]);
        assert_eq!(keys(level(&items, &["sales".into()])), ["ent", "std"]);
        // A stale or leaf key keeps the level it reached.
        assert_eq!(keys(level(&items, &["help".into()])), ["sales", "help"]);
        assert_eq!(keys(level(&items, &["nope".into()])), ["sales", "help"]);
    }
}
