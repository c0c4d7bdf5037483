//! The workbench's customer panel (W3): the conversation's facts, then the
//! customer in tabs — Info (details and custom fields), Company, Tags,
//! Record (business records of this chat) and History. The record is made
//! the first time an agent opens the chat; a change anyone makes reloads
//! it here (`CustomerChanged`).

use leptos::prelude::*;
use model::customers::{Customer, CustomerInput, IdentityStatus};
use model::fields::FieldEntity;
use model::AppError;

use super::chat::ChatState;
use super::{customer_company, customer_history, customer_record, customer_tags};
use crate::api::customers::{conversation_customer, save_customer};
use crate::api::fields::list_fields;
use crate::i18n::{use_i18n, Text};
use crate::ui::common::{
    error_message, field_error, field_input_views, field_inputs, input_values, use_toasts,
    LoadError, Loading, TextField,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Info,
    Company,
    Tags,
    Record,
    History,
}

impl Tab {
    const ALL: [Tab; 5] = [
        Tab::Info,
        Tab::Company,
        Tab::Tags,
        Tab::Record,
        Tab::History,
    ];

    fn label(self) -> Text {
        match self {
            Tab::Info => text!(workbench.customer_tabs.info),
            Tab::Company => text!(workbench.customer_tabs.company),
            Tab::Tags => text!(workbench.customer_tabs.tags),
            Tab::Record => text!(workbench.customer_tabs.record),
            Tab::History => text!(workbench.customer_tabs.history),
        }
    }

    fn key(self) -> &'static str {
        match self {
            Tab::Info => "info",
            Tab::Company => "company",
            Tab::Tags => "tags",
            Tab::Record => "record",
            Tab::History => "history",
        }
    }
}

#[component]
pub fn CustomerPanel() -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<ChatState>();
    // Only a change of chat reloads the record (new messages do not).
    let selected = Memo::new(move |_| state.selected.get());
    view! {
        {move || state.current().map(|c| view! {
            <section class="customer" aria-label=move || i18n.t(text!(workbench.customer))>
                <h2>{move || i18n.t(text!(workbench.customer))}</h2>
                <dl>
                    <dt>{move || i18n.t(text!(staff.visitor_name))}</dt><dd>{c.visitor_name.clone()}</dd>
                    <dt>{move || i18n.t(text!(workbench.channel))}</dt><dd><super::follower::ChannelBadge channel=c.channel.clone() name=c.channel_name.clone().unwrap_or_default()/></dd>
                    <dt>{move || i18n.t(text!(workbench.source_page))}</dt><dd class="break">{c.source_url.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>{move || i18n.t(text!(workbench.started))}</dt><dd>{crate::ui::common::date_time(c.started_at)}</dd>
                </dl>
            </section>
        })}
        {move || selected.get().map(|id| view! { <super::routing_facts::RoutingFacts conversation_id=id/> })}
        {move || selected.get().filter(|_| state.current().is_some_and(|c| super::follower::is_platform(&c.channel)))
            .map(|id| view! { <super::follower::FollowerFacts conversation_id=id/> })}
        {move || selected.get().map(|id| view! { <CustomerTabs conversation_id=id/> })}
    }
}

