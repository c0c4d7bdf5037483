//! Console → Reports → Customer tags (M5): conversations and satisfaction
//! by the tags their customers carry, and the busiest tags over the
//! period, so a manager sees which kinds of customer need what. A
//! conversation counts under every tag its customer has now.

use chrono::NaiveDate;
use leptos::prelude::*;
use model::reports::{Summary, TagReport};

use super::range::{note_view, range_report_page, RangeReport};
use super::table::score_text;
use crate::api::reports::tag_report;
use crate::i18n::{use_i18n, Text};
use crate::ui::common::charts::{Bar, BarList, ColumnChart};

#[component]
pub fn TagReportPage() -> impl IntoView {
    range_report_page(text!(console.reports.tab_tags), tag_report, |r| {
        view! { <TagView report=r/> }.into_any()
    })
}

impl RangeReport for TagReport {
    fn days(&self) -> (NaiveDate, NaiveDate) {
        (self.from, self.to)
    }
    fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.untagged.started == 0
    }
}

type Cell = fn(&Summary) -> String;

/// The table's figures after the tag: header and cell.
fn columns() -> Vec<(Text, Cell)> {
    vec![
        (text!(console.reports.started), |s| s.started.to_string()),
        (text!(console.reports.answered), |s| s.answered.to_string()),
        (text!(console.reports.missed), |s| s.missed.to_string()),
        (text!(console.reports.rated), |s| s.rated.to_string()),
        (text!(console.reports.satisfaction), |s| {
            score_text(s.satisfaction)
        }),
    ]
}

#[component]
fn TagView(report: TagReport) -> impl IntoView {
    let i18n = use_i18n();
    let name = move |k: Text| Signal::derive(move || i18n.t(k).to_owned());
    let bars: Vec<Bar> = report
        .rows
        .iter()
        .map(|r| Bar::count(r.name.clone(), r.summary.started))
        .collect();
    let headers = columns()
        .into_iter()
        .map(|(h, _)| view! { <th scope="col">{move || i18n.t(h)}</th> })
        .collect_view();
    let cells = |s: &Summary| {
        columns()
            .into_iter()
            .map(|(_, cell)| view! { <td class="num">{cell(s)}</td> })
            .collect_view()
    };
    let rows = report
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row"><span class="tag-chip" style=format!("--tag-color: {}", r.color)>
                        <span class="tag-dot" aria-hidden="true"></span>{r.name.clone()}</span></th>
                    {cells(&r.summary)}
                    <td class="num">{r.customers}</td>
                </tr>
            }
        })
        .collect_view();
    let untagged = cells(&report.untagged);
    let series = report
        .top
        .iter()
        .map(|s| {
            let chart = report
                .buckets
                .iter()
                .zip(&s.counts)
                .map(|(label, n)| Bar::count(label.clone(), *n))
                .collect();
            let title = s.name.clone();
            let label = Signal::derive({
                let title = title.clone();
                move || format!("{title} · {}", i18n.t(text!(console.reports.tag_over_time)))
            });
            view! {
                <section class="card" aria-label=label>
                    <h4>{title}</h4>
                    <ColumnChart bars=chart name=label/>
                </section>
            }
        })
        .collect_view();
    let chart = if bars.is_empty() {
        note_view(i18n, text!(console.reports.no_tagged))
    } else {
        view! { <BarList bars name=name(text!(console.reports.tags_chart))/> }.into_any()
    };
    view! {
        <section class="card">
            <div class="card-head"><h3>{move || i18n.t(text!(console.reports.tag_table))}</h3></div>
            <p class="small muted">{move || i18n.t(text!(console.reports.tag_note))}</p>
            <div class="table-wrap">
                <table class="table report-table" aria-label=move || i18n.t(text!(console.reports.tag_table))>
                    <thead><tr><th scope="col">{move || i18n.t(text!(console.reports.tag))}</th>{headers}
                        <th scope="col">{move || i18n.t(text!(console.reports.customers))}</th></tr></thead>
                    <tbody>{rows}</tbody>
                    <tfoot><tr><th scope="row">{move || i18n.t(text!(console.reports.untagged))}</th>{untagged}<td class="num">"—"</td></tr></tfoot>
                </table>
            </div>
        </section>
        <section class="card" aria-label=move || i18n.t(text!(console.reports.tags_chart))>
            <h3>{move || i18n.t(text!(console.reports.tags_chart))}</h3>
            {chart}
        </section>
        <h3>{move || i18n.t(text!(console.reports.top_tags))}</h3>
        <div class="report-charts">{series}</div>
    }
}
