//! One QA review as both its reviewer and its agent read it: the total,
//! each category's points and comment, and the dispute with its answer.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use model::qa::{QaCategory, QaResult, QaReview, QaReviewState, QaScale, QaScore};

use crate::i18n::{use_i18n, I18n, Text};
use crate::ui::common::date_time;

pub fn state_text(state: QaReviewState) -> Text {
    match state {
        QaReviewState::Submitted => text!(qa.states.submitted),
        QaReviewState::Disputed => text!(qa.states.disputed),
        QaReviewState::Accepted => text!(qa.states.accepted),
        QaReviewState::Rejected => text!(qa.states.rejected),
    }
}

pub fn scale_text(scale: QaScale) -> Text {
    match scale {
        QaScale::YesNo => text!(qa.scales.yes_no),
        QaScale::Three => text!(qa.scales.three),
        QaScale::Four => text!(qa.scales.four),
        QaScale::Five => text!(qa.scales.five),
    }
}

/// "87.5", or "0 (failed: 87.5)" when a critical category failed it.
pub fn result_text(r: &QaResult, i18n: I18n) -> String {
    if r.failed {
        format!("0 ({} {:.1})", i18n.t(text!(qa.failed_raw)), r.raw)
    } else {
        format!("{:.1}", r.score)
    }
}

/// The points as a reviewer chose them: "Yes", "No", "4 / 5", "N/A".
pub fn points_text(category: &QaCategory, points: Option<i32>, i18n: I18n) -> String {
    match (category.scale, points) {
        (_, None) => i18n.t(text!(qa.na)).to_owned(),
        (QaScale::YesNo, Some(1)) => i18n.t(text!(qa.yes)).to_owned(),
        (QaScale::YesNo, Some(_)) => i18n.t(text!(qa.no)).to_owned(),
        (scale, Some(p)) => format!("{p} / {}", scale.range().1),
    }
}

pub fn state_badge(state: QaReviewState) -> &'static str {
    match state {
        QaReviewState::Submitted => "badge",
        QaReviewState::Disputed => "badge badge-warn",
        QaReviewState::Accepted => "badge badge-on",
        QaReviewState::Rejected => "badge badge-off",
    }
}

#[component]
pub fn ReviewCard(review: QaReview) -> impl IntoView {
    let i18n = use_i18n();
    let result = result_text(&review.result, i18n);
    let rows = review
        .categories
        .iter()
        .map(|c| {
            let score: Option<&QaScore> = review.scores.iter().find(|s| s.category_id == c.id);
            let points = points_text(c, score.and_then(|s| s.points), i18n);
            let comment = score.map(|s| s.comment.clone()).unwrap_or_default();
            let critical = c.critical;
            view! {
                <tr>
                    <td>
                        <span>{c.name.clone()}</span>
                        {critical.then(|| view! { <span class="badge badge-warn qa-critical">{move || i18n.t(text!(qa.critical))}</span> })}
                    </td>
                    <td>{c.weight}</td>
                    <td class="strong">{points}</td>
                    <td>{comment}</td>
                </tr>
            }
        })
        .collect_view();
    let state = review.state;
    let (agent, reviewer) = (review.agent_name.clone(), review.reviewer_name.clone());
    let created = date_time(review.created_at);
    // One text each, so the server's and the browser's nodes line up.
    let labelled = move |label: Text, at: Option<DateTime<Utc>>| {
        let at = at
            .map(|t| format!(" ({})", date_time(t)))
            .unwrap_or_default();
        move || format!("{}{at}: ", i18n.t(label))
    };
    view! {
        <article class="card qa-review" aria-label=move || i18n.t(text!(qa.review))>
            <header class="card-head">
                <div>
                    <h3>{review.scorecard_name.clone()}</h3>
                    <p class="muted small">{move || format!("{}: {agent} · {}: {reviewer} · {created}",
                        i18n.t(text!(qa.agent)), i18n.t(text!(qa.reviewer)))}</p>
                </div>
                <span class=state_badge(state)>{move || i18n.t(state_text(state))}</span>
            </header>
            <p class="qa-score" class:qa-failed=review.result.failed>
                <span class="muted">{labelled(text!(qa.score), None)}</span>
                <strong>{result}</strong>
            </p>
            <div class="table-wrap">
                <table class="table" aria-label=move || i18n.t(text!(qa.scores))>
                    <thead><tr>
                        <th>{move || i18n.t(text!(qa.category))}</th>
                        <th>{move || i18n.t(text!(qa.weight))}</th>
                        <th>{move || i18n.t(text!(qa.points))}</th>
                        <th>{move || i18n.t(text!(qa.comment))}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {(!review.comment.is_empty()).then(|| view! {
                <p><span class="muted">{labelled(text!(qa.overall_comment), None)}</span><span>{review.comment.clone()}</span></p>
            })}
            {review.dispute.clone().map(|d| view! {
                <p class="qa-dispute"><span class="muted">{labelled(text!(qa.dispute), review.disputed_at)}</span><span>{d}</span></p>
            })}
            {review.resolution.clone().map(|r| view! {
                <p class="qa-resolution"><span class="muted">{labelled(text!(qa.answer), review.resolved_at)}</span><span>{r}</span></p>
            })}
        </article>
    }
}
