//! Console → Transcripts (M2): search every conversation by what was said
//! (Chinese and English) and by agent, group, channel, days, rating and
//! state; results newest first with the matching words marked, a page at
//! a time; a conversation opens in full beside them, to read or save.

mod export;
mod view;

use leptos::prelude::*;
use leptos_meta::Title;
use model::transcripts::{TranscriptHit, TranscriptQuery, TranscriptState};

use super::PageHeader;
use crate::api::transcripts::search_transcripts;
use crate::api::transcripts::transcript_filter_options;
use crate::i18n::use_i18n;
use crate::ui::common::{
    date_time, error_message, field_error, use_toasts, SelectField, TextField,
};
use crate::ui::workbench::follower::channel_text;

/// The filters as typed, turned into a query.
#[derive(Clone, Copy)]
struct Filters {
    text: RwSignal<String>,
    agent: RwSignal<String>,
    group: RwSignal<String>,
    channel: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
    rating: RwSignal<String>,
    tag: RwSignal<String>,
    state: RwSignal<String>,
}

impl Filters {
    fn new() -> Self {
        let s = || RwSignal::new(String::new());
        Self {
            text: s(),
            agent: s(),
            group: s(),
            channel: s(),
            from: s(),
            to: s(),
            rating: s(),
            tag: s(),
            state: s(),
        }
    }

    fn query(&self, cursor: Option<String>) -> TranscriptQuery {
        let get = |s: RwSignal<String>| s.get_untracked();
        TranscriptQuery {
            text: get(self.text).trim().to_owned(),
            agent_id: get(self.agent).parse().ok(),
            group_id: get(self.group).parse().ok(),
            channel: Some(get(self.channel)).filter(|c| !c.is_empty()),
            from: get(self.from).parse().ok(),
            to: get(self.to).parse().ok(),
            rating: get(self.rating).parse().ok(),
            tag_id: get(self.tag).parse().ok(),
            state: match get(self.state).as_str() {
                "live" => TranscriptState::Live,
                "ended" => TranscriptState::Ended,
                _ => TranscriptState::All,
            },
            cursor,
        }
    }
}

