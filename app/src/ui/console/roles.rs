//! Console → People → Roles & permissions (O1): the permission matrix.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use model::access::BuiltinRole;
use model::people::{Role, RoleInput};
use model::{AppError, Permission};

use super::{back_to_list_on_save, FormFooter, PageHeader};
use crate::api::people::{delete_role, list_roles, save_role};
use crate::i18n::{permission_text, use_i18n};
use crate::ui::common::{
    error_message, error_text, field_error, use_toasts, CheckboxField, LoadError, Loading,
    TextField,
};

#[component]
pub fn RolesPage() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let roles = Resource::new(|| (), |_| list_roles());
    let delete = Action::new(|id: &i32| {
        let id = *id;
        async move { delete_role(id).await }
    });
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => {
            toasts.success(i18n.t(text!(console.deleted)));
            roles.refetch();
        }
        Some(Err(e)) => toasts.error(match e.field_error("name") {
            Some(f) => error_text(f),
            None => error_message(&e).to_owned(),
        }),
        None => {}
    });
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.roles.title)))/>
        <PageHeader title=text!(console.roles.title) action=("/admin/roles/new", text!(console.roles.new))/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match roles.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(list) => view! { <Matrix roles=list delete/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Rows are permissions, columns are roles.
#[component]
fn Matrix(roles: Vec<Role>, delete: Action<i32, Result<(), AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let header = roles
        .iter()
        .map(|r| {
            let (id, name, builtin) = (r.id, r.name.clone(), r.builtin);
            let label = name.clone();
            view! {
                <th scope="col">
                    <div class="strong">{name.clone()}</div>
                    <div class="muted small">
                        {builtin.map(|_| view! { <span class="badge">{move || i18n.t(text!(console.roles.builtin))}</span> })}
                        " " {move || i18n.t(text!(console.roles.agents))} ": " {r.agent_count}
                    </div>
                    <A href=format!("/admin/roles/{id}") attr:class="button small" attr:aria-label=format!("{} {}", i18n.t(text!(console.edit)), label)>{move || i18n.t(text!(console.edit))}</A>
                    {builtin.is_none().then(|| {
                        let label = name.clone();
                        view! {
                            <button class="button small danger" aria-label=format!("{} {}", i18n.t(text!(console.delete)), label)
                                on:click=move |_| { delete.dispatch(id); }>{move || i18n.t(text!(console.delete))}</button>
                        }
                    })}
                </th>
            }
        })
        .collect_view();
    let rows = Permission::ALL
        .into_iter()
        .map(|p| {
            let cells = roles
                .iter()
                .map(|r| {
                    let has = r.permissions.contains(&p);
                    view! {
                        <td class="cell-center">
                            {if has { view! { <span class="yes" aria-label=move || i18n.t(text!(console.yes))>"✓"</span> }.into_any() } else { view! { <span class="no" aria-label=move || i18n.t(text!(console.no))>"—"</span> }.into_any() }}
                        </td>
                    }
                })
                .collect_view();
            let label = permission_text(p);
            view! { <tr><th scope="row">{move || i18n.t(label)}</th>{cells}</tr> }
        })
        .collect_view();
    let two_factor = roles
        .iter()
        .map(|r| {
            let on = r.require_two_factor;
            view! {
                <td class="cell-center">
                    {if on { view! { <span class="yes" aria-label=move || i18n.t(text!(console.yes))>"✓"</span> }.into_any() } else { view! { <span class="no" aria-label=move || i18n.t(text!(console.no))>"—"</span> }.into_any() }}
                </td>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table matrix">
                <thead><tr><th scope="col">{move || i18n.t(text!(console.roles.permissions))}</th>{header}</tr></thead>
                <tbody>
                    {rows}
                    <tr class="matrix-extra"><th scope="row">{move || i18n.t(text!(console.roles.require_two_factor))}</th>{two_factor}</tr>
                </tbody>
            </table>
        </div>
        <p class="muted small">{move || i18n.t(text!(console.roles.admin_fixed))}</p>
    }
}

#[component]
pub fn RoleEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i32>().ok());
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => list_roles()
                .await?
                .into_iter()
                .find(|r| r.id == id)
                .ok_or(AppError::NotFound)
                .map(Some),
            None => {
                // Load once anyway so a caller without permission sees the refusal.
                list_roles().await?;
                Ok(None)
            }
        }
    });
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(if id().is_some() { text!(console.roles.edit) } else { text!(console.roles.new) }))/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(role) => view! { <RoleForm role/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RoleForm(role: Option<Role>) -> impl IntoView {
    let i18n = use_i18n();
    let id = role.as_ref().map(|r| r.id);
    let builtin = role.as_ref().and_then(|r| r.builtin).is_some();
    let admin_role = role.as_ref().and_then(|r| r.builtin) == Some(BuiltinRole::Admin);
    let require_two_factor = RwSignal::new(role.as_ref().is_some_and(|r| r.require_two_factor));
    let name = RwSignal::new(role.as_ref().map(|r| r.name.clone()).unwrap_or_default());
    let checks: Vec<(Permission, RwSignal<bool>)> = Permission::ALL
        .into_iter()
        .map(|p| {
            (
                p,
                RwSignal::new(role.as_ref().is_some_and(|r| r.permissions.contains(&p))),
            )
        })
        .collect();
    let save = Action::new(move |input: &RoleInput| {
        let input = input.clone();
        async move { save_role(id, input).await }
    });
    let result = move || save.value().get();
    back_to_list_on_save(save, "/admin/roles");
    let signals = checks.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(RoleInput {
            name: name.get_untracked(),
            permissions: signals
                .iter()
                .filter(|(_, s)| s.get_untracked())
                .map(|(p, _)| *p)
                .collect(),
            require_two_factor: require_two_factor.get_untracked(),
        });
    };
    view! {
        <header class="page-header">
            <h1>{move || i18n.t(if id.is_some() { text!(console.roles.edit) } else { text!(console.roles.new) })}</h1>
        </header>
        <form class="form card" on:submit=submit novalidate>
            <div class="form-grid">
                {if builtin {
                    view! { <p><span class="strong">{name.get_untracked()}</span> " " <span class="badge">{move || i18n.t(text!(console.roles.builtin))}</span></p> }.into_any()
                } else {
                    view! { <TextField id="role-name" label=Signal::derive(move || i18n.t(text!(console.roles.name))) value=name required=true error=field_error(result, "name")/> }.into_any()
                }}
            </div>
            <fieldset class="field" class:has-error=move || field_error(result, "permissions").get().is_some()>
                <legend>{move || i18n.t(text!(console.roles.permissions))}</legend>
                <div class="check-list">
                    {checks.into_iter().map(|(p, on)| {
                        let label = permission_text(p);
                        view! { <CheckboxField id=format!("perm-{}", p.key()) label=Signal::derive(move || i18n.t(label).to_owned()) checked=on disabled=admin_role/> }
                    }).collect_view()}
                </div>
                <p class="field-error" role="alert">{move || field_error(result, "permissions").get()}</p>
            </fieldset>
            <fieldset class="field" class:has-error=move || field_error(result, "require_two_factor").get().is_some()>
                <legend>{move || i18n.t(text!(console.roles.security))}</legend>
                <CheckboxField id="role-2fa" label=Signal::derive(move || i18n.t(text!(console.roles.require_two_factor)).to_owned()) checked=require_two_factor/>
                <p class="muted small">{move || i18n.t(text!(console.roles.require_two_factor_hint))}</p>
                <p class="field-error" role="alert">{move || field_error(result, "require_two_factor").get()}</p>
            </fieldset>
            <FormFooter save cancel_href="/admin/roles"/>
        </form>
    }
}
