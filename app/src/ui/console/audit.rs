//! Console → Security → Audit log: every administrative change with who,
//! when and each field before → after, filtered by actor, kind and day,
//! newest first, a page at a time.

use leptos::prelude::*;
use leptos_meta::Title;
use model::audit::{AuditActor, AuditEvent, AuditFilter, AuditKind, AuditPage};

use super::PageHeader;
use crate::api::audit::{audit_actors, audit_log};
use crate::i18n::{audit_action_text, audit_kind_text, use_i18n};
use crate::ui::common::{date_time, error_message, use_toasts, LoadError, Loading, SelectField};

fn non_empty(text: String) -> Option<String> {
    Some(text).filter(|t| !t.is_empty())
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let actor = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let filter = move || AuditFilter {
        actor_id: actor.get().parse().ok(),
        kind: AuditKind::from_key(&kind.get()),
        from: non_empty(from.get()),
        to: non_empty(to.get()),
        before: None,
    };
    let actors = Resource::new(|| (), |_| audit_actors());
    let first = Resource::new(filter, audit_log);
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.audit.title)))/>
        <PageHeader title=text!(console.audit.title)/>
        <p class="muted">{move || i18n.t(text!(console.audit.intro))}</p>
        <div class="audit-filters" role="search" aria-label=move || i18n.t(text!(console.audit.filters))>
            <div class="field">
                <label for="audit-actor">{move || i18n.t(text!(console.audit.actor))}</label>
                <select id="audit-actor" on:change=move |ev| actor.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t(text!(console.audit.all))}</option>
                    <Transition>
                        {move || Suspend::new(async move {
                            let list: Vec<AuditActor> = actors.await.unwrap_or_default();
                            list.into_iter().map(|a| {
                                let value = a.id.to_string();
                                let selected = value.clone();
                                view! { <option value=value selected=move || actor.get() == selected>{a.name}</option> }
                            }).collect_view()
                        })}
                    </Transition>
                </select>
            </div>
            <SelectField id="audit-kind" label=text!(console.audit.kind) value=kind any=text!(console.audit.all)
                options=AuditKind::ALL.iter().map(|k| (k.key(), audit_kind_text(*k))).collect()/>
            <div class="field">
                <label for="audit-from">{move || i18n.t(text!(console.audit.from))}</label>
                <input id="audit-from" type="date" bind:value=from/>
            </div>
            <div class="field">
                <label for="audit-to">{move || i18n.t(text!(console.audit.to))}</label>
                <input id="audit-to" type="date" bind:value=to/>
            </div>
        </div>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match first.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(page) if page.events.is_empty() => view! { <p class="muted">{move || i18n.t(text!(console.audit.empty))}</p> }.into_any(),
                    Ok(page) => view! { <AuditTable page filter=filter()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The first page, then each page "Load more" fetched, appended.
#[component]
fn AuditTable(page: AuditPage, filter: AuditFilter) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let events = RwSignal::new(page.events);
    let next = RwSignal::new(page.next_before);
    let more = Action::new(move |before: &i64| {
        let f = AuditFilter {
            before: Some(*before),
            ..filter.clone()
        };
        async move { audit_log(f).await }
    });
    Effect::new(move |_| match more.value().get() {
        Some(Ok(page)) => {
            events.update(|e| e.extend(page.events));
            next.set(page.next_before);
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    view! {
        <div class="table-wrap">
            <table class="table audit-table">
                <thead><tr>
                    <th>{move || i18n.t(text!(console.audit.time))}</th>
                    <th>{move || i18n.t(text!(console.audit.actor))}</th>
                    <th>{move || i18n.t(text!(console.audit.action))}</th>
                    <th>{move || i18n.t(text!(console.audit.target))}</th>
                    <th>{move || i18n.t(text!(console.audit.changes))}</th>
                </tr></thead>
                <tbody>
                    <For each=move || events.get() key=|e| e.id let:event>
                        <AuditRow event/>
                    </For>
                </tbody>
            </table>
        </div>
        {move || next.get().map(|before| view! {
            <button class="button ghost" disabled=move || more.pending().get() on:click=move |_| { more.dispatch(before); }>
                {move || i18n.t(if more.pending().get() { text!(console.audit.loading_more) } else { text!(console.audit.more) })}
            </button>
        })}
    }
}

#[component]
fn AuditRow(event: AuditEvent) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, action) = (audit_kind_text(event.kind), audit_action_text(event.action));
    let target = event.target_name.clone().unwrap_or_default();
    let changes = if event.changes.is_empty() {
        view! { <span class="muted">{move || i18n.t(text!(console.audit.no_fields))}</span> }
            .into_any()
    } else {
        view! {
            <ul class="audit-changes">
                {event.changes.into_iter().map(|c| {
                    let none = move || i18n.t(text!(console.audit.nothing)).to_owned();
                    let (before, after) = (c.before.clone(), c.after.clone());
                    view! {
                        <li>
                            <code>{c.field}</code>": "
                            <del>{move || before.clone().unwrap_or_else(none)}</del>
                            " → "
                            <ins>{move || after.clone().unwrap_or_else(none)}</ins>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <tr>
            <td class="nowrap"><time datetime=event.at.to_rfc3339()>{date_time(event.at)}</time></td>
            <td>{event.actor_name}</td>
            <td><span class=format!("badge audit-{}", event.action.key())>{move || i18n.t(action)}</span></td>
            <td><span class="muted small">{move || i18n.t(kind)}</span>" "<span class="strong">{target}</span></td>
            <td>{changes}</td>
        </tr>
    }
}