#[component]
pub fn TranscriptsPage() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let filters = Filters::new();
    let hits = RwSignal::new(Vec::<TranscriptHit>::new());
    let next = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let searched = RwSignal::new(false);
    let error = RwSignal::new(None::<model::AppError>);
    let open = RwSignal::new(None::<i64>);
    // The search the shown results come from: "More results" continues it,
    // whatever has been typed in the filters since.
    let submitted = StoredValue::new(TranscriptQuery::default());
    let run = move |cursor: Option<String>| {
        let more = cursor.is_some();
        let query = match cursor {
            Some(c) => TranscriptQuery {
                cursor: Some(c),
                ..submitted.get_value()
            },
            None => filters.query(None),
        };
        if !more {
            submitted.set_value(query.clone());
        }
        loading.set(true);
        leptos::task::spawn_local(async move {
            let result = search_transcripts(query).await;
            let _ = loading.try_set(false);
            match result {
                Ok(page) => {
                    error.set(None);
                    searched.set(true);
                    hits.update(|h| {
                        if !more {
                            h.clear();
                        }
                        h.extend(page.hits);
                    });
                    next.set(page.next);
                }
                Err(e) => {
                    // Errors of a field show beside it; anything else as a toast.
                    if ["text", "from", "to"]
                        .iter()
                        .all(|f| e.field_error(f).is_none())
                    {
                        toasts.error(error_message(&e));
                    }
                    error.set(Some(e));
                }
            }
        });
    };
    // The newest conversations to begin with.
    Effect::new(move |prev: Option<()>| {
        if prev.is_none() {
            run(None);
        }
    });
    let text_error = field_error(move || error.get().map(Err::<(), _>), "text");
    let from_error = field_error(move || error.get().map(Err::<(), _>), "from");
    let to_error = field_error(move || error.get().map(Err::<(), _>), "to");
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.transcripts.title)))/>
        <PageHeader title=text!(console.transcripts.title)/>
        <form class="card transcript-filters" role="search" aria-label=move || i18n.t(text!(console.transcripts.search))
            on:submit=move |ev| { ev.prevent_default(); run(None); }>
            <TextField id="transcript-text" label=Signal::derive(move || i18n.t(text!(console.transcripts.words))) value=filters.text
                input_type="search" error=text_error hint=Signal::derive(move || i18n.t(text!(console.transcripts.words_hint)))/>
            <FilterSelects filters from_error to_error/>
            <div class="form-actions">
                <button class="button primary" type="submit" disabled=move || loading.get()>{move || i18n.t(text!(console.transcripts.search))}</button>
            </div>
        </form>
        <div class="monitor-split" class:watching=move || open.get().is_some()>
            <section class="card" aria-label=move || i18n.t(text!(console.transcripts.results)) aria-busy=move || loading.get().to_string()>
                {move || {
                    let list = hits.get();
                    if list.is_empty() {
                        let empty = if searched.get() { text!(console.transcripts.none) } else { text!(common.loading) };
                        return view! { <p class="muted" role="status">{move || i18n.t(empty)}</p> }.into_any();
                    }
                    view! {
                        <ul class="transcript-hits" role="list" aria-label=move || i18n.t(text!(console.transcripts.results))>
                            {list.into_iter().map(|h| view! { <Hit hit=h open/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                {move || next.get().map(|cursor| view! {
                    <button class="button wide" type="button" disabled=move || loading.get()
                        on:click=move |_| run(Some(cursor.clone()))>{move || i18n.t(text!(console.transcripts.more))}</button>
                })}
            </section>
            {move || open.get().map(|id| view! { <view::TranscriptView id open/> })}
        </div>
    }
}

#[component]
fn FilterSelects(
    filters: Filters,
    from_error: Signal<Option<String>>,
    to_error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Read in one place: the three lists come from one read.
    let offered = Resource::new(|| (), |_| transcript_filter_options());
    view! {
        <div class="filter-row">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let o = offered.await.unwrap_or_default();
                    let tags = o.tags.into_iter().map(|t| (t.id, t.name)).collect();
                    let levels = (1..).zip(o.levels).collect();
                    view! {
                        <NamedSelect id="transcript-agent" label=text!(console.monitor.agent) value=filters.agent options=o.agents/>
                        <NamedSelect id="transcript-group" label=text!(console.monitor.group) value=filters.group options=o.groups/>
                        <NamedSelect id="transcript-tag" label=text!(console.transcripts.tag) value=filters.tag options=tags/>
                        <NamedSelect id="transcript-rating" label=text!(console.transcripts.rating) value=filters.rating options=levels/>
                    }
                })}
            </Transition>
            <SelectField id="transcript-channel" label=text!(console.monitor.channel) value=filters.channel any=text!(console.transcripts.any)
                options=vec![("web", text!(workbench.channels.web)), ("app", text!(workbench.channels.app)),
                    ("wechat", text!(workbench.channels.wechat)), ("weibo", text!(workbench.channels.weibo))]/>
            <TextField id="transcript-from" label=Signal::derive(move || i18n.t(text!(console.transcripts.from))) value=filters.from input_type="date" error=from_error/>
            <TextField id="transcript-to" label=Signal::derive(move || i18n.t(text!(console.transcripts.to))) value=filters.to input_type="date" error=to_error/>
            <SelectField id="transcript-state" label=text!(console.transcripts.state) value=filters.state any=text!(console.transcripts.all)
                options=vec![("live", text!(console.transcripts.live)), ("ended", text!(console.transcripts.ended))]/>
        </div>
    }
}

/// A filter over named things (agents, groups, tags, rating levels),
/// "Any" first.
#[component]
pub(super) fn NamedSelect(
    id: &'static str,
    label: crate::i18n::Text,
    value: RwSignal<String>,
    options: Vec<(i32, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">{move || i18n.t(text!(console.transcripts.any))}</option>
                {options.into_iter().map(|(key, name)| {
                    let key = key.to_string();
                    let is = key.clone();
                    view! { <option value=key selected=move || value.get() == is>{name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn Hit(hit: TranscriptHit, open: RwSignal<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    let c = hit.conversation;
    let id = c.id;
    let channel = channel_text(&c.channel);
    let ended = c.ended_at.is_some();
    let label = format!("{} · {}", c.visitor_name, date_time(c.started_at));
    view! {
        <li class="transcript-hit" class:selected=move || open.get() == Some(id)>
            <div class="conv-top">
                <button class="link strong" type="button" aria-label=label on:click=move |_| open.set(Some(id))>{c.visitor_name.clone()}</button>
                <span class="muted small">{date_time(c.started_at)}</span>
            </div>
            <p class="muted small">
                {c.agent_name.clone().unwrap_or_else(|| "—".into())} " · " {move || i18n.t(channel)} " · "
                {move || i18n.t(if ended { text!(console.transcripts.ended) } else { text!(console.transcripts.live) })}
                {c.rated.then(|| view! { " · " {move || i18n.t(text!(console.transcripts.rated))} })}
            </p>
            {hit.lines.into_iter().map(|l| view! {
                <p class="transcript-line">
                    {l.fragments.into_iter().map(|f| if f.mark {
                        view! { <mark>{f.text}</mark> }.into_any()
                    } else {
                        f.text.into_any()
                    }).collect_view()}
                </p>
            }).collect_view()}
        </li>
    }
}
