//! Console → Automation → Queue (R4): who is waiting, live.

use leptos::prelude::*;
use leptos_meta::Title;
use model::automation::QueueEntry;

use super::PageHeader;
use crate::api::queue::waiting_queue;
use crate::i18n::use_i18n;
use crate::ui::common::{LoadError, Loading};

#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| waiting_queue());
    // Refresh while the page is open; the queue changes by the second.
    #[cfg(feature = "hydrate")]
    {
        let handle =
            set_interval_with_handle(move || data.refetch(), std::time::Duration::from_secs(5));
        on_cleanup(move || {
            if let Ok(h) = handle {
                h.clear();
            }
        });
    }
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.queue.title)))/>
        <PageHeader title=text!(console.queue.title)/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(entries) => view! { <QueueTable entries/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn QueueTable(entries: Vec<QueueEntry>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <p class="strong" role="status">{leptos_i18n::td_string!(i18n.staff(), staff.waiting, n = entries.len())}</p>
            {(!entries.is_empty()).then(|| view! {
                <table class="table">
                    <thead><tr>
                        <th>{move || i18n.t(text!(console.queue.position))}</th>
                        <th>{move || i18n.t(text!(staff.visitor_name))}</th>
                        <th>{move || i18n.t(text!(staff.nav.groups))}</th>
                        <th>{move || i18n.t(text!(console.queue.since))}</th>
                        <th>{move || i18n.t(text!(console.queue.last_message))}</th>
                    </tr></thead>
                    <tbody>
                        {entries.into_iter().map(|e| view! {
                            <tr>
                                <td>{e.position}</td>
                                <td>{e.visitor_name}</td>
                                <td>{e.group_name.unwrap_or_else(|| "—".into())}</td>
                                <td>{crate::ui::common::clock_time_secs(e.waiting_since)}</td>
                                <td>{e.last_message.clone().unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
}
