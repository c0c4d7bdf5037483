//! Tickets in the workbench (R7, W5): a filtered list, the ticket with its
//! history and comments, and the dialog that creates one (from a chat).

use leptos::prelude::*;
use model::tickets::{
    ActivityKind, AssigneeFilter, Ticket, TicketActivity, TicketDetail, TicketFilter, TicketInput,
    TicketPriority, TicketStatus, TicketUpdate,
};
use model::AppError;

use crate::api::tickets::{comment_ticket, create_ticket, get_ticket, list_tickets, update_ticket};
use crate::i18n::{ticket_priority_text, ticket_status_text, use_i18n};
use crate::ui::common::{
    error_message, field_error, use_toasts, LoadError, Loading, SelectField, TextAreaField,
    TextField,
};

#[component]
pub fn TicketsPane() -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(String::new());
    let priority = RwSignal::new(String::new());
    let assignee = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let selected = RwSignal::new(None::<i64>);
    let creating = RwSignal::new(false);
    // Bumped after a change, so the list shows the new state.
    let version = RwSignal::new(0u32);
    let filter = move || TicketFilter {
        status: TicketStatus::from_key(&status.get()),
        priority: TicketPriority::from_key(&priority.get()),
        assignee: match assignee.get().as_str() {
            "me" => AssigneeFilter::Me,
            "unassigned" => AssigneeFilter::Unassigned,
            _ => AssigneeFilter::Anyone,
        },
        from: Some(from.get()).filter(|d| !d.is_empty()),
        to: Some(to.get()).filter(|d| !d.is_empty()),
        conversation_id: None,
    };
    let list = Resource::new(move || (filter(), version.get()), |(f, _)| list_tickets(f));
    let on_created = Callback::new(move |t: Ticket| {
        selected.set(Some(t.id));
        version.update(|v| *v += 1);
    });
    let on_changed = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <section class="wb-list" aria-label=move || i18n.t(text!(workbench.tickets.title))>
            <header class="wb-list-header row-between">
                <h1>{move || i18n.t(text!(workbench.tickets.title))}</h1>
                <button class="button small primary" on:click=move |_| creating.set(true)>{move || i18n.t(text!(workbench.tickets.new))}</button>
            </header>
            <div class="ticket-filters" role="search" aria-label=move || i18n.t(text!(workbench.tickets.filters))>
                <SelectField id="tf-status" label=text!(workbench.tickets.status) value=status any=text!(workbench.tickets.all)
                    options=TicketStatus::ALL.iter().map(|s| (s.key(), ticket_status_text(*s))).collect()/>
                <SelectField id="tf-priority" label=text!(workbench.tickets.priority) value=priority any=text!(workbench.tickets.all)
                    options=TicketPriority::ALL.iter().map(|p| (p.key(), ticket_priority_text(*p))).collect()/>
                <SelectField id="tf-assignee" label=text!(workbench.tickets.assignee) value=assignee any=text!(workbench.tickets.all)
                    options=vec![("me", text!(workbench.tickets.mine)), ("unassigned", text!(workbench.tickets.unassigned))]/>
                <div class="field">
                    <label for="tf-from">{move || i18n.t(text!(workbench.tickets.from))}</label>
                    <input id="tf-from" type="date" bind:value=from/>
                </div>
                <div class="field">
                    <label for="tf-to">{move || i18n.t(text!(workbench.tickets.to))}</label>
                    <input id="tf-to" type="date" bind:value=to/>
                </div>
            </div>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(error) => view! { <LoadError error/> }.into_any(),
                        Ok(items) if items.is_empty() => view! { <p class="muted wb-empty">{move || i18n.t(text!(workbench.tickets.none))}</p> }.into_any(),
                        Ok(items) => view! {
                            <ul role="listbox" aria-label=move || i18n.t(text!(workbench.tickets.title))>
                                {items.into_iter().map(|t| {
                                    let id = t.id;
                                    let (sk, pk) = (ticket_status_text(t.status), ticket_priority_text(t.priority));
                                    view! {
                                        <li role="option" class="conv-item" tabindex="0"
                                            class:selected=move || selected.get() == Some(id)
                                            aria-selected=move || (selected.get() == Some(id)).to_string()
                                            on:click=move |_| selected.set(Some(id))
                                            on:keydown=move |ev| if ev.key() == "Enter" { selected.set(Some(id)) }>
                                            <div class="conv-top">
                                                <span class="strong">{t.subject.clone()}</span>
                                                <span class="muted small">"#"{id}</span>
                                            </div>
                                            <div class="small">
                                                <span class=format!("badge status-{}", t.status.key())>{move || i18n.t(sk)}</span>
                                                " "
                                                <span class=format!("badge priority-{}", t.priority.key())>{move || i18n.t(pk)}</span>
                                                " "
                                                <span class="muted">{t.assignee_name.clone().unwrap_or_default()}</span>
                                            </div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <main class="wb-chat">
            {move || creating.get().then(|| view! { <NewTicketDialog conversation_id=None subject=String::new() open=creating on_created/> })}
            {move || match selected.get() {
                Some(id) => view! { <TicketView id on_changed/> }.into_any(),
                None => view! { <p class="muted wb-empty">{move || i18n.t(text!(workbench.tickets.select))}</p> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn TicketView(id: i64, on_changed: Callback<()>) -> impl IntoView {
    let detail = Resource::new(move || id, get_ticket);
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <TicketDetailView detail=d on_changed/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TicketDetailView(detail: TicketDetail, on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let t = detail.ticket.clone();
    let id = t.id;
    let activities = RwSignal::new(detail.activities.clone());
    let current = RwSignal::new(t.clone());
    let comment = RwSignal::new(String::new());
    let change = Action::new(move |u: &TicketUpdate| {
        let u = u.clone();
        async move { update_ticket(id, u).await }
    });
    Effect::new(move |_| match change.value().get() {
        Some(Ok(d)) => {
            current.set(d.ticket);
            activities.set(d.activities);
            toasts.success(i18n.t(text!(workbench.tickets.updated)));
            on_changed.run(());
        }
        Some(Err(e)) => toasts.error(
            match e
                .field_error("ticket")
                .or_else(|| e.field_error("assignee_id"))
            {
                Some(f) => crate::ui::common::error_text(f),
                None => error_message(&e).to_owned(),
            },
        ),
        None => {}
    });
    let post = Action::new(move |body: &String| {
        let body = body.clone();
        async move { comment_ticket(id, body).await }
    });
    let nav = expect_context::<super::WorkbenchNav>();
    let post_result = move || post.value().get();
    Effect::new(move |_| {
        if let Some(Ok(d)) = post.value().get() {
            activities.set(d.activities);
            comment.set(String::new());
            toasts.success(i18n.t(text!(workbench.tickets.commented)));
        }
    });
    let assignees = detail.assignees.clone();
    view! {
        <article class="ticket" aria-label=move || format!("{} #{id}", i18n.t(text!(workbench.tickets.ticket)))>
            <header class="chat-header">
                <div>
                    <h2>{t.subject.clone()} <span class="muted">" #"{id}</span></h2>
                    <p class="muted small">
                        {move || i18n.t(if t.source == model::tickets::TicketSource::LeaveMessage { text!(workbench.tickets.from_leave_message) } else { text!(workbench.tickets.from_agent) })}
                        " · " {crate::ui::common::date_time(t.created_at)}
                        {t.conversation_id.map(|c| view! {
                            " · "
                            <button type="button" class="link-button"
                                on:click=move |_| nav.open_conversation(c)>
                                {move || format!("{} #{c}", i18n.t(text!(workbench.tickets.conversation)))}
                            </button>
                        })}
                    </p>
                </div>
            </header>
            <div class="ticket-body">
                <div class="ticket-controls">
                    <div class="field">
                        <label for="ticket-status">{move || i18n.t(text!(workbench.tickets.status))}</label>
                        <select id="ticket-status" on:change=move |ev| {
                            if let Some(s) = TicketStatus::from_key(&event_target_value(&ev)) {
                                change.dispatch(TicketUpdate { status: Some(s), ..Default::default() });
                            }
                        }>
                            {TicketStatus::ALL.into_iter().map(|s| {
                                let key = ticket_status_text(s);
                                view! { <option value=s.key() selected=move || current.get().status == s>{move || i18n.t(key)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="ticket-priority">{move || i18n.t(text!(workbench.tickets.priority))}</label>
                        <select id="ticket-priority" on:change=move |ev| {
                            if let Some(p) = TicketPriority::from_key(&event_target_value(&ev)) {
                                change.dispatch(TicketUpdate { priority: Some(p), ..Default::default() });
                            }
                        }>
                            {TicketPriority::ALL.into_iter().map(|p| {
                                let key = ticket_priority_text(p);
                                view! { <option value=p.key() selected=move || current.get().priority == p>{move || i18n.t(key)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="ticket-assignee">{move || i18n.t(text!(workbench.tickets.assignee))}</label>
                        <select id="ticket-assignee" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let a = v.parse::<i32>().ok();
                            change.dispatch(TicketUpdate { assignee_id: Some(a), ..Default::default() });
                        }>
                            <option value="" selected=move || current.get().assignee_id.is_none()>{move || i18n.t(text!(workbench.tickets.unassigned))}</option>
                            {assignees.into_iter().map(|(aid, name)| view! {
                                <option value=aid.to_string() selected=move || current.get().assignee_id == Some(aid)>{name}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <dl class="ticket-contact">
                    {t.group_name.clone().map(|v| view! { <dt>{move || i18n.t(text!(workbench.tickets.group))}</dt><dd>{v}</dd> })}
                    {t.contact_name.clone().map(|v| view! { <dt>{move || i18n.t(text!(common.leave.name))}</dt><dd>{v}</dd> })}
                    {t.contact_email.clone().map(|v| view! { <dt>{move || i18n.t(text!(common.leave.email))}</dt><dd>{v}</dd> })}
                    {t.contact_phone.clone().map(|v| view! { <dt>{move || i18n.t(text!(common.leave.phone))}</dt><dd>{v}</dd> })}
                </dl>
                <p class="ticket-description">{t.description.clone()}</p>
                <super::ticket_fields::TicketFields ticket_id=id values=detail.fields.clone()
                    on_saved=Callback::new(move |d: TicketDetail| activities.set(d.activities))/>
                <h3>{move || i18n.t(text!(workbench.tickets.history))}</h3>
                <ol class="ticket-activity" aria-label=move || i18n.t(text!(workbench.tickets.history))>
                    <For each=move || activities.get() key=|a| a.id let:a>
                        <ActivityItem a/>
                    </For>
                </ol>
                <form class="composer" on:submit=move |ev| {
                    ev.prevent_default();
                    post.dispatch(comment.get_untracked());
                }>
                    <div class="grow">
                        <TextAreaField id="ticket-comment" label=Signal::derive(move || i18n.t(text!(workbench.tickets.comment))) value=comment rows=2 error=field_error(post_result, "body")/>
                    </div>
                    <button class="button primary" type="submit" disabled=move || post.pending().get()>{move || i18n.t(text!(workbench.tickets.add_comment))}</button>
                </form>
            </div>
        </article>
    }
}

#[component]
fn ActivityItem(a: TicketActivity) -> impl IntoView {
    let i18n = use_i18n();
    let who = a
        .agent_name
        .clone()
        .unwrap_or_else(|| i18n.t(text!(workbench.tickets.system)).to_owned());
    let when = crate::ui::common::date_time(a.created_at);
    let value = move |v: &Option<String>, kind: ActivityKind| -> String {
        let Some(v) = v.clone() else {
            return i18n.t(text!(workbench.tickets.unassigned)).to_owned();
        };
        match kind {
            ActivityKind::Status => TicketStatus::from_key(&v)
                .map(|s| i18n.t(ticket_status_text(s)).to_owned())
                .unwrap_or(v),
            ActivityKind::Priority => TicketPriority::from_key(&v)
                .map(|p| i18n.t(ticket_priority_text(p)).to_owned())
                .unwrap_or(v),
            _ => v,
        }
    };
    let what = match a.kind {
        ActivityKind::Created => i18n.t(text!(workbench.tickets.created)).to_owned(),
        ActivityKind::Comment => a.body.clone().unwrap_or_default(),
        kind => format!(
            "{}: {} → {}",
            i18n.t(match kind {
                ActivityKind::Status => text!(workbench.tickets.status),
                ActivityKind::Priority => text!(workbench.tickets.priority),
                _ => text!(workbench.tickets.assignee),
            }),
            value(&a.from_value, kind),
            value(&a.to_value, kind)
        ),
    };
    view! {
        <li class:comment=a.kind == ActivityKind::Comment>
            <span class="strong">{who}</span> " " <span class="muted small">{when}</span>
            <p>{what}</p>
        </li>
    }
}

/// Create a ticket, from a conversation (W5) or by hand.
#[component]
pub fn NewTicketDialog(
    conversation_id: Option<i64>,
    subject: String,
    open: RwSignal<bool>,
    on_created: Callback<Ticket>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let subject = RwSignal::new(subject);
    let description = RwSignal::new(String::new());
    let priority = RwSignal::new(TicketPriority::Normal.key().to_owned());
    let fields = super::ticket_fields::ticket_inputs(Default::default());
    let save = Action::new(move |input: &TicketInput| {
        let input = input.clone();
        async move { create_ticket(input).await }
    });
    let result = move || save.value().get();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(t)) => {
            toasts.success(format!(
                "{} #{}",
                i18n.t(text!(workbench.tickets.created_toast)),
                t.id
            ));
            on_created.run(t);
            open.set(false);
        }
        Some(Err(AppError::Invalid { .. })) | None => {}
        Some(Err(e)) => toasts.error(error_message(&e)),
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(TicketInput {
            subject: subject.get_untracked(),
            description: description.get_untracked(),
            priority: TicketPriority::from_key(&priority.get_untracked()).unwrap_or_default(),
            assignee_id: None,
            conversation_id,
            fields: crate::ui::common::input_values(&fields.get_untracked()),
        });
    };
    view! {
        <form class="transfer card" role="dialog" aria-label=move || i18n.t(text!(workbench.tickets.new)) on:submit=submit novalidate>
            <h2>{move || i18n.t(text!(workbench.tickets.new))}</h2>
            <TextField id="new-ticket-subject" label=Signal::derive(move || i18n.t(text!(workbench.tickets.subject))) value=subject required=true error=field_error(result, "subject")/>
            <TextAreaField id="new-ticket-description" label=Signal::derive(move || i18n.t(text!(workbench.tickets.description))) value=description error=field_error(result, "description")/>
            <div class="field">
                <label for="new-ticket-priority">{move || i18n.t(text!(workbench.tickets.priority))}</label>
                <select id="new-ticket-priority" on:change=move |ev| priority.set(event_target_value(&ev))>
                    {TicketPriority::ALL.into_iter().map(|p| {
                        let key = ticket_priority_text(p);
                        view! { <option value=p.key() selected=move || priority.get() == p.key()>{move || i18n.t(key)}</option> }
                    }).collect_view()}
                </select>
            </div>
            {move || crate::ui::common::field_input_views(fields.get(), result)}
            <div class="form-actions">
                <button class="button ghost" type="button" on:click=move |_| open.set(false)>{move || i18n.t(text!(staff.cancel))}</button>
                <button class="button primary" type="submit" disabled=move || save.pending().get()>{move || i18n.t(text!(workbench.tickets.create))}</button>
            </div>
        </form>
    }
}
