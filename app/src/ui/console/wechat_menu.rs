//! A WeChat account's custom menu editor (C4): up to three buttons, each a
//! click (its key reaches us; a keyword reply may answer it), a page, a
//! mini program or a group of up to five. "Publish" sends it to WeChat;
//! "Read back" shows what WeChat has now. Each field is its own signal, so
//! typing never re-renders the list (focus stays where it is).

use leptos::prelude::*;
use model::wechat_menu::{MenuButton, MenuButtonKind, WechatMenu, SUB_MAX, TOP_MAX};
use model::AppError;

use crate::api::channels::{load_wechat_menu, publish_wechat_menu, read_back_wechat_menu};
use crate::i18n::use_i18n;
use crate::ui::common::{error_message, field_error, use_toasts, LoadError, Loading};

/// One button being edited.
#[derive(Clone, Copy)]
struct Draft {
    id: u32,
    name: RwSignal<String>,
    kind: RwSignal<String>,
    key: RwSignal<String>,
    url: RwSignal<String>,
    appid: RwSignal<String>,
    pagepath: RwSignal<String>,
    subs: RwSignal<Vec<Draft>>,
}

fn kind_key(k: MenuButtonKind) -> &'static str {
    match k {
        MenuButtonKind::Click => "click",
        MenuButtonKind::View => "view",
        MenuButtonKind::Miniprogram => "miniprogram",
        MenuButtonKind::Group => "group",
    }
}

fn kind_of(key: &str) -> MenuButtonKind {
    match key {
        "view" => MenuButtonKind::View,
        "miniprogram" => MenuButtonKind::Miniprogram,
        "group" => MenuButtonKind::Group,
        _ => MenuButtonKind::Click,
    }
}

fn draft(b: &MenuButton, next: &mut u32) -> Draft {
    *next += 1;
    let id = *next;
    let subs = b.buttons.iter().map(|s| draft(s, next)).collect();
    Draft {
        id,
        name: RwSignal::new(b.name.clone()),
        kind: RwSignal::new(kind_key(b.kind).to_owned()),
        key: RwSignal::new(b.key.clone()),
        url: RwSignal::new(b.url.clone()),
        appid: RwSignal::new(b.appid.clone()),
        pagepath: RwSignal::new(b.pagepath.clone()),
        subs: RwSignal::new(subs),
    }
}

fn button_of(d: &Draft) -> MenuButton {
    MenuButton {
        name: d.name.get_untracked(),
        kind: kind_of(&d.kind.get_untracked()),
        key: d.key.get_untracked(),
        url: d.url.get_untracked(),
        appid: d.appid.get_untracked(),
        pagepath: d.pagepath.get_untracked(),
        buttons: d.subs.get_untracked().iter().map(button_of).collect(),
    }
}