#[component]
fn CustomerTabs(conversation_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<ChatState>();
    let tab = RwSignal::new(Tab::Info);
    // Reload when anyone changes the customer shown (or this panel saves).
    let shown = RwSignal::new(None::<i64>);
    let version = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Some((id, _)) = state.customer_changes.get() {
            if shown.get_untracked() == Some(id) {
                version.update(|v| *v += 1);
            }
        }
    });
    let customer = Resource::new(
        move || (conversation_id, version.get()),
        |(id, _)| conversation_customer(id),
    );
    let reload = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <section class="customer-info" aria-labelledby="customer-info-h">
            <h3 id="customer-info-h" class="sr-only">{move || i18n.t(text!(workbench.customer_info.title))}</h3>
            <div class="tabs" role="tablist" aria-label=move || i18n.t(text!(workbench.customer_info.title))>
                {Tab::ALL.into_iter().map(|t| view! {
                    <button type="button" role="tab" class="tab" id=format!("ctab-{}", t.key())
                        aria-controls="customer-tabpanel"
                        aria-selected=move || (tab.get() == t).to_string()
                        class:active=move || tab.get() == t
                        on:click=move |_| tab.set(t)>{move || i18n.t(t.label())}</button>
                }).collect_view()}
            </div>
            <div class="tabpanel" role="tabpanel" id="customer-tabpanel"
                aria-labelledby=move || format!("ctab-{}", tab.get().key())>
                <Transition fallback=Loading>
                    {move || Suspend::new(async move {
                        match customer.await {
                            Err(error) => view! { <LoadError error/> }.into_any(),
                            Ok(c) => {
                                shown.set(Some(c.id));
                                match tab.get() {
                                    Tab::Info => view! { <InfoTab customer=c/> }.into_any(),
                                    Tab::Company => view! { <customer_company::CompanyTab customer=c reload/> }.into_any(),
                                    Tab::Tags => view! { <customer_tags::TagsTab customer=c/> }.into_any(),
                                    Tab::Record => view! { <customer_record::RecordTab conversation_id/> }.into_any(),
                                    Tab::History => view! { <customer_history::HistoryTab customer_id=c.id/> }.into_any(),
                                }
                            }
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
}

/// Whether the site vouched for who this is.
#[component]
fn IdentityBadge(customer: Customer) -> impl IntoView {
    let i18n = use_i18n();
    match customer.identity {
        IdentityStatus::Verified => Some(view! {
            <p class="identity"><span class="badge badge-on">{move || i18n.t(text!(workbench.identity.verified))}</span>
                {customer.external_id.map(|x| view! { " " <code>{x}</code> })}</p>
        }.into_any()),
        IdentityStatus::Unverified => Some(view! {
            <p class="identity"><span class="badge badge-warn">{move || i18n.t(text!(workbench.identity.unverified))}</span>
                {customer.claimed_id.map(|x| view! { " " <code>{x}</code> })}
                <span class="muted small">" " {move || i18n.t(text!(workbench.identity.unverified_hint))}</span></p>
        }.into_any()),
        IdentityStatus::None => None,
    }
}

#[component]
fn InfoTab(customer: Customer) -> impl IntoView {
    let defs = Resource::new(|| (), |_| list_fields(FieldEntity::Customer));
    view! {
        <IdentityBadge customer=customer.clone()/>
        <Transition fallback=Loading>
            {move || {
                let customer = customer.clone();
                Suspend::new(async move {
                    match defs.await {
                        Ok(defs) => view! { <CustomerForm customer defs/> }.into_any(),
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

#[component]
fn CustomerForm(customer: Customer, defs: Vec<model::fields::FieldDef>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = customer.id;
    let name = RwSignal::new(customer.name.clone().unwrap_or_default());
    let email = RwSignal::new(customer.email.clone().unwrap_or_default());
    let phone = RwSignal::new(customer.phone.clone().unwrap_or_default());
    let fields = field_inputs(defs, &customer.fields);
    let save = Action::new(move |input: &CustomerInput| {
        let input = input.clone();
        async move { save_customer(id, input).await }
    });
    let result = move || save.value().get();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => toasts.success(i18n.t(text!(staff.saved))),
        Some(Err(AppError::Invalid { .. })) => {}
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let values = fields.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(CustomerInput {
            name: Some(name.get_untracked()),
            email: Some(email.get_untracked()),
            phone: Some(phone.get_untracked()),
            fields: input_values(&values),
        });
    };
    let label = move |t| Signal::derive(move || i18n.t(t));
    view! {
        {(customer.visitors > 1).then(|| view! {
            <p class="muted small">{move || leptos_i18n::td_string!(i18n.staff(), workbench.customer_info.visitors, n = customer.visitors)}</p>
        })}
        <form class="form" on:submit=submit novalidate aria-label=move || i18n.t(text!(workbench.customer_tabs.info))>
            <TextField id="customer-name" label=label(text!(workbench.customer_info.name)) value=name error=field_error(result, "name")/>
            <TextField id="customer-email" label=label(text!(workbench.customer_info.email)) value=email input_type="email" error=field_error(result, "email")/>
            <TextField id="customer-phone" label=label(text!(workbench.customer_info.phone)) value=phone input_type="tel" error=field_error(result, "phone")/>
            {field_input_views(fields, result)}
            <button class="button primary" type="submit" disabled=move || save.pending().get()>
                {move || i18n.t(if save.pending().get() { text!(common.saving) } else { text!(staff.save) })}
            </button>
        </form>
    }
}
