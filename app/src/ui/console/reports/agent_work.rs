//! Console → Reports → Agent work (M5): each enabled agent's period — time
//! online, busy and away from the statuses they set, the conversations
//! they had last and how they went, and their QA reviews' mean score (M4)
//! — so a supervisor sees workload and quality side by side.

use chrono::NaiveDate;
use leptos::prelude::*;
use model::reports::{AgentWorkReport, AgentWorkRow};

use super::range::{note_view, range_report_page, RangeReport};
use super::table::{score_text, secs_text};
use crate::api::reports::agent_work_report;
use crate::i18n::{use_i18n, Text};
use crate::ui::common::charts::{Bar, BarList};

#[component]
pub fn AgentWorkPage() -> impl IntoView {
    range_report_page(text!(console.reports.tab_agents), agent_work_report, |r| {
        view! { <AgentWorkView report=r/> }.into_any()
    })
}

impl RangeReport for AgentWorkReport {
    fn days(&self) -> (NaiveDate, NaiveDate) {
        (self.from, self.to)
    }
    fn is_empty(&self) -> bool {
        self.rows.iter().all(idle)
    }
}

/// An agent with nothing in the period: no conversation, no time in any
/// status, no review. When every agent is, there is nothing to show.
fn idle(r: &AgentWorkRow) -> bool {
    r.summary.started == 0 && r.online_secs + r.busy_secs + r.away_secs == 0 && r.qa_reviews == 0
}

/// A QA mean to one decimal, as the QA pages show it, or "—".
fn qa_text(average: Option<f64>) -> String {
    average.map_or_else(|| "—".into(), |a| format!("{a:.1}"))
}

type Cell = fn(&AgentWorkRow) -> String;

fn secs(s: i64) -> String {
    secs_text(Some(s as f64))
}

/// The table's figures after the agent's name: header and cell.
fn columns() -> Vec<(Text, Cell)> {
    vec![
        (text!(console.reports.online), |r| secs(r.online_secs)),
        (text!(console.reports.busy), |r| secs(r.busy_secs)),
        (text!(console.reports.away), |r| secs(r.away_secs)),
        (text!(console.reports.started), |r| {
            r.summary.started.to_string()
        }),
        (text!(console.reports.answered), |r| {
            r.summary.answered.to_string()
        }),
        (text!(console.reports.first_response_median), |r| {
            secs_text(r.summary.first_response.median)
        }),
        (text!(console.reports.duration_mean), |r| {
            secs_text(r.summary.duration.mean)
        }),
        (text!(console.reports.satisfaction), |r| {
            score_text(r.summary.satisfaction)
        }),
        (text!(console.reports.qa_average), |r| qa_text(r.qa_average)),
        (text!(console.reports.qa_reviews), |r| {
            r.qa_reviews.to_string()
        }),
    ]
}

#[component]
fn AgentWorkView(report: AgentWorkReport) -> impl IntoView {
    let i18n = use_i18n();
    let started: i64 = report.rows.iter().map(|r| r.summary.started).sum();
    let mut busiest: Vec<&AgentWorkRow> = report
        .rows
        .iter()
        .filter(|r| r.summary.started > 0)
        .collect();
    busiest.sort_by_key(|r| std::cmp::Reverse(r.summary.started));
    let bars: Vec<Bar> = busiest
        .iter()
        .map(|r| Bar::count(r.name.clone(), r.summary.started))
        .collect();
    let chart = if started == 0 {
        note_view(i18n, text!(console.reports.no_conversations))
    } else {
        let name = Signal::derive(move || i18n.t(text!(console.reports.agents_chart)).to_owned());
        view! { <BarList bars name/> }.into_any()
    };
    let headers = columns()
        .into_iter()
        .map(|(h, _)| view! { <th scope="col">{move || i18n.t(h)}</th> })
        .collect_view();
    let rows = report
        .rows
        .iter()
        .map(|r| {
            let cells = columns()
                .into_iter()
                .map(|(_, cell)| view! { <td class="num">{cell(r)}</td> })
                .collect_view();
            view! { <tr><th scope="row">{r.name.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <section class="card">
            <div class="card-head">
                <h3>{move || i18n.t(text!(console.reports.agent_table))}</h3>
            </div>
            <div class="table-wrap">
                <table class="table report-table" aria-label=move || i18n.t(text!(console.reports.agent_table))>
                    <thead><tr><th scope="col">{move || i18n.t(text!(console.monitor.agent))}</th>{headers}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
        <section class="card" aria-label=move || i18n.t(text!(console.reports.agents_chart))>
            <h3>{move || i18n.t(text!(console.reports.agents_chart))}</h3>
            {chart}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qa_means_have_one_decimal_or_a_dash() {
        assert_eq!(qa_text(Some(86.49)), "86.5");
        assert_eq!(qa_text(Some(90.0)), "90.0");
        assert_eq!(qa_text(None), "—");
    }
}
