//! Console → Quality → Score conversations: the ended conversations of a
//! period, by agent, channel or rating, or a random sample of N per agent
//! among those not reviewed yet; each opens on the scoring page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use model::qa::{QaCandidate, QaCandidateQuery, SAMPLE_MAX};

use super::super::reports::range::{error_view, loading_view, note_view, Range, RangeFields};
use super::super::transcripts::NamedSelect;
use super::super::PageHeader;
use super::QaTabs;
use crate::api::qa::qa_candidates;
use crate::api::transcripts::transcript_filter_options;
use crate::i18n::{use_i18n, I18n};
use crate::ui::common::{date_time, SelectField, TextField};
use crate::ui::workbench::follower::channel_text;

#[derive(Clone, Copy)]
struct Filters {
    range: Range,
    agent: RwSignal<String>,
    channel: RwSignal<String>,
    rating: RwSignal<String>,
    sample: RwSignal<String>,
}

impl Filters {
    /// The query (reactive), `None` while custom days are not both picked.
    fn query(&self) -> Option<QaCandidateQuery> {
        let (from, to, preset) = self.range.days()?;
        let channel = self.channel.get();
        Some(QaCandidateQuery {
            from,
            to,
            preset,
            agent_id: self.agent.get().parse().ok(),
            channel: (!channel.is_empty()).then_some(channel),
            rating_level: self.rating.get().parse().ok(),
            sample: sample_size(&self.sample.get()),
        })
    }
}

/// The sample size typed: a whole number from 1 to the most allowed, else
/// no sample (everything matching).
fn sample_size(typed: &str) -> Option<u32> {
    typed
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=SAMPLE_MAX).contains(n))
}

#[component]
pub fn QaCandidatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let s = || RwSignal::new(String::new());
    let filters = Filters {
        range: Range::new(),
        agent: s(),
        channel: s(),
        rating: s(),
        sample: s(),
    };
    let query = Memo::new(move |_| filters.query());
    let list = Resource::new(
        move || query.get(),
        |q| async move {
            match q {
                Some(q) => qa_candidates(q).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let offered = Resource::new(|| (), |_| transcript_filter_options());
    view! {
        <Title text=move || format!("{} · {} · Switchboard", i18n.t(text!(qa.tab_candidates)), i18n.t(text!(qa.title)))/>
        <PageHeader title=text!(qa.title)/>
        <QaTabs/>
        <form class="card filter-row report-controls" aria-label=move || i18n.t(text!(qa.filters))
            on:submit=|ev| ev.prevent_default()>
            <RangeFields range=filters.range/>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let o = offered.await.unwrap_or_default();
                    let levels = (1..).zip(o.levels).collect();
                    view! {
                        <NamedSelect id="qa-agent" label=text!(qa.agent) value=filters.agent options=o.agents/>
                        <NamedSelect id="qa-rating" label=text!(console.transcripts.rating) value=filters.rating options=levels/>
                    }
                })}
            </Transition>
            <SelectField id="qa-channel" label=text!(console.monitor.channel) value=filters.channel any=text!(console.transcripts.any)
                options=vec![("web", text!(workbench.channels.web)), ("app", text!(workbench.channels.app)),
                    ("wechat", text!(workbench.channels.wechat)), ("weibo", text!(workbench.channels.weibo))]/>
            <TextField id="qa-sample" label=Signal::derive(move || i18n.t(text!(qa.sample))) value=filters.sample
                input_type="number" hint=Signal::derive(move || i18n.t(text!(qa.sample_hint)))/>
        </form>
        <Transition fallback=move || loading_view(i18n)>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(Some(l)) if l.is_empty() => note_view(i18n, text!(qa.no_candidates)),
                    Ok(Some(l)) => candidates_view(l, i18n),
                    Ok(None) => note_view(i18n, text!(console.reports.pick_days)),
                    Err(e) => error_view(&e, i18n),
                }
            })}
        </Transition>
    }
}

fn minutes(secs: Option<i64>) -> String {
    secs.map_or_else(|| "—".into(), |s| format!("{}:{:02}", s / 60, s % 60))
}

fn candidates_view(list: Vec<QaCandidate>, i18n: I18n) -> AnyView {
    let rows = list
        .into_iter()
        .map(|c| {
            let href = format!("/admin/qa/score/{}", c.conversation_id);
            let label = format!("{} #{}", i18n.t(text!(qa.score_it)), c.conversation_id);
            let channel = channel_text(&c.channel);
            view! {
                <tr>
                    <td>{date_time(c.started_at)}</td>
                    <td>{c.agent_name.clone()}</td>
                    <td>{move || i18n.t(channel)}</td>
                    <td class="num">{minutes(c.duration_secs)}</td>
                    <td class="num">{c.messages}</td>
                    <td class="num">{c.rating_level.map_or_else(|| "—".into(), |l| l.to_string())}</td>
                    <td class="num">{c.reviews}</td>
                    <td><A href=href attr:aria-label=label attr:class="button small">{move || i18n.t(text!(qa.score_it))}</A></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <div class="table-wrap">
                <table class="table" aria-label=move || i18n.t(text!(qa.candidates))>
                    <thead><tr>
                        <th scope="col">{move || i18n.t(text!(qa.started))}</th>
                        <th scope="col">{move || i18n.t(text!(qa.agent))}</th>
                        <th scope="col">{move || i18n.t(text!(console.monitor.channel))}</th>
                        <th scope="col">{move || i18n.t(text!(qa.duration))}</th>
                        <th scope="col">{move || i18n.t(text!(qa.messages))}</th>
                        <th scope="col">{move || i18n.t(text!(console.transcripts.rating))}</th>
                        <th scope="col">{move || i18n.t(text!(qa.review_count))}</th>
                        <th scope="col"><span class="sr-only">{move || i18n.t(text!(qa.score_it))}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_is_a_whole_number_within_the_limit() {
        assert_eq!(sample_size(" 3 "), Some(3));
        assert_eq!(sample_size(&SAMPLE_MAX.to_string()), Some(SAMPLE_MAX));
        assert_eq!(sample_size("0"), None);
        assert_eq!(sample_size(&(SAMPLE_MAX + 1).to_string()), None);
        assert_eq!(sample_size("two"), None);
        assert_eq!(sample_size(""), None);
    }

    #[test]
    fn durations_read_as_minutes_and_seconds() {
        assert_eq!(minutes(Some(125)), "2:05");
        assert_eq!(minutes(None), "—");
    }
}
