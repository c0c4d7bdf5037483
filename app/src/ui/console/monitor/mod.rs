//! Console → Monitor (M1): the team's grid, the queue and the conversations
//! in progress, kept current over the socket (`/ws?watch=supervisors`) with
//! no polling: every event marks the figures stale, and they are read again
//! at most once a second. A live conversation opens read-only beside them.

mod watch;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use model::chat::{Conversation, ConversationStatus, Message};
use model::monitor::{AgentFigures, LiveConversation, MonitorSnapshot};

use super::PageHeader;
use crate::api::monitor::get_monitor;
use crate::i18n::{agent_status_text, use_i18n};
use crate::ui::common::{LoadError, Loading};
use crate::ui::workbench::follower::channel_text;

/// A length of time as the monitor shows it: `0:45`, `12:05`, `1:02:05`.
pub fn span(secs: i64) -> String {
    let secs = secs.max(0);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// What the page shares with its parts.
#[derive(Clone, Copy)]
struct Monitor {
    /// The clock the durations count on: the server's, moved on by the
    /// browser's each second (`None` until the page is live).
    now: RwSignal<Option<DateTime<Utc>>>,
    /// The live conversation open beside the lists, and the messages the
    /// socket brought for it since it opened.
    watching: RwSignal<Option<i64>>,
    arrived: RwSignal<Vec<Message>>,
    /// The last word of the socket on a conversation (it moved or ended).
    changed: RwSignal<Option<Conversation>>,
}

impl Monitor {
    fn since(&self, snapshot_at: DateTime<Utc>, t: DateTime<Utc>) -> String {
        let now = self.now.get().unwrap_or(snapshot_at);
        span((now - t).num_seconds())
    }
}

#[component]
pub fn MonitorPage() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let snapshot = Resource::new(move || version.get(), |_| get_monitor());
    let monitor = Monitor {
        now: RwSignal::new(None),
        watching: RwSignal::new(None),
        arrived: RwSignal::new(vec![]),
        changed: RwSignal::new(None),
    };
    #[cfg(feature = "hydrate")]
    live(monitor, version, snapshot);
    #[cfg(not(feature = "hydrate"))]
    let _ = monitor.now;
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.monitor.title)))/>
        <PageHeader title=text!(console.monitor.title)/>
        <p class="muted">{move || i18n.t(text!(console.monitor.intro))}</p>
        <div class="monitor-split" class:watching=move || monitor.watching.get().is_some()>
            <div class="monitor-main">
                <Transition fallback=Loading>
                    {move || Suspend::new(async move {
                        match snapshot.await {
                            Ok(s) => view! {
                                <Figures s=s.clone() monitor/>
                                <LiveList s=s.clone() monitor/>
                                <AgentGrid s monitor/>
                            }.into_any(),
                            Err(error) => view! { <LoadError error/> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
            {move || monitor.watching.get().map(|id| view! { <watch::WatchPanel id monitor/> })}
        </div>
    }
}

/// The socket, the once-a-second re-read and the ticking clock.
#[cfg(feature = "hydrate")]
fn live(
    monitor: Monitor,
    version: RwSignal<u32>,
    snapshot: Resource<Result<MonitorSnapshot, model::AppError>>,
) {
    use model::chat::ServerEvent;
    use std::time::Duration;
    let due = StoredValue::new(false);
    let stale = move || {
        if due.get_value() {
            return;
        }
        due.set_value(true);
        set_timeout(
            move || {
                due.set_value(false);
                let _ = version.try_update(|v| *v += 1);
            },
            Duration::from_secs(1),
        );
    };
    let on_event = move |e: ServerEvent| match e {
        ServerEvent::Message { message } => {
            if monitor.watching.get_untracked() == Some(message.conversation_id) {
                monitor
                    .arrived
                    .update(|list| crate::realtime::merge_message(list, message));
            }
            stale();
        }
        ServerEvent::Conversation { conversation } => {
            if monitor.watching.get_untracked() == Some(conversation.id) {
                monitor.changed.set(Some(conversation));
            }
            stale();
        }
        // After a reconnect anything may have happened meanwhile.
        ServerEvent::Ready { .. }
        | ServerEvent::AgentChanged { .. }
        | ServerEvent::QueueLength { .. } => stale(),
        _ => {}
    };
    // The socket opens once the figures could be read (so someone without
    // the permission does not knock on it), and belongs to the page: it
    // closes when the page goes.
    let owner = Owner::current();
    let connected = StoredValue::new(false);
    // The server's clock at the last read, moved on by the browser's.
    let skew = StoredValue::new(0i64);
    Effect::new(move |_| {
        if let Some(Ok(s)) = snapshot.get() {
            skew.set_value(s.at.timestamp_millis() - js_sys::Date::now() as i64);
            if !connected.get_value() {
                connected.set_value(true);
                let connect = move || {
                    crate::realtime::ChatSocket::connect("?watch=supervisors".into(), on_event);
                };
                match &owner {
                    Some(owner) => owner.with(connect),
                    None => connect(),
                }
            }
        }
    });
    let tick = move || {
        let ms = js_sys::Date::now() as i64 + skew.get_value();
        let _ = monitor.now.try_set(DateTime::from_timestamp_millis(ms));
    };
    if let Ok(handle) = set_interval_with_handle(tick, Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
}

#[component]
fn Figures(s: MonitorSnapshot, monitor: Monitor) -> impl IntoView {
    let i18n = use_i18n();
    let at = s.at;
    let online = s
        .agents
        .iter()
        .filter(|a| a.status == model::people::AgentStatus::Online)
        .count();
    let oldest = s.queue_oldest;
    view! {
        <dl class="stat-tiles" aria-label=move || i18n.t(text!(console.monitor.figures))>
            <div class="stat"><dt>{move || i18n.t(text!(console.monitor.queue_length))}</dt><dd>{s.queue_length}</dd></div>
            <div class="stat"><dt>{move || i18n.t(text!(console.monitor.longest_wait))}</dt>
                <dd>{move || oldest.map(|t| monitor.since(at, t)).unwrap_or_else(|| "—".into())}</dd></div>
            <div class="stat"><dt>{move || i18n.t(text!(console.monitor.agents_online))}</dt><dd>{online}</dd></div>
            <div class="stat"><dt>{move || i18n.t(text!(console.monitor.live))}</dt><dd>{s.conversations.len()}</dd></div>
        </dl>
    }
}

#[component]
fn AgentGrid(s: MonitorSnapshot, monitor: Monitor) -> impl IntoView {
    let i18n = use_i18n();
    let at = s.at;
    let rows = s.agents;
    view! {
        <section class="card">
            <h2>{move || i18n.t(text!(console.monitor.agents))}</h2>
            {if rows.is_empty() {
                view! { <p class="muted">{move || i18n.t(text!(console.monitor.no_agents))}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap"><table class="table" aria-label=move || i18n.t(text!(console.monitor.agents))>
                        <thead><tr>
                            <th scope="col">{move || i18n.t(text!(console.monitor.agent))}</th>
                            <th scope="col">{move || i18n.t(text!(console.monitor.status))}</th>
                            <th scope="col">{move || i18n.t(text!(console.monitor.in_status))}</th>
                            <th scope="col">{move || i18n.t(text!(console.monitor.chats))}</th>
                            <th scope="col">{move || i18n.t(text!(console.monitor.taken_today))}</th>
                            <th scope="col">{move || i18n.t(text!(console.monitor.first_response))}</th>
                            <th scope="col">{move || i18n.t(text!(console.monitor.unanswered))}</th>
                        </tr></thead>
                        <tbody>{rows.into_iter().map(|a| view! { <AgentRow a at monitor/> }).collect_view()}</tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn AgentRow(a: AgentFigures, at: DateTime<Utc>, monitor: Monitor) -> impl IntoView {
    let i18n = use_i18n();
    let status = agent_status_text(a.status);
    let dot = format!("dot dot-{}", a.status.key());
    let since = a.status_since;
    let red = a.unanswered > 0;
    view! {
        <tr>
            <th scope="row">{a.name}</th>
            <td class="nowrap"><span class=dot aria-hidden="true"></span>{move || i18n.t(status)}</td>
            <td>{move || monitor.since(at, since)}</td>
            <td>{format!("{} / {}", a.current, a.max)}</td>
            <td>{a.taken_today}</td>
            <td>{a.avg_first_response_secs.map(span).unwrap_or_else(|| "—".into())}</td>
            <td class:danger-text=red>{a.unanswered}</td>
        </tr>
    }
}

#[component]
fn LiveList(s: MonitorSnapshot, monitor: Monitor) -> impl IntoView {
    let i18n = use_i18n();
    let at = s.at;
    let rows = s.conversations;
    view! {
        <section class="card">
            <h2>{move || i18n.t(text!(console.monitor.live))}</h2>
            {if rows.is_empty() {
                view! { <p class="muted">{move || i18n.t(text!(console.monitor.no_live))}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap"><table class="table" aria-label=move || i18n.t(text!(console.monitor.live))>
                        <thead><tr>
                            <th scope="col">{move || i18n.t(text!(console.monitor.visitor))}</th>
                            <th scope="col">{move || i18n.t(text!(console.monitor.agent))}</th>
                            <th scope="col">{move || i18n.t(text!(console.monitor.group))}</th>
                            <th scope="col">{move || i18n.t(text!(console.monitor.channel))}</th>
                            <th scope="col">{move || i18n.t(text!(console.monitor.waiting))}</th>
                            <th scope="col"><span class="sr-only">{move || i18n.t(text!(console.monitor.watch))}</span></th>
                        </tr></thead>
                        <tbody>{rows.into_iter().map(|c| view! { <LiveRow c at monitor/> }).collect_view()}</tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
    }
}

/// Who serves a live conversation: an agent, the queue or the bot.
fn serving(c: &LiveConversation) -> crate::i18n::Text {
    match c.status {
        ConversationStatus::Bot => text!(console.monitor.with_bot),
        _ => text!(console.monitor.in_queue),
    }
}

#[component]
fn LiveRow(c: LiveConversation, at: DateTime<Utc>, monitor: Monitor) -> impl IntoView {
    let i18n = use_i18n();
    let id = c.id;
    let unanswered = c.unanswered;
    let agent = c.agent_name.clone();
    let serving = serving(&c);
    let channel = channel_text(&c.channel);
    let channel_name = c.channel_name.clone();
    let waiting = c.waiting_since;
    let visitor = c.visitor_name.clone();
    let watch_label = move || format!("{} {}", i18n.t(text!(console.monitor.watch)), visitor);
    view! {
        <tr class:row-alert=unanswered class:selected=move || monitor.watching.get() == Some(id)>
            <th scope="row">
                {c.visitor_name.clone()}
                {unanswered.then(|| view! { " " <span class="badge danger">{move || i18n.t(text!(console.monitor.unanswered_badge))}</span> })}
            </th>
            <td>{match agent { Some(a) => a.into_any(), None => view! { <span class="muted">{move || i18n.t(serving)}</span> }.into_any() }}</td>
            <td>{c.group_name.unwrap_or_else(|| "—".into())}</td>
            <td>{move || i18n.t(channel)}{channel_name.clone().map(|n| format!(" · {n}"))}</td>
            <td>{move || waiting.map(|t| monitor.since(at, t)).unwrap_or_else(|| "—".into())}</td>
            <td><button class="button small" type="button" aria-label=watch_label
                on:click=move |_| {
                    if monitor.watching.get_untracked() != Some(id) {
                        monitor.arrived.set(vec![]);
                        monitor.changed.set(None);
                        monitor.watching.set(Some(id));
                    }
                }>{move || i18n.t(text!(console.monitor.watch))}</button></td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::span;

    #[test]
    fn spans_read_as_clock_times() {
        assert_eq!(span(0), "0:00");
        assert_eq!(span(45), "0:45");
        assert_eq!(span(725), "12:05");
        assert_eq!(span(3725), "1:02:05");
        assert_eq!(
            span(-5),
            "0:00",
            "a clock a little ahead never shows negative"
        );
    }
}
