//! Online visitors (W2): who is on the host site now, a page of fifty at a
//! time, read again whenever the server's batched `OnlineVisitors` event
//! arrives; one visitor's visit (pages with times, where they came from,
//! browser, region) with an invitation (C2) and their earlier chats.

use leptos::prelude::*;
use model::online::{InvitationState, InvitationStatus, OnlineVisitor, ONLINE_PAGE_SIZE};

use super::chat::ChatState;
use super::customer_history::HistoryTab;
use crate::api::online::{get_online_visitor, invite_online_visitor, list_online_visitors};
use crate::i18n::{use_i18n, Text};
use crate::ui::common::{clock_time, error_message, field_error, use_toasts, LoadError, Loading};

fn invitation_text(status: InvitationStatus) -> Text {
    match status {
        InvitationStatus::Pending => text!(workbench.online.invite_pending),
        InvitationStatus::Accepted => text!(workbench.online.invite_accepted),
        InvitationStatus::Declined => text!(workbench.online.invite_declined),
    }
}

/// What to show for a page: its title, else its address.
fn page_name(title: &str, url: &str) -> String {
    if title.trim().is_empty() {
        url.to_owned()
    } else {
        title.to_owned()
    }
}

#[component]
pub fn OnlineVisitorsPane() -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<ChatState>();
    let query = RwSignal::new(String::new());
    let page = RwSignal::new(0usize);
    let selected = RwSignal::new(None::<String>);
    let list = Resource::new(
        move || (query.get(), page.get(), state.online_changes.get()),
        |(q, p, _)| list_online_visitors(q, p),
    );
    view! {
        <section class="wb-list" aria-label=move || i18n.t(text!(workbench.online.title))>
            <header class="wb-list-header">
                <h1>{move || i18n.t(text!(workbench.online.title))}</h1>
                <input type="search" class="wb-search" aria-label=move || i18n.t(text!(workbench.online.search))
                    placeholder=move || i18n.t(text!(workbench.online.search))
                    on:input=move |ev| { query.set(event_target_value(&ev)); page.set(0); }/>
            </header>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(error) => view! { <LoadError error/> }.into_any(),
                        Ok(found) if found.visitors.is_empty() => view! {
                            <p class="muted wb-empty">{move || i18n.t(text!(workbench.online.none))}</p>
                        }.into_any(),
                        Ok(found) => {
                            let pages = found.total.div_ceil(ONLINE_PAGE_SIZE);
                            let total = found.total;
                            view! {
                                <p class="small muted wb-count" aria-live="polite">{move || leptos_i18n::td_string!(i18n.staff(), workbench.online.count, n = total)}</p>
                                <ul role="listbox" aria-label=move || i18n.t(text!(workbench.online.title))>
                                    {found.visitors.into_iter().map(|v| view! { <VisitorRow visitor=v selected/> }).collect_view()}
                                </ul>
                                {(pages > 1).then(|| view! {
                                    <nav class="pager" aria-label=move || i18n.t(text!(workbench.online.pages))>
                                        <button type="button" class="button small" disabled=move || page.get() == 0
                                            on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>{move || i18n.t(text!(workbench.online.previous))}</button>
                                        <span class="small muted">{move || format!("{} / {pages}", page.get() + 1)}</span>
                                        <button type="button" class="button small" disabled=move || page.get() + 1 >= pages
                                            on:click=move |_| page.update(|p| *p += 1)>{move || i18n.t(text!(workbench.online.next))}</button>
                                    </nav>
                                })}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
        <main class="wb-chat wb-online">
            {move || match selected.get() {
                None => view! { <p class="muted wb-empty">{move || i18n.t(text!(workbench.online.pick))}</p> }.into_any(),
                Some(id) => view! { <VisitorDetail id/> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn VisitorRow(visitor: OnlineVisitor, selected: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let id = visitor.id.clone();
    let is_selected = {
        let id = id.clone();
        move || selected.get().as_deref() == Some(id.as_str())
    };
    let pick = {
        let id = id.clone();
        move || selected.set(Some(id.clone()))
    };
    let pick_key = pick.clone();
    let name = page_name(&visitor.page.title, &visitor.page.url);
    let where_from = [visitor.region.clone(), visitor.browser.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let invitation = visitor.invitation.map(|i| i.status);
    view! {
        <li role="option" class="conv-item" tabindex="0"
            class:selected=is_selected.clone()
            aria-selected=move || is_selected().to_string()
            on:click=move |_| pick()
            on:keydown=move |ev| if ev.key() == "Enter" { pick_key() }>
            <div class="conv-top">
                <span class="strong online-page">{name}</span>
                <span class="muted small">{clock_time(visitor.entered_at)}</span>
            </div>
            <div class="conv-preview muted small">
                {where_from}
                " · "
                {move || leptos_i18n::td_string!(i18n.staff(), workbench.online.pages_count, n = visitor.pages)}
            </div>
            <div class="online-badges">
                {visitor.chatting.then(|| view! { <span class="badge badge-ok">{move || i18n.t(text!(workbench.online.chatting))}</span> })}
                {(visitor.visits > 1).then(|| view! { <span class="badge">{move || i18n.t(text!(workbench.online.returning))}</span> })}
                {invitation.map(|s| view! { <span class="badge badge-info">{move || i18n.t(invitation_text(s))}</span> })}
            </div>
        </li>
    }
}

#[component]
fn VisitorDetail(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<ChatState>();
    let key = StoredValue::new(id);
    let detail = Resource::new(
        move || state.online_changes.get(),
        move |_| get_online_visitor(key.get_value()),
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(model::AppError::NotFound) => view! { <p class="muted wb-empty">{move || i18n.t(text!(workbench.online.gone))}</p> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(d) => {
                        let v = d.visitor;
                        let dash = || "—".to_owned();
                        let engine = v.engine.map(|e| e.name().to_owned()).unwrap_or_else(dash);
                        let facts: Vec<(Text, String)> = vec![
                            (text!(workbench.online.current_page), v.page.url.clone()),
                            (text!(workbench.online.referrer), v.referrer.clone().unwrap_or_else(dash)),
                            (text!(workbench.online.search_engine), engine),
                            (text!(workbench.online.keyword), v.keyword.clone().unwrap_or_else(dash)),
                            (text!(workbench.online.region), Some(v.region.clone()).filter(|r| !r.is_empty()).unwrap_or_else(dash)),
                            (text!(workbench.online.browser), Some(v.browser.clone()).filter(|r| !r.is_empty()).unwrap_or_else(dash)),
                            (text!(workbench.online.system), Some(v.os.clone()).filter(|r| !r.is_empty()).unwrap_or_else(dash)),
                            (text!(workbench.online.entered), clock_time(v.entered_at)),
                        ];
                        let visits = v.visits;
                        view! {
                            <header class="chat-header">
                                <div>
                                    <h2>{page_name(&v.page.title, &v.page.url)}</h2>
                                    <p class="muted small">
                                        {move || if visits > 1 {
                                            leptos_i18n::td_string!(i18n.staff(), workbench.online.visits, n = visits).to_string()
                                        } else {
                                            i18n.t(text!(workbench.online.new_visitor)).to_owned()
                                        }}
                                        {v.chatting.then(|| view! { " · " {move || i18n.t(text!(workbench.online.chatting))} })}
                                    </p>
                                </div>
                            </header>
                            <div class="online-detail">
                                <InvitationStatusLine invitation=v.invitation.clone()/>
                                <dl class="facts" aria-label=move || i18n.t(text!(workbench.online.visit))>
                                    {facts.into_iter().map(|(label, value)| view! {
                                        <dt>{move || i18n.t(label)}</dt><dd class="wrap">{value}</dd>
                                    }).collect_view()}
                                </dl>
                                <h3>{move || i18n.t(text!(workbench.online.pages_this_visit))}</h3>
                                <ol class="page-trail" aria-label=move || i18n.t(text!(workbench.online.pages_this_visit))>
                                    {d.pages.into_iter().map(|p| view! {
                                        <li><span class="muted small">{clock_time(p.at)}</span>" "<span title=p.url.clone()>{page_name(&p.title, &p.url)}</span></li>
                                    }).collect_view()}
                                </ol>
                                {d.customer_id.map(|customer_id| view! {
                                    <h3>{move || i18n.t(text!(workbench.online.earlier))}</h3>
                                    <HistoryTab customer_id/>
                                })}
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Transition>
        <InviteForm id=key.get_value()/>
    }
}

#[component]
fn InvitationStatusLine(invitation: Option<InvitationState>) -> impl IntoView {
    let i18n = use_i18n();
    invitation.map(|inv| {
        let by = inv
            .agent_name
            .clone()
            .unwrap_or_else(|| i18n.t(text!(workbench.online.automatic)).to_owned());
        view! {
            <p class="online-invitation" role="status">
                <span class="strong">{move || i18n.t(invitation_text(inv.status))}</span>
                {format!(" · {by} · {}", clock_time(inv.at))}
            </p>
        }
    })
}

/// Kept outside the detail's reloads, so typing is never interrupted.
#[component]
fn InviteForm(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let text = RwSignal::new(i18n.t(text!(workbench.online.default_invite)).to_owned());
    let id = StoredValue::new(id);
    let invite = Action::new(move |t: &String| {
        let t = t.clone();
        async move { invite_online_visitor(id.get_value(), t).await }
    });
    let result = move || invite.value().get();
    Effect::new(move |_| match invite.value().get() {
        Some(Ok(_)) => toasts.success(i18n.t(text!(workbench.online.invited))),
        Some(Err(model::AppError::Invalid { .. })) => {}
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    view! {
        <form class="invite-form" aria-label=move || i18n.t(text!(workbench.online.invite))
            on:submit=move |ev| { ev.prevent_default(); invite.dispatch(text.get_untracked()); }>
            <label for="invite-text">{move || i18n.t(text!(workbench.online.invite_text))}</label>
            <textarea id="invite-text" rows="2" prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <p class="field-error" role="alert">{move || field_error(result, "text").get().or_else(|| field_error(result, "id").get())}</p>
            <button type="submit" class="button primary" disabled=move || invite.pending().get()>
                {move || i18n.t(text!(workbench.online.invite))}
            </button>
        </form>
    }
}
