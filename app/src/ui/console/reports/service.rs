//! Console → Reports → Customer service (M5): how many visitors came in a
//! range of days and how they were served, per day and per channel, and
//! when they come (weekday × hour in the company's zone), so staffing can
//! follow demand. Figures as defined in `docs/metrics.md`.

use chrono::NaiveDate;
use leptos::prelude::*;
use model::reports::ServiceReport;

use super::range::{range_report_page, RangeReport};
use super::table::score_text;
use crate::api::reports::service_report;
use crate::i18n::{use_i18n, Text};
use crate::ui::common::charts::{Bar, BarList, ColumnChart, HeatMap};
use crate::ui::workbench::follower::channel_text;

#[component]
pub fn ServiceReportPage() -> impl IntoView {
    range_report_page(text!(console.reports.tab_service), service_report, |r| {
        view! { <ServiceView report=r/> }.into_any()
    })
}

impl RangeReport for ServiceReport {
    fn days(&self) -> (NaiveDate, NaiveDate) {
        (self.from, self.to)
    }
    fn is_empty(&self) -> bool {
        self.total.started == 0
    }
}

#[component]
fn ServiceView(report: ServiceReport) -> impl IntoView {
    let i18n = use_i18n();
    let name = move |k: Text| Signal::derive(move || i18n.t(k).to_owned());
    let days: Vec<Bar> = report
        .days
        .iter()
        .map(|r| Bar::count(r.label.clone(), r.summary.started))
        .collect();
    // Channel names follow the language, so the bars are made in it.
    let channels = report.channels.clone();
    let channel_bars = move || {
        let bars: Vec<Bar> = channels
            .iter()
            .map(|r| Bar::count(i18n.t(channel_text(&r.key)), r.summary.started))
            .collect();
        view! { <BarList bars name=name(text!(console.reports.channels_chart))/> }
    };
    let zone = report.time_zone.clone();
    let zone_note = move || {
        leptos_i18n::td_string!(i18n.staff(), console.reports.times_in, zone = zone.clone())
    };
    view! {
        <ServiceTiles report=report.clone()/>
        <div class="report-charts">
            <section class="card" aria-label=move || i18n.t(text!(console.reports.daily_chart))>
                <h3>{move || i18n.t(text!(console.reports.daily_chart))}</h3>
                <ColumnChart bars=days name=name(text!(console.reports.daily_chart))/>
            </section>
            <section class="card" aria-label=move || i18n.t(text!(console.reports.channels_chart))>
                <h3>{move || i18n.t(text!(console.reports.channels_chart))}</h3>
                {channel_bars}
            </section>
        </div>
        <section class="card report-heat">
            <div class="card-head">
                <h3>{move || i18n.t(text!(console.reports.heat_chart))}</h3>
                <span class="small muted">{zone_note}</span>
            </div>
            <HeatMap counts=report.heat name=name(text!(console.reports.heat_chart))/>
        </section>
    }
}

/// The period's main figures: conversations, the share answered, missed,
/// and the mean rating.
#[component]
fn ServiceTiles(report: ServiceReport) -> impl IntoView {
    let i18n = use_i18n();
    let t = &report.total;
    let answered = if t.started > 0 {
        format!("{:.0}%", t.answered as f64 / t.started as f64 * 100.0)
    } else {
        "—".to_owned()
    };
    let tiles: Vec<(Text, String)> = vec![
        (text!(console.reports.started), t.started.to_string()),
        (text!(console.reports.answer_rate), answered),
        (text!(console.reports.missed), t.missed.to_string()),
        (
            text!(console.reports.satisfaction),
            score_text(t.satisfaction),
        ),
    ];
    view! {
        <dl class="stat-tiles report-tiles" aria-label=move || i18n.t(text!(console.reports.summary))>
            {tiles.into_iter().map(|(label, value)| view! {
                <div class="stat">
                    <dt>{move || i18n.t(label)}</dt>
                    <dd>{value}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}
