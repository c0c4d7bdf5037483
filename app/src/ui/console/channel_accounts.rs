//! Console → Channels → WeChat and Weibo (C4, C5): the connected accounts,
//! each with the callback URL to paste into the platform's admin; an
//! account's form (secrets are never shown again, only whether they are
//! set); and, for a WeChat account, its keyword replies and news messages
//! (`wechat_content`).

use leptos::prelude::*;
use leptos_meta::Title;
use model::bot::BotMode;
use model::channels::{ChannelAccount, ChannelAccountInput, ChannelKind, WechatMode};

use super::settings_form::SaveButton;
use super::wechat_content::WechatContentEditor;
use crate::api::channels::{delete_channel_account, list_channel_accounts, save_channel_account};
use crate::i18n::{use_i18n, Text};
use crate::ui::common::{
    error_message, field_error, use_toasts, CheckboxField, LoadError, Loading, SelectField,
    TextAreaField, TextField,
};

fn mode_text(mode: WechatMode) -> Text {
    match mode {
        WechatMode::Plaintext => text!(console.wechat.mode_plaintext),
        WechatMode::Compatible => text!(console.wechat.mode_compatible),
        WechatMode::Safe => text!(console.wechat.mode_safe),
    }
}

/// The page's words for each platform: title, intro, add, empty list.
fn page_texts(kind: ChannelKind) -> [Text; 4] {
    match kind {
        ChannelKind::Wechat => [
            text!(console.wechat.title),
            text!(console.wechat.intro),
            text!(console.wechat.add),
            text!(console.wechat.empty),
        ],
        ChannelKind::Weibo => [
            text!(console.weibo.title),
            text!(console.weibo.intro),
            text!(console.weibo.add),
            text!(console.weibo.empty),
        ],
    }
}

#[component]
pub fn WechatPage() -> impl IntoView {
    view! { <ChannelAccountsPage kind=ChannelKind::Wechat/> }
}

#[component]
pub fn WeiboPage() -> impl IntoView {
    view! { <ChannelAccountsPage kind=ChannelKind::Weibo/> }
}

