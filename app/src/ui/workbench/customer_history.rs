//! The customer panel's History tab (W3): the customer's conversations
//! (from every browser, device and channel they chat from) and tickets,
//! and their business records. A conversation opens read-only here.

use leptos::prelude::*;
use model::chat::Sender;
use model::fields::FieldEntity;
use model::AppError;

use super::customer_record::RecordList;
use crate::api::customers::{customer_history, customer_transcript};
use crate::api::fields::list_fields;
use crate::api::records::customer_records;
use crate::i18n::{ticket_status_text, use_i18n};
use crate::ui::common::{date_time, preview_text, LoadError, Loading, MessageList};

#[component]
pub fn HistoryTab(customer_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(
        move || customer_id,
        |id| async move {
            let history = customer_history(id).await?;
            let records = customer_records(id).await?;
            let defs = list_fields(FieldEntity::Record).await?;
            Ok::<_, AppError>((history, records, defs))
        },
    );
    let open = RwSignal::new(None::<i64>);
    let transcript = Resource::new(
        move || open.get(),
        move |id| async move {
            match id {
                Some(c) => customer_transcript(customer_id, c).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok((history, records, defs)) => view! {
                        <h4>{move || i18n.t(text!(workbench.customer_history.conversations))}</h4>
                        <ul class="plain-list" aria-label=move || i18n.t(text!(workbench.customer_history.conversations))>
                            {history.conversations.into_iter().map(|c| {
                                let id = c.id;
                                let label = format!("{} · {}", date_time(c.started_at), preview_text(&c));
                                view! {
                                    <li>
                                        <button type="button" class="link-button" aria-expanded=move || (open.get() == Some(id)).to_string()
                                            on:click=move |_| open.update(|o| *o = if *o == Some(id) { None } else { Some(id) })>{label}</button>
                                        <span class="muted small">{c.agent_name.clone()}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <h4>{move || i18n.t(text!(workbench.customer_history.tickets))}</h4>
                        {history.tickets.is_empty().then(|| view! { <p class="muted small">{move || i18n.t(text!(workbench.customer_history.no_tickets))}</p> })}
                        <ul class="plain-list" aria-label=move || i18n.t(text!(workbench.customer_history.tickets))>
                            {history.tickets.into_iter().map(|t| {
                                let status = ticket_status_text(t.status);
                                view! { <li><span>{format!("#{} {}", t.id, t.subject)}</span> <span class="badge">{move || i18n.t(status)}</span></li> }
                            }).collect_view()}
                        </ul>
                        <h4>{move || i18n.t(text!(workbench.customer_history.records))}</h4>
                        {records.is_empty().then(|| view! { <p class="muted small">{move || i18n.t(text!(workbench.record.none))}</p> })}
                        <RecordList records defs/>
                    }.into_any(),
                }
            })}
        </Transition>
        <Transition>
            {move || Suspend::new(async move {
                match transcript.await {
                    Ok(Some(messages)) => view! {
                        <section class="history-transcript" aria-label=move || i18n.t(text!(workbench.customer_history.transcript))>
                            <MessageList messages=Signal::stored(messages) pending=Signal::stored(vec![]) viewer=Sender::Agent read_seq=Signal::stored(0) label=Signal::derive(move || i18n.t(text!(workbench.customer_history.transcript)))/>
                        </section>
                    }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}
