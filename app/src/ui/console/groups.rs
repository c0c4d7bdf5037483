//! Console → People → Groups (O2).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use model::automation::AssignmentMode;
use model::people::{Agent, Group, GroupInput};

use super::{back_to_list_on_save, FormFooter, PageHeader};
use crate::api::people::{delete_group, group_form, list_agents, list_groups, save_group};
use crate::i18n::{assignment_mode_text, use_i18n};
use crate::ui::common::{
    error_message, field_error, use_toasts, CheckboxField, LoadError, Loading, SelectField,
    TextField,
};

#[component]
pub fn GroupsPage() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let groups = Resource::new(|| (), |_| list_groups());
    let agents = Resource::new(|| (), |_| list_agents());
    let delete = Action::new(|id: &i32| {
        let id = *id;
        async move { delete_group(id).await }
    });
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => {
            toasts.success(i18n.t(text!(console.deleted)));
            groups.refetch();
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.groups.title)))/>
        <PageHeader title=text!(console.groups.title) action=("/admin/groups/new", text!(console.groups.new))/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let agents: Vec<Agent> = agents.await.unwrap_or_default();
                match groups.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="muted">{move || i18n.t(text!(console.groups.empty))}</p> }.into_any(),
                    Ok(list) => {
                        let rows = list.into_iter().map(|g| {
                            let members = g.member_ids.iter()
                                .filter_map(|id| agents.iter().find(|a| a.id == *id).map(|a| a.name.clone()))
                                .collect::<Vec<_>>().join(", ");
                            let id = g.id;
                            let name = g.name.clone();
                            view! {
                                <tr>
                                    <td class="strong">{g.name.clone()}</td>
                                    <td>{g.description.clone()}</td>
                                    <td>{members}</td>
                                    <td class="actions">
                                        <A href=format!("/admin/groups/{id}") attr:class="button small" attr:aria-label=format!("{} {}", i18n.t(text!(console.edit)), name)>{move || i18n.t(text!(console.edit))}</A>
                                        <button class="button small danger" aria-label=format!("{} {}", i18n.t(text!(console.delete)), g.name)
                                            on:click=move |_| {
                                                let ok = window().confirm_with_message(i18n.t(text!(console.groups.confirm_delete))).unwrap_or(false);
                                                if ok { delete.dispatch(id); }
                                            }>
                                            {move || i18n.t(text!(console.delete))}
                                        </button>
                                    </td>
                                </tr>
                            }
                        }).collect_view();
                        view! {
                            <div class="table-wrap">
                                <table class="table">
                                    <thead><tr>
                                        <th>{move || i18n.t(text!(console.groups.name))}</th>
                                        <th>{move || i18n.t(text!(console.groups.description))}</th>
                                        <th>{move || i18n.t(text!(console.groups.members))}</th>
                                        <th><span class="sr-only">{move || i18n.t(text!(console.actions))}</span></th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
pub fn GroupEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i32>().ok());
    let data = Resource::new(id, group_form);
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(if id().is_some() { text!(console.groups.edit) } else { text!(console.groups.new) }))/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((group, agents)) => view! { <GroupForm group agents/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn GroupForm(group: Option<Group>, agents: Vec<Agent>) -> impl IntoView {
    let i18n = use_i18n();
    let id = group.as_ref().map(|g| g.id);
    let name = RwSignal::new(group.as_ref().map(|g| g.name.clone()).unwrap_or_default());
    let description = RwSignal::new(
        group
            .as_ref()
            .map(|g| g.description.clone())
            .unwrap_or_default(),
    );
    let members: Vec<(Agent, RwSignal<bool>)> = agents
        .into_iter()
        .map(|a| {
            let on = group.as_ref().is_some_and(|g| g.member_ids.contains(&a.id));
            (a, RwSignal::new(on))
        })
        .collect();
    let assignment = RwSignal::new(
        group
            .as_ref()
            .map(|g| g.assignment)
            .unwrap_or_default()
            .key()
            .to_owned(),
    );
    let returning_first = RwSignal::new(group.as_ref().is_some_and(|g| g.returning_first));
    // "": the link's or the channel's bot setting (P3).
    let bot_mode = RwSignal::new(
        group
            .as_ref()
            .and_then(|g| g.bot_mode)
            .map(|m| m.key().to_owned())
            .unwrap_or_default(),
    );
    let member_signals = members.iter().map(|(a, s)| (a.id, *s)).collect::<Vec<_>>();
    let save = Action::new(move |input: &GroupInput| {
        let input = input.clone();
        async move { save_group(id, input).await }
    });
    let result = move || save.value().get();
    back_to_list_on_save(save, "/admin/groups");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(GroupInput {
            name: name.get_untracked(),
            description: description.get_untracked(),
            member_ids: member_signals
                .iter()
                .filter(|(_, s)| s.get_untracked())
                .map(|(a, _)| *a)
                .collect(),
            assignment: AssignmentMode::from_key(&assignment.get_untracked()).unwrap_or_default(),
            returning_first: returning_first.get_untracked(),
            bot_mode: model::bot::BotMode::from_key(&bot_mode.get_untracked()),
        });
    };
    view! {
        <header class="page-header">
            <h1>{move || i18n.t(if id.is_some() { text!(console.groups.edit) } else { text!(console.groups.new) })}</h1>
        </header>
        <form class="form card" on:submit=submit novalidate>
            <div class="form-grid">
                <TextField id="group-name" label=Signal::derive(move || i18n.t(text!(console.groups.name))) value=name required=true error=field_error(result, "name")/>
                <TextField id="group-description" label=Signal::derive(move || i18n.t(text!(console.groups.description))) value=description error=field_error(result, "description")/>
            </div>
            <fieldset class="field">
                <legend>{move || i18n.t(text!(console.groups.members))}</legend>
                <div class="check-list">
                    {members.into_iter().map(|(a, on)| {
                        let label = format!("{} ({})", a.name, a.email);
                        view! { <CheckboxField id=format!("group-member-{}", a.id) label=Signal::derive(move || label.clone()) checked=on/> }
                    }).collect_view()}
                </div>
                <p class="field-error" role="alert">{move || field_error(result, "member_ids").get()}</p>
            </fieldset>
            <div class="form-grid">
                <SelectField id="group-assignment" label=text!(console.automation.assignment) value=assignment
                    options=AssignmentMode::ALL.iter().map(|m| (m.key(), assignment_mode_text(*m))).collect()/>
                <CheckboxField id="group-returning" label=Signal::derive(move || i18n.t(text!(console.automation.returning_first)).to_owned()) checked=returning_first/>
                <div class="field">
                    <label for="group-bot">{move || i18n.t(text!(console.widget_admin.link_bot))}</label>
                    <select id="group-bot" on:change=move |ev| bot_mode.set(event_target_value(&ev))>
                        <option value="" selected=bot_mode.get_untracked().is_empty()>{move || i18n.t(text!(console.groups.bot_inherit))}</option>
                        {model::bot::BotMode::ALL.into_iter().map(|m| view! {
                            <option value=m.key() selected=bot_mode.get_untracked() == m.key()>{move || i18n.t(super::bot_settings::mode_text(m))}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <FormFooter save cancel_href="/admin/groups"/>
        </form>
    }
}