#[component]
fn ChannelAccountsPage(kind: ChannelKind) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let [title, intro, add, empty] = page_texts(kind);
    let version = RwSignal::new(0u32);
    let list = Resource::new(move || version.get(), move |_| list_channel_accounts(kind));
    // The form: None closed, Some(None) a new account, Some(Some(a)) editing.
    let editing = RwSignal::new(None::<Option<ChannelAccount>>);
    let picked = RwSignal::new(None::<(i32, String)>);
    let remove = Action::new(|id: &i32| delete_channel_account(*id));
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => {
            toasts.success(i18n.t(text!(console.deleted)));
            picked.set(None);
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let on_saved = Callback::new(move |()| {
        editing.set(None);
        version.update(|v| *v += 1);
    });
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(title))/>
        <header class="page-header">
            <h1>{move || i18n.t(title)}</h1>
            <button class="button primary" type="button" on:click=move |_| editing.set(Some(None))>
                {move || i18n.t(add)}
            </button>
        </header>
        <p class="muted">{move || i18n.t(intro)}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(list) if list.accounts.is_empty() => view! {
                        <p class="muted">{move || i18n.t(empty)}</p>
                    }.into_any(),
                    Ok(list) => {
                        let base = list.base_url.clone();
                        view! {
                            <div class="table-wrap">
                                <table class="table" aria-label=move || i18n.t(title)>
                                    <thead><tr>
                                        <th>{move || i18n.t(text!(console.wechat.name))}</th>
                                        <th>{move || i18n.t(match kind { ChannelKind::Wechat => text!(console.wechat.app_id), ChannelKind::Weibo => text!(console.weibo.app_key) })}</th>
                                        {(kind == ChannelKind::Wechat).then(|| view! { <th>{move || i18n.t(text!(console.wechat.mode))}</th> })}
                                        <th>{move || i18n.t(text!(console.wechat.callback_url))}</th>
                                        <th>{move || i18n.t(text!(console.wechat.status))}</th>
                                        <th><span class="sr-only">{move || i18n.t(text!(console.actions))}</span></th>
                                    </tr></thead>
                                    <tbody>
                                        {list.accounts.into_iter().map(|a| {
                                            let url = format!("{base}{}", a.callback_path);
                                            let (id, name, edit) = (a.id, a.name.clone(), a.clone());
                                            let (n1, n2, n3) = (name.clone(), name.clone(), name.clone());
                                            view! {
                                                <tr>
                                                    <td class="strong">{a.name.clone()}</td>
                                                    <td><code>{a.app_id.clone()}</code></td>
                                                    {(kind == ChannelKind::Wechat).then(|| view! { <td>{move || i18n.t(mode_text(a.mode))}</td> })}
                                                    <td class="break"><code>{url}</code></td>
                                                    <td>{move || i18n.t(if a.enabled { text!(console.wechat.enabled) } else { text!(console.wechat.disabled) })}</td>
                                                    <td class="actions">
                                                        {(kind == ChannelKind::Wechat).then(|| view! {
                                                            <button class="button small" type="button"
                                                                aria-label=format!("{} {n1}", i18n.t(text!(console.wechat.replies)))
                                                                on:click=move |_| picked.set(Some((id, name.clone())))>
                                                                {move || i18n.t(text!(console.wechat.replies))}
                                                            </button>
                                                        })}
                                                        <button class="button small" type="button"
                                                            aria-label=format!("{} {n2}", i18n.t(text!(console.edit)))
                                                            on:click=move |_| editing.set(Some(Some(edit.clone())))>
                                                            {move || i18n.t(text!(console.edit))}
                                                        </button>
                                                        <button class="button small danger" type="button"
                                                            aria-label=format!("{} {n3}", i18n.t(text!(console.delete)))
                                                            on:click=move |_| { remove.dispatch(id); }>
                                                            {move || i18n.t(text!(console.delete))}
                                                        </button>
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Transition>
        {move || editing.get().map(|account| view! { <AccountForm kind account on_saved/> })}
        {move || picked.get().map(|(account_id, name)| view! { <WechatContentEditor account_id name/> })}
    }
}

#[component]
fn AccountForm(
    kind: ChannelKind,
    account: Option<ChannelAccount>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = account.as_ref().map(|a| a.id);
    let editing = id.is_some();
    let a = account.clone();
    let name = RwSignal::new(a.as_ref().map(|a| a.name.clone()).unwrap_or_default());
    let app_id = RwSignal::new(a.as_ref().map(|a| a.app_id.clone()).unwrap_or_default());
    let secret = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let aes_key = RwSignal::new(String::new());
    let access_token = RwSignal::new(String::new());
    let mode = RwSignal::new(
        a.as_ref()
            .map(|a| a.mode)
            .unwrap_or(WechatMode::Safe)
            .key()
            .to_owned(),
    );
    let welcome = RwSignal::new(
        a.as_ref()
            .map(|a| a.welcome_text.clone())
            .unwrap_or_default(),
    );
    let enabled = RwSignal::new(a.as_ref().is_none_or(|a| a.enabled));
    let bot = RwSignal::new(
        a.as_ref()
            .and_then(|a| a.bot_mode)
            .map(|m| m.key().to_owned())
            .unwrap_or_default(),
    );
    let save = Action::new(move |input: &ChannelAccountInput| {
        let input = input.clone();
        async move { save_channel_account(id, input).await }
    });
    let result = move || save.value().get();
    super::settings_form::toast_then(save, on_saved);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(ChannelAccountInput {
            kind: Some(kind),
            name: name.get_untracked(),
            enabled: enabled.get_untracked(),
            app_id: app_id.get_untracked(),
            secret: secret.get_untracked(),
            token: token.get_untracked(),
            aes_key: aes_key.get_untracked(),
            mode: WechatMode::from_key(&mode.get_untracked()).unwrap_or_default(),
            access_token: access_token.get_untracked(),
            welcome_text: welcome.get_untracked(),
            bot_mode: BotMode::from_key(&bot.get_untracked()),
        });
    };
    let t = move |k| Signal::derive(move || i18n.t(k));
    let keep = editing.then(|| t(text!(console.wechat.keep_secret)));
    let heading = match (kind, editing) {
        (ChannelKind::Wechat, true) => text!(console.wechat.edit),
        (ChannelKind::Wechat, false) => text!(console.wechat.add),
        (ChannelKind::Weibo, true) => text!(console.weibo.edit),
        (ChannelKind::Weibo, false) => text!(console.weibo.add),
    };
    let app_id_label = match kind {
        ChannelKind::Wechat => text!(console.wechat.app_id),
        ChannelKind::Weibo => text!(console.weibo.app_key),
    };
    view! {
        <form class="form card" on:submit=submit novalidate aria-label=move || i18n.t(heading)>
            <h3>{move || i18n.t(heading)}</h3>
            <div class="form-grid">
                <TextField id="wechat-name" label=t(text!(console.wechat.name)) value=name required=true error=field_error(result, "name")/>
                <TextField id="wechat-app-id" label=t(app_id_label) value=app_id required=true error=field_error(result, "app_id")/>
                <TextField id="wechat-secret" label=t(text!(console.wechat.secret)) value=secret input_type="password"
                    autocomplete="off" required=!editing hint=keep.unwrap_or(t(text!(console.wechat.secret_hint))) error=field_error(result, "secret")/>
                {match kind {
                    ChannelKind::Wechat => view! {
                <TextField id="wechat-token" label=t(text!(console.wechat.token)) value=token input_type="password"
                    autocomplete="off" required=!editing hint=keep.unwrap_or(t(text!(console.wechat.token_hint))) error=field_error(result, "token")/>
                <TextField id="wechat-aes-key" label=t(text!(console.wechat.aes_key)) value=aes_key input_type="password"
                    autocomplete="off" hint=keep.unwrap_or(t(text!(console.wechat.aes_key_hint))) error=field_error(result, "aes_key")/>
                <SelectField id="wechat-mode" label=text!(console.wechat.mode) value=mode options=vec![
                    ("plaintext", text!(console.wechat.mode_plaintext)),
                    ("compatible", text!(console.wechat.mode_compatible)),
                    ("safe", text!(console.wechat.mode_safe)),
                ]/>
                    }.into_any(),
                    ChannelKind::Weibo => view! {
                        <TextField id="weibo-access-token" label=t(text!(console.weibo.access_token)) value=access_token input_type="password"
                            autocomplete="off" required=!editing hint=keep.unwrap_or(t(text!(console.weibo.access_token_hint))) error=field_error(result, "access_token")/>
                    }.into_any(),
                }}
                <SelectField id="wechat-bot" label=text!(console.wechat.bot_mode) value=bot
                    any=text!(console.wechat.bot_default) options=vec![
                    ("off", text!(console.bot.mode_off)),
                    ("first", text!(console.bot.mode_first)),
                    ("outside_hours", text!(console.bot.mode_outside_hours)),
                ]/>
            </div>
            {(kind == ChannelKind::Wechat).then(|| view! {
                <TextAreaField id="wechat-welcome" label=t(text!(console.wechat.welcome)) value=welcome rows=2 error=field_error(result, "welcome_text")/>
            })}
            <CheckboxField id="wechat-enabled" label=Signal::derive(move || i18n.t(text!(console.wechat.enabled)).to_owned()) checked=enabled/>
            <SaveButton save cancel=Some(on_saved)/>
        </form>
    }
}
