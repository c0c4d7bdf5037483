//! Console → Channels → Web widget: the widget's look with a live preview
//! (C1), the welcome message (R1), the code to paste on a website, and chat
//! links that route to a group or an agent (C3).

use leptos::prelude::*;
use leptos_meta::Title;
use model::chat::{ButtonStyle, ChatLink, ChatLinkInput, WidgetSettings};
use model::AppError;

use super::PageHeader;
use crate::api::links::{delete_chat_link, save_chat_link};
use crate::api::widget::{save_widget_settings, widget_admin, WidgetConfig};
use crate::i18n::use_i18n;
use crate::ui::common::{
    error_message, error_text, field_error, use_toasts, CheckboxField, LoadError, Loading,
    SelectField, TextAreaField, TextField,
};

#[component]
pub fn WidgetSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| widget_admin());
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.widget_admin.title)))/>
        <PageHeader title=text!(console.widget_admin.title)/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(config) => view! { <WidgetAdmin config reload=Callback::new(move |_| data.refetch())/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn WidgetAdmin(config: WidgetConfig, reload: Callback<()>) -> impl IntoView {
    let WidgetConfig {
        settings,
        links,
        groups,
        agents,
        base_url,
    } = config;
    let default_slug = links
        .iter()
        .find(|l| l.is_default)
        .map(|l| l.slug.clone())
        .unwrap_or_else(|| "default".into());
    view! {
        <div class="widget-admin">
            <LookForm settings/>
            <InstallCard base_url=base_url.clone() slug=default_slug/>
            <LinksCard links=links.clone() groups agents base_url reload/>
            <super::link_identity::IdentityCard links reload/>
        </div>
    }
}

#[component]
fn LookForm(settings: WidgetSettings) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let window_name = RwSignal::new(settings.window_name);
    let title = RwSignal::new(settings.title);
    let theme_color = RwSignal::new(settings.theme_color);
    let logo_url = RwSignal::new(settings.logo_url.unwrap_or_default());
    let show_close = RwSignal::new(settings.show_close);
    let welcome = RwSignal::new(settings.welcome_message);
    let button_text = RwSignal::new(settings.button_text);
    let desktop = RwSignal::new(settings.desktop_button.key().to_owned());
    let mobile = RwSignal::new(settings.mobile_button.key().to_owned());
    let language = RwSignal::new(settings.language);
    let sites = RwSignal::new(settings.allowed_sites.join("\n"));

    let save = Action::new(|input: &WidgetSettings| {
        let input = input.clone();
        async move { save_widget_settings(input).await }
    });
    let result = move || save.value().get();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => toasts.success(i18n.t(text!(staff.saved))),
        Some(Err(AppError::Invalid { .. })) => toasts.error(i18n.t(text!(common.err.invalid))),
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let logo = logo_url.get_untracked();
        save.dispatch(WidgetSettings {
            window_name: window_name.get_untracked(),
            title: title.get_untracked(),
            theme_color: theme_color.get_untracked(),
            logo_url: Some(logo).filter(|l| !l.trim().is_empty()),
            show_close: show_close.get_untracked(),
            welcome_message: welcome.get_untracked(),
            button_text: button_text.get_untracked(),
            desktop_button: ButtonStyle::from_key(&desktop.get_untracked()).unwrap_or_default(),
            mobile_button: ButtonStyle::from_key(&mobile.get_untracked()).unwrap_or_default(),
            language: language.get_untracked(),
            allowed_sites: sites.get_untracked().lines().map(str::to_owned).collect(),
        });
    };
    let color_error = field_error(result, "theme_color");
    let welcome_error = field_error(result, "welcome_message");
    let button_label = move || {
        let t = button_text.get();
        if t.trim().is_empty() {
            i18n.t(text!(console.open)).to_owned()
        } else {
            t
        }
    };
    view! {
        <section class="card widget-look" aria-labelledby="look-heading">
            <h2 id="look-heading">{move || i18n.t(text!(console.widget_admin.look))}</h2>
            <div class="look-grid">
                <form class="form" on:submit=submit novalidate>
                    <div class="form-grid">
                        <TextField id="w-window-name" label=Signal::derive(move || i18n.t(text!(console.widget_admin.window_name))) value=window_name required=true error=field_error(result, "window_name")/>
                        <TextField id="w-title" label=Signal::derive(move || i18n.t(text!(console.widget_admin.subtitle))) value=title error=field_error(result, "title")/>
                        <div class="field" class:has-error=move || color_error.get().is_some()>
                            <label for="w-color">{move || i18n.t(text!(console.widget_admin.theme_color))}</label>
                            <div class="color-row">
                                <input type="color" aria-label=move || i18n.t(text!(console.widget_admin.theme_color_picker))
                                    prop:value=move || theme_color.get() on:input=move |ev| theme_color.set(event_target_value(&ev))/>
                                <input id="w-color" type="text" bind:value=theme_color aria-invalid=move || color_error.get().is_some().to_string()/>
                            </div>
                            <p class="field-error" role="alert">{move || color_error.get()}</p>
                        </div>
                        <TextField id="w-logo" label=Signal::derive(move || i18n.t(text!(console.widget_admin.logo_url))) value=logo_url input_type="url" error=field_error(result, "logo_url")/>
                        <TextField id="w-button-text" label=Signal::derive(move || i18n.t(text!(console.widget_admin.button_text))) value=button_text error=field_error(result, "button_text")
                            hint=Signal::derive(move || i18n.t(text!(console.widget_admin.button_text_hint)))/>
                        <SelectField id="w-desktop" label=text!(console.widget_admin.desktop_button) value=desktop
                            options=vec![("pill", text!(console.widget_admin.style_pill)), ("round", text!(console.widget_admin.style_round))]/>
                        <SelectField id="w-mobile" label=text!(console.widget_admin.mobile_button) value=mobile
                            options=vec![("round", text!(console.widget_admin.style_round)), ("pill", text!(console.widget_admin.style_pill))]/>
                        <SelectField id="w-language" label=text!(console.widget_admin.language) value=language
                            options=vec![("", text!(console.widget_admin.language_auto)), ("en", text!(console.widget_admin.language_en)), ("zh-CN", text!(console.widget_admin.language_zh))]/>
                    </div>
                    <div class="field" class:has-error=move || welcome_error.get().is_some()>
                        <label for="w-welcome">{move || i18n.t(text!(console.widget_admin.welcome))}</label>
                        <textarea id="w-welcome" rows="3" prop:value=move || welcome.get() on:input=move |ev| welcome.set(event_target_value(&ev))
                            aria-describedby="w-welcome-hint"></textarea>
                        <p class="hint" id="w-welcome-hint">{move || i18n.t(text!(console.widget_admin.welcome_hint))}</p>
                        <p class="field-error" role="alert">{move || welcome_error.get()}</p>
                    </div>
                    <CheckboxField id="w-show-close" label=Signal::derive(move || i18n.t(text!(console.widget_admin.show_close)).to_owned()) checked=show_close/>
                    <TextAreaField id="w-sites" label=Signal::derive(move || i18n.t(text!(console.widget_admin.allowed_sites))) value=sites rows=3
                        error=field_error(result, "allowed_sites")/>
                    <p class="hint">{move || i18n.t(text!(console.widget_admin.allowed_sites_hint))}</p>
                    <div class="form-actions">
                        <button class="button primary" type="submit" disabled=move || save.pending().get()>
                            {move || i18n.t(if save.pending().get() { text!(common.saving) } else { text!(staff.save) })}
                        </button>
                    </div>
                </form>
                <figure class="widget-preview" aria-label=move || i18n.t(text!(console.widget_admin.preview)) style=move || format!("--theme: {}", theme_color.get())>
                    <div class="preview-window">
                        <header class="preview-header">
                            {move || Some(logo_url.get()).filter(|l| !l.trim().is_empty()).map(|src| view! { <img class="widget-logo" src=src alt=""/> })}
                            <div>
                                <strong>{move || window_name.get()}</strong>
                                <small>{move || title.get()}</small>
                            </div>
                            <span class="preview-close" aria-hidden="true">{move || show_close.get().then_some("×")}</span>
                        </header>
                        <div class="preview-body">
                            <p class="preview-bubble">{move || welcome.get()}</p>
                        </div>
                    </div>
                    <div class="preview-buttons">
                        <span class="preview-btn" class:round=move || desktop.get() == "round">
                            <span aria-hidden="true">"💬"</span>
                            <span class="preview-btn-text">{button_label}</span>
                        </span>
                        <span class="preview-btn phone" class:round=move || mobile.get() == "round">
                            <span aria-hidden="true">"💬"</span>
                            <span class="preview-btn-text">{button_label}</span>
                        </span>
                    </div>
                    <figcaption class="muted small">{move || i18n.t(text!(console.widget_admin.preview_caption))}</figcaption>
                </figure>
            </div>
        </section>
    }
}

