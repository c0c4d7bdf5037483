//! Console → Data → Customers (A1, A3): every customer the reader may read,
//! searched by name, e-mail, phone or external id and filtered by tag; two
//! can be merged into one (with a confirmation; nothing is lost).

use leptos::prelude::*;
use leptos_meta::Title;
use model::customers::{CustomerFilter, CustomerSummary};

use super::PageHeader;
use crate::api::customers::{list_customers, merge_customers};
use crate::api::tags::list_tags;
use crate::i18n::use_i18n;
use crate::ui::common::{error_message, use_toasts, LoadError, Loading};

fn label(c: &CustomerSummary) -> String {
    c.name
        .clone()
        .or_else(|| c.email.clone())
        .unwrap_or_else(|| format!("#{}", c.id))
}

#[component]
pub fn CustomersPage() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let query = RwSignal::new(String::new());
    let tag = RwSignal::new(String::new());
    let version = RwSignal::new(0u32);
    let tags = Resource::new(|| (), |_| list_tags());
    let list = Resource::new(
        move || (query.get(), tag.get(), version.get()),
        |(q, t, _)| {
            list_customers(CustomerFilter {
                query: Some(q).filter(|q| !q.trim().is_empty()),
                tag_id: t.parse().ok(),
            })
        },
    );
    // Up to two picked rows: the first merges into the second.
    let picked = RwSignal::new(Vec::<CustomerSummary>::new());
    let confirming = RwSignal::new(false);
    let merge = Action::new(|(from, into): &(i64, i64)| merge_customers(*from, *into));
    Effect::new(move |_| match merge.value().get() {
        Some(Ok(_)) => {
            toasts.success(i18n.t(text!(console.customers.merged)));
            picked.set(vec![]);
            confirming.set(false);
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.customers.title)))/>
        <PageHeader title=text!(console.customers.title)/>
        <div class="audit-filters">
            <div class="field">
                <label for="customer-search">{move || i18n.t(text!(console.customers.search))}</label>
                <input id="customer-search" type="search" prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="customer-tag">{move || i18n.t(text!(console.customers.tag))}</label>
                <select id="customer-tag" on:change=move |ev| tag.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t(text!(console.customers.any_tag))}</option>
                    <Transition>
                        {move || Suspend::new(async move {
                            tags.await.unwrap_or_default().into_iter().map(|t| view! { <option value=t.id.to_string()>{t.name}</option> }).collect_view()
                        })}
                    </Transition>
                </select>
            </div>
        </div>
        {move || {
            let p = picked.get();
            (p.len() == 2).then(|| {
                let (from, into) = (p[0].clone(), p[1].clone());
                let text = leptos_i18n::td_string!(i18n.staff(), console.customers.merge_question, from = label(&from), into = label(&into));
                view! {
                    <div class="banner" role="region" aria-label=move || i18n.t(text!(console.customers.merge))>
                        <p>{text}</p>
                        {move || if confirming.get() {
                            view! {
                                <button class="button danger" type="button" disabled=move || merge.pending().get()
                                    on:click=move |_| { merge.dispatch((from.id, into.id)); }>{move || i18n.t(text!(console.customers.confirm_merge))}</button>
                                <button class="button ghost" type="button" on:click=move |_| confirming.set(false)>{move || i18n.t(text!(staff.cancel))}</button>
                            }.into_any()
                        } else {
                            view! { <button class="button" type="button" on:click=move |_| confirming.set(true)>{move || i18n.t(text!(console.customers.merge))}</button> }.into_any()
                        }}
                    </div>
                }
            })
        }}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p class="muted">{move || i18n.t(text!(console.customers.empty))}</p> }.into_any(),
                    Ok(rows) => view! {
                        <p class="muted small">{move || i18n.t(text!(console.customers.pick_hint))}</p>
                        <div class="table-wrap">
                            <table class="table">
                                <thead><tr>
                                    <th><span class="sr-only">{move || i18n.t(text!(console.customers.pick))}</span></th>
                                    <th>{move || i18n.t(text!(workbench.customer_info.name))}</th>
                                    <th>{move || i18n.t(text!(workbench.customer_info.email))}</th>
                                    <th>{move || i18n.t(text!(workbench.customer_info.phone))}</th>
                                    <th>{move || i18n.t(text!(console.customers.external_id))}</th>
                                    <th>{move || i18n.t(text!(workbench.customer_tabs.company))}</th>
                                    <th>{move || i18n.t(text!(workbench.customer_tabs.tags))}</th>
                                    <th>{move || i18n.t(text!(console.customers.conversations))}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|c| {
                                        let id = c.id;
                                        let row = c.clone();
                                        let name = label(&c);
                                        view! {
                                            <tr>
                                                <td><input type="checkbox" aria-label=format!("{} {name}", i18n.t(text!(console.customers.pick)))
                                                    prop:checked=move || picked.with(|p| p.iter().any(|x| x.id == id))
                                                    on:change=move |ev| {
                                                        let on = event_target_checked(&ev);
                                                        confirming.set(false);
                                                        picked.update(|p| {
                                                            p.retain(|x| x.id != id);
                                                            if on { p.push(row.clone()); if p.len() > 2 { p.remove(0); } }
                                                        });
                                                    }/></td>
                                                <td class="strong">{c.name.clone().unwrap_or_else(|| "—".into())}</td>
                                                <td>{c.email.clone()}</td>
                                                <td>{c.phone.clone()}</td>
                                                <td><code>{c.external_id.clone()}</code></td>
                                                <td>{c.company.clone()}</td>
                                                <td>{c.tags.iter().map(|t| view! { <span class="tag-chip" style=format!("--tag-color: {}", t.color)><span class="tag-dot" aria-hidden="true"></span>{t.name.clone()}</span> }).collect_view()}</td>
                                                <td>{c.conversations}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
