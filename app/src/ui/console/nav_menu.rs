//! Console → Routing → Navigation menu (P1): per chat link, the menu a
//! visitor picks from before their first message. Items are rows in display
//! order, each with a parent (up to three levels) and, for a leaf, where it
//! sends the chat: a group or a routing rule's targets. The server checks
//! the whole menu (cycles, depth, empty leaves) and names the row.

use leptos::prelude::*;
use leptos_meta::Title;
use model::routing::{MenuItemInput, MenuTarget, NavMenuInput, RoutingChoices};
use model::AppError;

use super::PageHeader;
use crate::api::routing::{load_nav_menu, routing_choices, save_nav_menu};
use crate::i18n::use_i18n;
use crate::ui::common::{
    error_message, field_error, use_toasts, CheckboxField, LoadError, Loading, TextField,
};

/// One row of the editor.
#[derive(Clone, Copy)]
struct Row {
    key: StoredValue<String>,
    parent: RwSignal<String>,
    zh: RwSignal<String>,
    en: RwSignal<String>,
    /// `""`, `group:ID` or `rule:ID`.
    target: RwSignal<String>,
}

fn target_value(t: Option<MenuTarget>) -> String {
    match t {
        Some(MenuTarget::Group(g)) => format!("group:{g}"),
        Some(MenuTarget::Rule(r)) => format!("rule:{r}"),
        None => String::new(),
    }
}

fn parse_target(v: &str) -> Option<MenuTarget> {
    let (kind, id) = v.split_once(':')?;
    let id = id.parse().ok()?;
    match kind {
        "group" => Some(MenuTarget::Group(id)),
        "rule" => Some(MenuTarget::Rule(id)),
        _ => None,
    }
}

fn row_of(item: &MenuItemInput) -> Row {
    Row {
        key: StoredValue::new(item.key.clone()),
        parent: RwSignal::new(item.parent.clone().unwrap_or_default()),
        zh: RwSignal::new(item.label_zh.clone()),
        en: RwSignal::new(item.label_en.clone()),
        target: RwSignal::new(target_value(item.target)),
    }
}

/// How deep a row sits (0 at the top), for indentation; stops on a cycle.
fn depth(rows: &[Row], i: usize) -> usize {
    let mut d = 0;
    let mut parent = rows[i].parent.get();
    while !parent.is_empty() && d < 4 {
        match rows.iter().find(|r| r.key.get_value() == parent) {
            Some(p) => {
                d += 1;
                parent = p.parent.get();
            }
            None => break,
        }
    }
    d
}