#[component]
fn InstallCard(base_url: String, slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let snippet =
        format!("<script src=\"{base_url}/embed.js\" data-link=\"{slug}\" async></script>");
    let page = format!("{base_url}/chat/{slug}");
    let copy = {
        let snippet = snippet.clone();
        move |_| {
            #[cfg(feature = "hydrate")]
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&snippet);
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = &snippet;
            toasts.success(i18n.t(text!(console.widget_admin.copied)));
        }
    };
    view! {
        <section class="card" aria-labelledby="install-heading">
            <h2 id="install-heading">{move || i18n.t(text!(console.widget_admin.install))}</h2>
            <p class="muted">{move || i18n.t(text!(console.widget_admin.install_hint))}</p>
            <textarea class="code" readonly rows="2" aria-label=move || i18n.t(text!(console.widget_admin.snippet))>{snippet}</textarea>
            <div class="form-actions start">
                <button class="button" type="button" on:click=copy>{move || i18n.t(text!(console.widget_admin.copy))}</button>
                <a class="button ghost" href=page.clone() target="_blank" rel="noopener">{move || i18n.t(text!(console.widget_admin.open_page))}</a>
            </div>
        </section>
    }
}

#[component]
fn LinksCard(
    links: Vec<ChatLink>,
    groups: Vec<(i32, String)>,
    agents: Vec<(i32, String)>,
    base_url: String,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let name = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let editing = RwSignal::new(None::<i32>);
    // An edit keeps the link's identity rules (set in their own card).
    let identity = RwSignal::new((model::identity::IdentityMode::Off, false));
    // "": the channel's bot setting (P3).
    let bot_mode = RwSignal::new(String::new());
    let save = Action::new(move |(id, input): &(Option<i32>, ChatLinkInput)| {
        let (id, input) = (*id, input.clone());
        async move { save_chat_link(id, input).await }
    });
    let result = move || save.value().get();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.success(i18n.t(text!(staff.saved)));
            reload.run(());
        }
        Some(Err(AppError::Invalid { .. })) => {}
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let remove = Action::new(|id: &i32| {
        let id = *id;
        async move { delete_chat_link(id).await }
    });
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => {
            toasts.success(i18n.t(text!(console.widget_admin.link_deleted)));
            reload.run(());
        }
        Some(Err(e)) => toasts.error(match e.field_error("id") {
            Some(f) => error_text(f),
            None => error_message(&e).to_owned(),
        }),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = target.get_untracked();
        let (group_id, agent_id) = match t.split_once(':') {
            Some(("group", n)) => (n.parse().ok(), None),
            Some(("agent", n)) => (None, n.parse().ok()),
            _ => (None, None),
        };
        save.dispatch((
            editing.get_untracked(),
            ChatLinkInput {
                name: name.get_untracked(),
                slug: slug.get_untracked(),
                group_id,
                agent_id,
                identity_mode: identity.get_untracked().0,
                identity_required: identity.get_untracked().1,
                bot_mode: model::bot::BotMode::from_key(&bot_mode.get_untracked()),
            },
        ));
    };
    let target_name = {
        let (groups, agents) = (groups.clone(), agents.clone());
        move |l: &ChatLink| -> Option<String> {
            if let Some(g) = l.group_id {
                return groups
                    .iter()
                    .find(|(id, _)| *id == g)
                    .map(|(_, n)| n.clone());
            }
            l.agent_id.and_then(|a| {
                agents
                    .iter()
                    .find(|(id, _)| *id == a)
                    .map(|(_, n)| n.clone())
            })
        }
    };
    let rows = links
        .into_iter()
        .map(|l| {
            let url = format!("{base_url}/chat/{}", l.slug);
            let routes = target_name(&l);
            let edit = {
                let l = l.clone();
                move |_| {
                    editing.set(Some(l.id));
                    identity.set((l.identity_mode, l.identity_required));
                    bot_mode.set(l.bot_mode.map(|m| m.key().to_owned()).unwrap_or_default());
                    name.set(l.name.clone());
                    slug.set(l.slug.clone());
                    target.set(match (l.group_id, l.agent_id) {
                        (Some(g), _) => format!("group:{g}"),
                        (_, Some(a)) => format!("agent:{a}"),
                        _ => String::new(),
                    });
                }
            };
            let (id, is_default, link_name, del_name) = (l.id, l.is_default, l.name.clone(), l.name.clone());
            view! {
                <tr>
                    <td>{l.name.clone()} {is_default.then(|| view! { " " <span class="badge">{move || i18n.t(text!(console.agents.default))}</span> })}</td>
                    <td><a href=url.clone() target="_blank" rel="noopener" class="break">{url.clone()}</a></td>
                    <td>{match routes {
                        Some(n) => n.into_any(),
                        None => view! { <span class="muted">{move || i18n.t(text!(console.widget_admin.anyone))}</span> }.into_any(),
                    }}</td>
                    <td class="actions">
                        <button class="button small ghost" type="button" on:click=edit
                            aria-label=move || format!("{} {}", i18n.t(text!(console.edit)), link_name)>{move || i18n.t(text!(console.edit))}</button>
                        {(!is_default).then(|| view! {
                            <button class="button small danger" type="button" on:click=move |_| { remove.dispatch(id); }
                                aria-label=move || format!("{} {}", i18n.t(text!(console.delete)), del_name)>{move || i18n.t(text!(console.delete))}</button>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let slug_locked = move || editing.get().is_some() && slug.get() == "default";
    view! {
        <section class="card" aria-labelledby="links-heading">
            <h2 id="links-heading">{move || i18n.t(text!(console.widget_admin.links))}</h2>
            <p class="muted">{move || i18n.t(text!(console.widget_admin.links_hint))}</p>
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        <th>{move || i18n.t(text!(console.widget_admin.link_name))}</th>
                        <th>{move || i18n.t(text!(console.widget_admin.link_address))}</th>
                        <th>{move || i18n.t(text!(console.widget_admin.link_target))}</th>
                        <th><span class="sr-only">{move || i18n.t(text!(console.actions))}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <form class="form link-form" on:submit=submit novalidate aria-labelledby="link-form-heading">
                <h3 id="link-form-heading">{move || i18n.t(if editing.get().is_some() { text!(console.widget_admin.edit_link) } else { text!(console.widget_admin.new_link) })}</h3>
                <div class="form-grid">
                    <TextField id="link-name" label=Signal::derive(move || i18n.t(text!(console.widget_admin.link_name))) value=name required=true error=field_error(result, "name")/>
                    <div class="field" class:has-error=move || field_error(result, "slug").get().is_some()>
                        <label for="link-slug">{move || i18n.t(text!(console.widget_admin.link_slug))}</label>
                        <input id="link-slug" type="text" bind:value=slug disabled=slug_locked aria-describedby="link-slug-hint"/>
                        <p class="hint" id="link-slug-hint">{move || i18n.t(text!(console.widget_admin.link_slug_hint))}</p>
                        <p class="field-error" role="alert">{move || field_error(result, "slug").get()}</p>
                    </div>
                    <div class="field" class:has-error=move || field_error(result, "target").get().is_some()>
                        <label for="link-target">{move || i18n.t(text!(console.widget_admin.link_target))}</label>
                        <select id="link-target" on:change=move |ev| target.set(event_target_value(&ev))>
                            <option value="" selected=move || target.get().is_empty()>{move || i18n.t(text!(console.widget_admin.anyone))}</option>
                            <optgroup label=move || i18n.t(text!(staff.nav.groups))>
                                {groups.into_iter().map(|(id, n)| {
                                    let v = format!("group:{id}");
                                    let v2 = v.clone();
                                    view! { <option value=v selected=move || target.get() == v2>{n}</option> }
                                }).collect_view()}
                            </optgroup>
                            <optgroup label=move || i18n.t(text!(staff.nav.agents))>
                                {agents.into_iter().map(|(id, n)| {
                                    let v = format!("agent:{id}");
                                    let v2 = v.clone();
                                    view! { <option value=v selected=move || target.get() == v2>{n}</option> }
                                }).collect_view()}
                            </optgroup>
                        </select>
                        <p class="field-error" role="alert">{move || field_error(result, "target").get()}</p>
                    </div>
                    <div class="field">
                        <label for="link-bot">{move || i18n.t(text!(console.widget_admin.link_bot))}</label>
                        <select id="link-bot" on:change=move |ev| bot_mode.set(event_target_value(&ev))>
                            <option value="" selected=move || bot_mode.get().is_empty()>{move || i18n.t(text!(console.widget_admin.link_bot_channel))}</option>
                            {model::bot::BotMode::ALL.into_iter().map(|m| view! {
                                <option value=m.key() selected=move || bot_mode.get() == m.key()>{move || i18n.t(super::bot_settings::mode_text(m))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="form-actions">
                    {move || editing.get().is_some().then(|| view! {
                        <button class="button ghost" type="button" on:click=move |_| {
                            editing.set(None);
                            identity.set((model::identity::IdentityMode::Off, false));
                            bot_mode.set(String::new());
                            name.set(String::new());
                            slug.set(String::new());
                            target.set(String::new());
                        }>{move || i18n.t(text!(staff.cancel))}</button>
                    })}
                    <button class="button primary" type="submit" disabled=move || save.pending().get()>
                        {move || i18n.t(if editing.get().is_some() { text!(staff.save) } else { text!(console.widget_admin.add_link) })}
                    </button>
                </div>
            </form>
        </section>
    }
}
