//! Console → People → Agents (O2).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use model::people::{Agent, AgentInput, Group, Role};
use model::AppError;

use super::{back_to_list_on_save, parse_optional_int, FormFooter, PageHeader};
use crate::api::people::{agent_form, list_agents, list_groups, save_agent, set_agent_enabled};
use crate::api::two_factor::reset_two_factor;
use crate::i18n::{agent_status_text, use_i18n};
use crate::ui::common::{
    error_message, field_error, use_toasts, AvatarPicker, CheckboxField, LoadError, Loading,
    TextField,
};

#[component]
pub fn AgentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let agents = Resource::new(|| (), |_| list_agents());
    let groups = Resource::new(|| (), |_| list_groups());
    let toasts = use_toasts();
    let toggle = Action::new(|(id, enabled): &(i32, bool)| {
        let (id, enabled) = (*id, *enabled);
        async move { set_agent_enabled(id, enabled).await }
    });
    Effect::new(move |_| match toggle.value().get() {
        Some(Ok(agent)) => {
            toasts.success(i18n.t(if agent.enabled {
                text!(console.agents.enabled_toast)
            } else {
                text!(console.agents.disabled_toast)
            }));
            agents.refetch();
        }
        Some(Err(e)) => toasts.error(match e.field_error("enabled") {
            Some(f) => crate::ui::common::error_text(f),
            None => error_message(&e).to_owned(),
        }),
        None => {}
    });
    let reset = Action::new(|id: &i32| reset_two_factor(*id));
    Effect::new(move |_| match reset.value().get() {
        Some(Ok(())) => {
            toasts.success(i18n.t(text!(console.agents.two_factor_reset_toast)));
            agents.refetch();
        }
        Some(Err(e)) => toasts.error(match e.field_error("two_factor") {
            Some(f) => crate::ui::common::error_text(f),
            None => error_message(&e).to_owned(),
        }),
        None => {}
    });

    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.agents.title)))/>
        <PageHeader title=text!(console.agents.title) action=("/admin/agents/new", text!(console.agents.new))/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let group_names: Vec<Group> = groups.await.unwrap_or_default();
                match agents.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="muted">{move || i18n.t(text!(console.agents.empty))}</p> }.into_any(),
                    Ok(list) => view! { <AgentTable list groups=group_names toggle reset/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AgentTable(
    list: Vec<Agent>,
    groups: Vec<Group>,
    toggle: Action<(i32, bool), Result<Agent, AppError>>,
    reset: Action<i32, Result<(), AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let group_name = move |id: i32| {
        groups
            .iter()
            .find(|g| g.id == id)
            .map(|g| g.name.clone())
            .unwrap_or_default()
    };
    let rows = list
        .into_iter()
        .map(|a| {
            let groups = a.group_ids.iter().map(|g| group_name(*g)).collect::<Vec<_>>().join(", ");
            let (id, enabled) = (a.id, a.enabled);
            let status_text = agent_status_text(a.status);
            let label = a.name.clone();
            view! {
                <tr class:row-disabled=!enabled>
                    <td>
                        <div class="strong">{a.name.clone()}</div>
                        <div class="muted small">{a.display_name.clone()}</div>
                    </td>
                    <td>{a.email.clone()}</td>
                    <td>{a.role_name.clone()}</td>
                    <td>{groups}</td>
                    <td>{match a.max_chats { Some(n) => n.to_string().into_any(), None => view! { <span class="muted">{move || i18n.t(text!(console.agents.default))}</span> }.into_any() }}</td>
                    <td><span class=format!("dot dot-{}", a.status.key())></span>{move || i18n.t(status_text)}</td>
                    <td>
                        <span class=if enabled { "badge badge-ok" } else { "badge badge-off" }>
                            {move || i18n.t(if enabled { text!(console.agents.enabled) } else { text!(console.agents.disabled) })}
                        </span>
                        {a.two_factor.then(|| view! { " " <span class="badge" title=move || i18n.t(text!(console.agents.two_factor_on))>"2FA"</span> })}
                    </td>
                    <td class="actions">
                        <A href=format!("/admin/agents/{id}") attr:class="button small" attr:aria-label=format!("{} {}", i18n.t(text!(console.edit)), label)>
                            {move || i18n.t(text!(console.edit))}
                        </A>
                        <button
                            class="button small ghost"
                            aria-label=format!("{} {}", i18n.t(if enabled { text!(console.agents.disable) } else { text!(console.agents.enable) }), a.name)
                            on:click=move |_| { toggle.dispatch((id, !enabled)); }
                        >
                            {move || i18n.t(if enabled { text!(console.agents.disable) } else { text!(console.agents.enable) })}
                        </button>
                        {a.two_factor.then(|| {
                            let name = a.name.clone();
                            view! {
                                <button class="button small ghost"
                                    aria-label=format!("{} {}", i18n.t(text!(console.agents.reset_two_factor)), name)
                                    on:click=move |_| {
                                        let ok = window().confirm_with_message(i18n.t(text!(console.agents.confirm_reset_two_factor))).unwrap_or(false);
                                        if ok { reset.dispatch(id); }
                                    }>
                                    {move || i18n.t(text!(console.agents.reset_two_factor))}
                                </button>
                            }
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th>{move || i18n.t(text!(console.agents.name))}</th>
                        <th>{move || i18n.t(text!(console.agents.email))}</th>
                        <th>{move || i18n.t(text!(console.agents.role))}</th>
                        <th>{move || i18n.t(text!(console.agents.groups))}</th>
                        <th>{move || i18n.t(text!(console.agents.max_chats))}</th>
                        <th>{move || i18n.t(text!(console.agents.status))}</th>
                        <th>{move || i18n.t(text!(console.agents.enabled))}</th>
                        <th><span class="sr-only">{move || i18n.t(text!(console.actions))}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// `/admin/agents/new` and `/admin/agents/:id`.
#[component]
pub fn AgentEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i32>().ok());
    let data = Resource::new(id, agent_form);
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(if id().is_some() { text!(console.agents.edit) } else { text!(console.agents.new) }))/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((agent, roles, groups)) => view! { <AgentForm agent roles groups/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AgentForm(agent: Option<Agent>, roles: Vec<Role>, groups: Vec<Group>) -> impl IntoView {
    let i18n = use_i18n();
    let id = agent.as_ref().map(|a| a.id);
    let default_role = roles
        .iter()
        .find(|r| r.builtin == Some(model::access::BuiltinRole::Agent))
        .or(roles.first())
        .map(|r| r.id)
        .unwrap_or_default();
    let email = RwSignal::new(agent.as_ref().map(|a| a.email.clone()).unwrap_or_default());
    let name = RwSignal::new(agent.as_ref().map(|a| a.name.clone()).unwrap_or_default());
    let display_name = RwSignal::new(
        agent
            .as_ref()
            .map(|a| a.display_name.clone())
            .unwrap_or_default(),
    );
    let avatar_url = RwSignal::new(
        agent
            .as_ref()
            .and_then(|a| a.avatar_url.clone())
            .unwrap_or_default(),
    );
    let role_id = RwSignal::new(agent.as_ref().map(|a| a.role_id).unwrap_or(default_role));
    let max_chats = RwSignal::new(
        agent
            .as_ref()
            .and_then(|a| a.max_chats)
            .map(|n| n.to_string())
            .unwrap_or_default(),
    );
    let password = RwSignal::new(String::new());
    let member_of: Vec<(Group, RwSignal<bool>)> = groups
        .into_iter()
        .map(|g| {
            let on = agent.as_ref().is_some_and(|a| a.group_ids.contains(&g.id));
            (g, RwSignal::new(on))
        })
        .collect();
    let no_groups = member_of.is_empty();
    let member_signals = member_of
        .iter()
        .map(|(g, s)| (g.id, *s))
        .collect::<Vec<_>>();

    let save = Action::new(move |input: &AgentInput| {
        let input = input.clone();
        async move { save_agent(id, input).await }
    });
    let local_max_error = RwSignal::new(None::<String>);
    let result = move || save.value().get();
    let max_error = Signal::derive(move || {
        local_max_error
            .get()
            .or_else(|| field_error(result, "max_chats").get())
    });
    back_to_list_on_save(save, "/admin/agents");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let max = match parse_optional_int(&max_chats.get_untracked()) {
            Some(n) => n,
            None => {
                local_max_error.set(Some(i18n.t(text!(common.err.not_a_number)).to_owned()));
                return;
            }
        };
        local_max_error.set(None);
        save.dispatch(AgentInput {
            email: email.get_untracked(),
            name: name.get_untracked(),
            display_name: display_name.get_untracked(),
            avatar_url: Some(avatar_url.get_untracked()),
            role_id: role_id.get_untracked(),
            group_ids: member_signals
                .iter()
                .filter(|(_, s)| s.get_untracked())
                .map(|(g, _)| *g)
                .collect(),
            max_chats: max,
            password: Some(password.get_untracked()),
        });
    };

    view! {
        <header class="page-header">
            <h1>{move || i18n.t(if id.is_some() { text!(console.agents.edit) } else { text!(console.agents.new) })}</h1>
        </header>
        <form class="form card" on:submit=submit novalidate>
            <div class="form-grid">
                <TextField id="agent-email" label=Signal::derive(move || i18n.t(text!(console.agents.email))) value=email input_type="email" required=true autocomplete="off" error=field_error(result, "email")/>
                <TextField id="agent-name" label=Signal::derive(move || i18n.t(text!(console.agents.name))) value=name required=true error=field_error(result, "name")/>
                <TextField id="agent-display-name" label=Signal::derive(move || i18n.t(text!(console.agents.display_name))) value=display_name error=field_error(result, "display_name") hint=Signal::derive(move || i18n.t(text!(console.agents.display_name_hint)))/>
                {match id {
                    Some(agent_id) => view! {
                        <AvatarPicker agent_id name=Signal::derive(move || display_name.get()) url=avatar_url/>
                    }.into_any(),
                    None => view! { <p class="muted small">{move || i18n.t(text!(staff.avatar.after_create))}</p> }.into_any(),
                }}
                <div class="field" class:has-error=move || field_error(result, "role_id").get().is_some()>
                    <label for="agent-role">{move || i18n.t(text!(console.agents.role))}</label>
                    <select id="agent-role" on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { role_id.set(v) } }>
                        {roles.into_iter().map(|r| {
                            let rid = r.id;
                            view! { <option value=rid.to_string() selected=move || role_id.get() == rid>{r.name}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" role="alert">{move || field_error(result, "role_id").get()}</p>
                </div>
                <TextField id="agent-max-chats" label=Signal::derive(move || i18n.t(text!(console.agents.max_chats))) value=max_chats input_type="number" error=max_error hint=Signal::derive(move || i18n.t(text!(staff.agents.max_chats_hint)))/>
                {if id.is_some() {
                    view! {
                        <TextField id="agent-password" label=Signal::derive(move || i18n.t(text!(console.agents.password))) value=password input_type="password"
                            autocomplete="new-password" error=field_error(result, "password") hint=Signal::derive(move || i18n.t(text!(console.agents.password_hint_edit)))/>
                    }.into_any()
                } else {
                    view! {
                        <TextField id="agent-password" label=Signal::derive(move || i18n.t(text!(console.agents.password))) value=password input_type="password"
                            required=true autocomplete="new-password" error=field_error(result, "password")/>
                    }.into_any()
                }}
            </div>
            <fieldset class="field">
                <legend>{move || i18n.t(text!(console.agents.groups))}</legend>
                <Show when=move || no_groups>
                    <p class="muted small">{move || i18n.t(text!(console.groups.empty))}</p>
                </Show>
                <div class="check-list">
                    {member_of.into_iter().map(|(g, on)| view! {
                        <CheckboxField id=format!("agent-group-{}", g.id) label=Signal::derive(move || g.name.clone()) checked=on/>
                    }).collect_view()}
                </div>
                <p class="field-error" role="alert">{move || field_error(result, "group_ids").get()}</p>
            </fieldset>
            <FormFooter save cancel_href="/admin/agents"/>
        </form>
    }
}