#[component]
pub fn NavMenuPage() -> impl IntoView {
    let i18n = use_i18n();
    let choices = Resource::new(|| (), |_| routing_choices());
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.routing.menu_title)))/>
        <PageHeader title=text!(console.routing.menu_title)/>
        <p class="muted">{move || i18n.t(text!(console.routing.menu_intro))}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match choices.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(c) if c.links.is_empty() => view! { <p class="muted">{move || i18n.t(text!(console.routing.no_links))}</p> }.into_any(),
                    Ok(c) => view! { <LinkMenus choices=c/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn LinkMenus(choices: RoutingChoices) -> impl IntoView {
    let i18n = use_i18n();
    let link = RwSignal::new(choices.links[0].0);
    let menu = Resource::new(move || link.get(), load_nav_menu);
    let links = choices.links.clone();
    let choices = StoredValue::new(choices);
    view! {
        <div class="field">
            <label for="menu-link">{move || i18n.t(text!(console.routing.link))}</label>
            <select id="menu-link" on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { link.set(v) } }>
                {links.into_iter().map(|(id, name)| view! { <option value=id.to_string() selected=move || link.get() == id>{name}</option> }).collect_view()}
            </select>
        </div>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match menu.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(m) => view! { <MenuEditor link_id=link.get_untracked() menu=m choices=choices.get_value()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MenuEditor(link_id: i32, menu: NavMenuInput, choices: RoutingChoices) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let enabled = RwSignal::new(menu.enabled);
    let prompt_zh = RwSignal::new(menu.prompt_zh.clone());
    let prompt_en = RwSignal::new(menu.prompt_en.clone());
    let rows = RwSignal::new(menu.items.iter().map(row_of).collect::<Vec<_>>());
    let next = StoredValue::new(menu.items.len() + 1);
    let save = Action::new(move |input: &NavMenuInput| {
        let input = input.clone();
        async move { save_nav_menu(link_id, input).await }
    });
    let result = move || save.value().get();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => toasts.success(i18n.t(text!(staff.saved))),
        Some(Err(AppError::Invalid { .. })) => {
            toasts.error(i18n.t(text!(console.routing.fix_rows)))
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let add = move |_| {
        let n = next.get_value();
        next.set_value(n + 1);
        rows.update(|r| {
            r.push(row_of(&MenuItemInput {
                key: format!("item{n}"),
                ..Default::default()
            }))
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let items = rows
            .get_untracked()
            .iter()
            .map(|r| MenuItemInput {
                key: r.key.get_value(),
                parent: Some(r.parent.get_untracked()).filter(|p| !p.is_empty()),
                label_zh: r.zh.get_untracked(),
                label_en: r.en.get_untracked(),
                target: parse_target(&r.target.get_untracked()),
            })
            .collect();
        save.dispatch(NavMenuInput {
            enabled: enabled.get_untracked(),
            prompt_zh: prompt_zh.get_untracked(),
            prompt_en: prompt_en.get_untracked(),
            items,
        });
    };
    let choices = StoredValue::new(choices);
    let move_row = move |i: usize, up: bool| {
        rows.update(|r| {
            let j = if up { i.checked_sub(1) } else { Some(i + 1) };
            if let Some(j) = j.filter(|j| *j < r.len()) {
                r.swap(i, j);
            }
        })
    };
    view! {
        <form class="form card" on:submit=submit novalidate aria-label=move || i18n.t(text!(console.routing.menu_title))>
            <CheckboxField id="menu-enabled" label=Signal::derive(move || i18n.t(text!(console.routing.menu_enabled)).to_owned()) checked=enabled/>
            <div class="form-grid">
                <TextField id="menu-prompt-zh" label=Signal::derive(move || i18n.t(text!(console.routing.prompt_zh))) value=prompt_zh error=field_error(result, "prompt_zh")/>
                <TextField id="menu-prompt-en" label=Signal::derive(move || i18n.t(text!(console.routing.prompt_en))) value=prompt_en error=field_error(result, "prompt_en")/>
            </div>
            <p class="field-error" role="alert">{move || field_error(result, "items").get()}</p>
            <ol class="menu-rows" aria-label=move || i18n.t(text!(console.routing.items))>
                {move || {
                    let all = rows.get();
                    (0..all.len()).map(|i| {
                        let row = all[i];
                        let indent = depth(&all, i);
                        let others: Vec<(String, String)> = all.iter().filter(|r| r.key.get_value() != row.key.get_value())
                            .map(|r| (r.key.get_value(), {
                                let (zh, en) = (r.zh.get_untracked(), r.en.get_untracked());
                                if en.is_empty() { zh } else { en }
                            }))
                            .collect();
                        let n = i + 1;
                        let err = move |f: &str| field_error(result, format!("items.{i}.{f}"));
                        view! {
                            <li class="menu-row" style=format!("--indent: {indent}")>
                                <fieldset>
                                    <legend>{move || format!("{} {n}", i18n.t(text!(console.routing.item)))}</legend>
                                    <div class="form-grid">
                                        <TextField id=format!("menu-{i}-zh") label=Signal::derive(move || i18n.t(text!(console.routing.label_zh))) value=row.zh error=err("label_zh")/>
                                        <TextField id=format!("menu-{i}-en") label=Signal::derive(move || i18n.t(text!(console.routing.label_en))) value=row.en error=err("label_en")/>
                                        <div class="field">
                                            <label for=format!("menu-{i}-parent")>{move || i18n.t(text!(console.routing.parent))}</label>
                                            <select id=format!("menu-{i}-parent") on:change=move |ev| row.parent.set(event_target_value(&ev))>
                                                <option value="" selected=move || row.parent.get().is_empty()>{move || i18n.t(text!(console.routing.top_level))}</option>
                                                {others.into_iter().map(|(key, label)| {
                                                    let k = key.clone();
                                                    view! { <option value=key selected=move || row.parent.get() == k>{label}</option> }
                                                }).collect_view()}
                                            </select>
                                            <p class="field-error" role="alert">{move || err("parent").get()}</p>
                                        </div>
                                        <div class="field">
                                            <label for=format!("menu-{i}-target")>{move || i18n.t(text!(console.routing.sends_to))}</label>
                                            <select id=format!("menu-{i}-target") on:change=move |ev| row.target.set(event_target_value(&ev))>
                                                <option value="" selected=move || row.target.get().is_empty()>{move || i18n.t(text!(console.routing.opens_submenu))}</option>
                                                {choices.with_value(|c| c.groups.clone()).into_iter().map(|(id, name)| {
                                                    let v = format!("group:{id}");
                                                    let v2 = v.clone();
                                                    view! { <option value=v selected=move || row.target.get() == v2>{format!("{} {name}", i18n.t(text!(console.routing.group)))}</option> }
                                                }).collect_view()}
                                                {choices.with_value(|c| c.rules.clone()).into_iter().map(|(id, name)| {
                                                    let v = format!("rule:{id}");
                                                    let v2 = v.clone();
                                                    view! { <option value=v selected=move || row.target.get() == v2>{format!("{} {name}", i18n.t(text!(console.routing.rule)))}</option> }
                                                }).collect_view()}
                                            </select>
                                            <p class="field-error" role="alert">{move || err("target").get()}</p>
                                        </div>
                                    </div>
                                    <div class="actions">
                                        <button type="button" class="button small" aria-label=move || format!("{} {n}", i18n.t(text!(console.routing.move_up))) on:click=move |_| move_row(i, true)>"↑"</button>
                                        <button type="button" class="button small" aria-label=move || format!("{} {n}", i18n.t(text!(console.routing.move_down))) on:click=move |_| move_row(i, false)>"↓"</button>
                                        <button type="button" class="button small danger" aria-label=move || format!("{} {n}", i18n.t(text!(console.delete)))
                                            on:click=move |_| rows.update(|r| { r.remove(i); })>{move || i18n.t(text!(console.delete))}</button>
                                    </div>
                                </fieldset>
                            </li>
                        }
                    }).collect_view()
                }}
            </ol>
            <div class="form-actions">
                <button type="button" class="button" on:click=add>{move || i18n.t(text!(console.routing.add_item))}</button>
                <button class="button primary" type="submit" disabled=move || save.pending().get()>{move || i18n.t(text!(staff.save))}</button>
            </div>
        </form>
    }
}
