//! Console → Quality (M4): the reviews of a period with each agent's mean
//! score, the ended conversations to score (filtered or a random sample
//! per agent), scoring one against a scorecard, answering an agent's
//! dispute, and the scorecards themselves.

mod candidates;
mod review;
pub(crate) mod review_card;
mod score;
mod score_fields;
mod scorecards;

pub use candidates::QaCandidatesPage;
pub use review::QaReviewPage;
pub use score::QaScorePage;
pub use scorecards::QaScorecardsPage;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use model::qa::{QaAgentAverage, QaReview, QaReviewList, QaReviewQuery, QaReviewState};

use super::reports::range::{error_view, loading_view, note_view, Range, RangeFields};
use super::PageHeader;
use crate::api::qa::qa_reviews;
use crate::i18n::{use_i18n, I18n};
use crate::ui::common::{date_time, SelectField};
use review_card::{result_text, state_badge, state_text};

/// The tabs of Console → Quality; the current one has `aria-current`.
#[component]
pub(super) fn QaTabs() -> impl IntoView {
    let i18n = use_i18n();
    let tabs = [
        ("/admin/qa", text!(qa.tab_reviews)),
        ("/admin/qa/candidates", text!(qa.tab_candidates)),
        ("/admin/qa/scorecards", text!(qa.tab_scorecards)),
    ];
    view! {
        <nav class="report-tabs" aria-label=move || i18n.t(text!(qa.tabs))>
            {tabs.into_iter().map(|(href, label)| view! {
                <A href=href exact=true>{move || i18n.t(label)}</A>
            }).collect_view()}
        </nav>
    }
}

/// The states offered in the filter, by their wire key.
fn state_options() -> Vec<(&'static str, crate::i18n::Text)> {
    QaReviewState::ALL
        .into_iter()
        .map(|s| (s.key(), state_text(s)))
        .collect()
}

#[component]
pub fn QaPage() -> impl IntoView {
    let i18n = use_i18n();
    let range = Range::new();
    let state = RwSignal::new(String::new());
    let agent = RwSignal::new(None::<(i32, String)>);
    let query = Memo::new(move |_| {
        let (from, to, preset) = range.days()?;
        Some(QaReviewQuery {
            from,
            to,
            preset,
            agent_id: agent.get().map(|(id, _)| id),
            state: QaReviewState::from_key(&state.get()),
        })
    });
    let list = Resource::new(
        move || query.get(),
        |q| async move {
            match q {
                Some(q) => qa_reviews(q).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(qa.title)))/>
        <PageHeader title=text!(qa.title)/>
        <QaTabs/>
        <form class="card filter-row report-controls" aria-label=move || i18n.t(text!(qa.filters))
            on:submit=|ev| ev.prevent_default()>
            <RangeFields range/>
            <SelectField id="qa-state" label=text!(qa.state) value=state any=text!(qa.any_state) options=state_options()/>
        </form>
        {move || agent.get().map(|(_, name)| view! {
            <p class="qa-agent-filter">
                {move || i18n.t(text!(qa.only_agent))} " " <strong>{name.clone()}</strong> " "
                <button class="button small ghost" type="button" on:click=move |_| agent.set(None)>
                    {move || i18n.t(text!(qa.all_agents))}</button>
            </p>
        })}
        <Transition fallback=move || loading_view(i18n)>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(Some(l)) => {
                        range.show(l.from, l.to);
                        if l.reviews.is_empty() {
                            note_view(i18n, text!(qa.no_reviews))
                        } else {
                            reviews_view(l, agent, i18n)
                        }
                    }
                    Ok(None) => note_view(i18n, text!(console.reports.pick_days)),
                    Err(e) => error_view(&e, i18n),
                }
            })}
        </Transition>
    }
}

fn reviews_view(list: QaReviewList, agent: RwSignal<Option<(i32, String)>>, i18n: I18n) -> AnyView {
    view! {
        <AveragesTable averages=list.averages agent/>
        <section class="card">
            <h3>{move || i18n.t(text!(qa.reviews))}</h3>
            <ReviewsTable reviews=list.reviews/>
        </section>
    }
    .into_any()
}

/// Each agent's count and mean; a name narrows the list to that agent.
#[component]
fn AveragesTable(
    averages: Vec<QaAgentAverage>,
    agent: RwSignal<Option<(i32, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = averages
        .into_iter()
        .map(|a| {
            let pick = (a.agent_id, a.agent_name.clone());
            view! {
                <tr>
                    <th scope="row">
                        <button class="link-button" type="button" on:click=move |_| agent.set(Some(pick.clone()))>
                            {a.agent_name.clone()}</button>
                    </th>
                    <td class="num">{a.reviews}</td>
                    <td class="num strong">{format!("{:.1}", a.average)}</td>
                    <td class="num">{a.failed}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h3>{move || i18n.t(text!(qa.averages))}</h3>
            <div class="table-wrap">
                <table class="table report-table" aria-label=move || i18n.t(text!(qa.averages))>
                    <thead><tr>
                        <th scope="col">{move || i18n.t(text!(qa.agent))}</th>
                        <th scope="col">{move || i18n.t(text!(qa.review_count))}</th>
                        <th scope="col">{move || i18n.t(text!(qa.average))}</th>
                        <th scope="col">{move || i18n.t(text!(qa.failed_count))}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Reviews newest first, each opening on its own page.
#[component]
pub(crate) fn ReviewsTable(reviews: Vec<QaReview>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = reviews
        .into_iter()
        .map(|r| {
            let state = r.state;
            let href = format!("/admin/qa/reviews/{}", r.id);
            let open = format!("{} #{}", i18n.t(text!(qa.open_review)), r.conversation_id);
            view! {
                <tr>
                    <td>{date_time(r.conversation_started_at)}</td>
                    <td>{r.agent_name.clone()}</td>
                    <td>{r.scorecard_name.clone()}</td>
                    <td class="num strong" class:qa-failed=r.result.failed>{result_text(&r.result, i18n)}</td>
                    <td><span class=state_badge(state)>{move || i18n.t(state_text(state))}</span></td>
                    <td>{r.reviewer_name.clone()}</td>
                    <td><A href=href attr:aria-label=open>{move || i18n.t(text!(qa.open))}</A></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table" aria-label=move || i18n.t(text!(qa.reviews))>
                <thead><tr>
                    <th scope="col">{move || i18n.t(text!(qa.started))}</th>
                    <th scope="col">{move || i18n.t(text!(qa.agent))}</th>
                    <th scope="col">{move || i18n.t(text!(qa.scorecard))}</th>
                    <th scope="col">{move || i18n.t(text!(qa.score))}</th>
                    <th scope="col">{move || i18n.t(text!(qa.state))}</th>
                    <th scope="col">{move || i18n.t(text!(qa.reviewer))}</th>
                    <th scope="col"><span class="sr-only">{move || i18n.t(text!(qa.open))}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