#[component]
pub fn WechatMenuEditor(account_id: i32) -> impl IntoView {
    let i18n = use_i18n();
    let saved = Resource::new(move || account_id, load_wechat_menu);
    view! {
        <section class="card" aria-label=move || i18n.t(text!(console.wechat.menu))>
            <h3>{move || i18n.t(text!(console.wechat.menu))}</h3>
            <p class="muted">{move || i18n.t(text!(console.wechat.menu_intro))}</p>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match saved.await {
                        Err(error) => view! { <LoadError error/> }.into_any(),
                        Ok(menu) => view! { <Editor account_id menu/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Editor(account_id: i32, menu: WechatMenu) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let next = StoredValue::new(0u32);
    let make = move |b: &MenuButton| {
        let mut n = next.get_value();
        let d = draft(b, &mut n);
        next.set_value(n);
        d
    };
    let tops = RwSignal::new(menu.buttons.iter().map(make).collect::<Vec<_>>());
    let publish = Action::new(move |menu: &WechatMenu| {
        let menu = menu.clone();
        async move { publish_wechat_menu(account_id, menu).await }
    });
    let read_back = Action::new(move |_: &()| read_back_wechat_menu(account_id));
    let result = move || publish.value().get();
    Effect::new(move |_| match publish.value().get() {
        Some(Ok(_)) => toasts.success(i18n.t(text!(console.wechat.menu_published))),
        Some(Err(AppError::Invalid { .. })) | None => {}
        Some(Err(e)) => toasts.error(error_message(&e)),
    });
    Effect::new(move |_| match read_back.value().get() {
        Some(Ok(menu)) => {
            tops.set(menu.buttons.iter().map(make).collect());
            toasts.success(i18n.t(text!(console.wechat.menu_read_back)));
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let buttons = tops.get_untracked().iter().map(button_of).collect();
        publish.dispatch(WechatMenu { buttons });
    };
    let menu_error = field_error(result, "menu");
    view! {
        <form class="form menu-editor" on:submit=submit novalidate aria-label=move || i18n.t(text!(console.wechat.menu))>
            <ol class="plain-list menu-buttons">
                <For each=move || indexed(tops.get()) key=item_key let:item>
                    <TopButton draft=item.1 path=format!("buttons.{}", item.0) result
                        remove=Callback::new(move |()| tops.update(|l| l.retain(|d| d.id != item.1.id)))/>
                </For>
            </ol>
            <p class="field-error" role="alert">{move || field_error(result, "buttons").get().or_else(|| menu_error.get())}</p>
            <div class="form-actions">
                <button class="button ghost" type="button" disabled=move || tops.with(|l| l.len() >= TOP_MAX)
                    on:click=move |_| tops.update(|l| l.push(make(&MenuButton::default())))>
                    {move || i18n.t(text!(console.wechat.menu_add))}
                </button>
                <button class="button ghost" type="button" disabled=move || read_back.pending().get()
                    on:click=move |_| { read_back.dispatch(()); }>
                    {move || i18n.t(text!(console.wechat.menu_read))}
                </button>
                <button class="button primary" type="submit" disabled=move || publish.pending().get()>
                    {move || i18n.t(if publish.pending().get() { text!(common.saving) } else { text!(console.wechat.menu_publish) })}
                </button>
            </div>
        </form>
    }
}

/// A top-level button: its fields, and a group's buttons under it.
#[component]
fn TopButton(
    draft: Draft,
    path: String,
    result: impl Fn() -> Option<Result<WechatMenu, AppError>> + Copy + Send + Sync + 'static,
    remove: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, subs) = (draft.kind, draft.subs);
    let next_sub = StoredValue::new(draft.id * 100);
    let sub_path = path.clone();
    view! {
        <li class="menu-button">
            <ButtonFields draft path=path.clone() top=true result/>
            {move || (kind.get() == "group").then(|| {
                let sub_path = sub_path.clone();
                let errors_path = format!("{sub_path}.buttons");
                view! {
                    <ol class="plain-list menu-subs">
                        <For each=move || indexed(subs.get()) key=item_key let:item>
                            <li class="menu-button sub">
                                <ButtonFields draft=item.1 path=format!("{sub_path}.buttons.{}", item.0) top=false result/>
                                <RemoveButton draft=item.1 remove=Callback::new(move |()| subs.update(|l| l.retain(|d| d.id != item.1.id)))/>
                            </li>
                        </For>
                    </ol>
                    <p class="field-error" role="alert">{move || field_error(result, errors_path.clone()).get()}</p>
                    <button class="button small ghost" type="button" disabled=move || subs.with(|l| l.len() >= SUB_MAX)
                        on:click=move |_| {
                            let mut n = next_sub.get_value();
                            let d = draft_new(&mut n);
                            next_sub.set_value(n);
                            subs.update(|l| l.push(d));
                        }>
                        {move || i18n.t(text!(console.wechat.menu_add_sub))}
                    </button>
                }
            })}
            <RemoveButton draft remove/>
        </li>
    }
}

#[component]
fn RemoveButton(draft: Draft, remove: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button class="button small danger" type="button" on:click=move |_| remove.run(())
            aria-label=move || format!("{} {}", i18n.t(text!(console.delete)), draft.name.get())>
            {move || i18n.t(text!(console.delete))}
        </button>
    }
}

/// One button's own fields; which show depends on its kind.
#[component]
fn ButtonFields(
    draft: Draft,
    path: String,
    top: bool,
    result: impl Fn() -> Option<Result<WechatMenu, AppError>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("menu-{}", draft.id);
    let err = move |field: &str| field_error(result, format!("{path}.{field}"));
    let field = move |label: crate::i18n::Text,
                      suffix: &'static str,
                      value: RwSignal<String>,
                      error: Signal<Option<String>>| {
        let input_id = format!("menu-{}-{suffix}", draft.id);
        view! {
            <div class="field" class:has-error=move || error.get().is_some()>
                <label for=input_id.clone()>{move || i18n.t(label)}</label>
                <input id=input_id type="text" bind:value=value aria-invalid=move || error.get().is_some().to_string()/>
                <p class="field-error" role="alert">{move || error.get()}</p>
            </div>
        }
    };
    let kind = draft.kind;
    let (name_error, key_error, url_error) = (err("name"), err("key"), err("url"));
    let (appid_error, pagepath_error) = (err("appid"), err("pagepath"));
    view! {
        <div class="form-grid">
            {field(text!(console.wechat.menu_name), "name", draft.name, name_error)}
            <div class="field">
                <label for=format!("{id}-kind")>{move || i18n.t(text!(console.wechat.menu_kind))}</label>
                <select id=format!("{id}-kind") on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="click" selected=move || kind.get() == "click">{move || i18n.t(text!(console.wechat.menu_click))}</option>
                    <option value="view" selected=move || kind.get() == "view">{move || i18n.t(text!(console.wechat.menu_view))}</option>
                    <option value="miniprogram" selected=move || kind.get() == "miniprogram">{move || i18n.t(text!(console.wechat.menu_miniprogram))}</option>
                    {top.then(|| view! {
                        <option value="group" selected=move || kind.get() == "group">{move || i18n.t(text!(console.wechat.menu_group))}</option>
                    })}
                </select>
            </div>
            {move || (kind.get() == "click").then(|| field(text!(console.wechat.menu_key), "key", draft.key, key_error))}
            {move || matches!(kind.get().as_str(), "view" | "miniprogram").then(|| field(text!(console.wechat.menu_url), "url", draft.url, url_error))}
            {move || (kind.get() == "miniprogram").then(|| view! {
                {field(text!(console.wechat.menu_appid), "appid", draft.appid, appid_error)}
                {field(text!(console.wechat.menu_pagepath), "pagepath", draft.pagepath, pagepath_error)}
            })}
        </div>
    }
}

/// Buttons with their places (their field errors are named by place).
fn indexed(list: Vec<Draft>) -> Vec<(usize, Draft)> {
    list.into_iter().enumerate().collect()
}

fn item_key(item: &(usize, Draft)) -> (usize, u32) {
    (item.0, item.1.id)
}

/// A new, empty click button with an id above its group's.
fn draft_new(next: &mut u32) -> Draft {
    draft(&MenuButton::default(), next)
}
