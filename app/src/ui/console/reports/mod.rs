//! Console → Reports (M3): the conversation report for a range of days
//! (presets, or any range) compared with the period before, in rows by
//! hour, day, week or month, or by agent, group or channel; figures as
//! tiles, charts and a table, the table saved as CSV exactly as shown.
//! Every figure is defined in `docs/metrics.md`. The customer service
//! and agent work reports (M5) are the other tabs.

mod agent_work;
mod export_job;
pub(super) mod range;
mod service;
mod table;
mod tags;

use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::Title;
use model::reports::{
    Breakdown, Grouping, Report, ReportQuery, ReportRow, ReportSettings, RESPONSE_BANDS,
};

use super::PageHeader;
use crate::api::reports::{conversation_report, get_report_settings, save_report_settings};
use crate::i18n::{use_i18n, I18n, Text};
use crate::ui::common::charts::{Bar, BarList, ColumnChart, ShareBar};
use crate::ui::common::{field_error, use_toasts, CheckboxField, SelectField, TextField};
use crate::ui::workbench::follower::channel_text;
pub use agent_work::AgentWorkPage;
use range::{error_view, loading_view, note_view, Range, RangeFields, ReportTabs};
pub use service::ServiceReportPage;
use table::{secs_text, ReportTable};
pub use tags::TagReportPage;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let range = Range::new();
    let grouping = RwSignal::new("day".to_owned());
    let breakdown = RwSignal::new(String::new());
    let business_hours = RwSignal::new(false);
    let query = Memo::new(move |_| {
        Some(ReportQuery {
            grouping: match grouping.get().as_str() {
                "hour" => Grouping::Hour,
                "week" => Grouping::Week,
                "month" => Grouping::Month,
                _ => Grouping::Day,
            },
            breakdown: match breakdown.get().as_str() {
                "agent" => Breakdown::Agent,
                "group" => Breakdown::Group,
                "channel" => Breakdown::Channel,
                _ => Breakdown::Time,
            },
            business_hours: business_hours.get(),
            ..range.query()?
        })
    });
    let report = Resource::new(
        move || query.get(),
        |q| async move {
            match q {
                Some(q) => conversation_report(q).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.reports.title)))/>
        <PageHeader title=text!(console.reports.title)/>
        <ReportTabs/>
        <form class="card filter-row report-controls" aria-label=move || i18n.t(text!(console.reports.controls))
            on:submit=|ev| ev.prevent_default()>
            <RangeFields range/>
            <SelectField id="report-grouping" label=text!(console.reports.grouping) value=grouping
                options=vec![("hour", text!(console.reports.by_hour)), ("day", text!(console.reports.by_day)),
                    ("week", text!(console.reports.by_week)), ("month", text!(console.reports.by_month))]/>
            <SelectField id="report-breakdown" label=text!(console.reports.breakdown) value=breakdown any=text!(console.reports.over_time)
                options=vec![("agent", text!(console.reports.by_agent)), ("group", text!(console.reports.by_group)),
                    ("channel", text!(console.reports.by_channel))]/>
            <CheckboxField id="report-hours" label=Signal::derive(move || i18n.t(text!(console.reports.business_hours)).to_owned()) checked=business_hours/>
        </form>
        <Transition fallback=move || loading_view(i18n)>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(Some(r)) => {
                        // The days a preset stands for, shown in the fields
                        // (the query does not read them while a preset is on).
                        if r.query.preset.is_some() {
                            range.show(r.query.from, r.query.to);
                        }
                        view! { <ReportView report=r/> }.into_any()
                    }
                    Ok(None) => note_view(i18n, text!(console.reports.pick_days)),
                    Err(e) => error_view(&e, i18n),
                }
            })}
        </Transition>
        <export_job::ExportJob query/>
        <ZoneSettings on_saved=Callback::new(move |_| report.refetch())/>
    }
}

/// How a row is named: the period, the agent or group (or none), the
/// channel in words.
fn row_label(breakdown: Breakdown, i18n: I18n) -> Arc<dyn Fn(&ReportRow) -> String + Send + Sync> {
    Arc::new(move |r: &ReportRow| match breakdown {
        Breakdown::Channel => i18n.t(channel_text(&r.key)).to_owned(),
        Breakdown::Agent if r.key == "none" => i18n.t(text!(console.reports.no_agent)).to_owned(),
        Breakdown::Group if r.key == "none" => i18n.t(text!(console.reports.no_group)).to_owned(),
        _ => r.label.clone(),
    })
}

#[component]
fn ReportView(report: Report) -> impl IntoView {
    let i18n = use_i18n();
    let breakdown = report.query.breakdown;
    let label = row_label(breakdown, i18n);
    let first = match breakdown {
        Breakdown::Time => text!(console.reports.period),
        Breakdown::Agent => text!(console.monitor.agent),
        Breakdown::Group => text!(console.monitor.group),
        Breakdown::Channel => text!(console.monitor.channel),
    };
    let bars: Vec<Bar> = report
        .rows
        .iter()
        .map(|r| Bar::count(label(r), r.summary.started))
        .collect();
    let volume = Signal::derive(move || i18n.t(text!(console.reports.volume_chart)).to_owned());
    let volume_chart = if breakdown == Breakdown::Time {
        view! { <ColumnChart bars=bars name=volume/> }.into_any()
    } else {
        view! { <BarList bars=bars name=volume/> }.into_any()
    };
    let bands = band_bars(&report.response_bands, i18n);
    let levels: Vec<Bar> = report
        .total
        .levels
        .iter()
        .map(|l| {
            let name = report
                .rating_levels
                .get(l.level as usize - 1)
                .cloned()
                .unwrap_or_else(|| l.level.to_string());
            Bar::count(name, l.count)
        })
        .collect();
    let export = {
        let report = report.clone();
        let label = label.clone();
        move |_| {
            let labels = table::Labels {
                period: format!(
                    "{} {} – {} ({})",
                    i18n.t(text!(console.reports.title)),
                    report.query.from,
                    report.query.to,
                    report.time_zone
                ),
                first: i18n.t(first).to_owned(),
                total: i18n.t(text!(console.reports.total)).to_owned(),
                headers: table::columns()
                    .iter()
                    .map(|(h, _)| i18n.t(*h).to_owned())
                    .collect(),
            };
            let csv = table::to_csv(&report, &labels, |r| label(r));
            let name = format!(
                "conversations-{}-{}.csv",
                report.query.from, report.query.to
            );
            crate::browser::download(&name, "text/csv;charset=utf-8", &csv);
        }
    };
    view! {
        <Tiles report=report.clone()/>
        <div class="report-charts">
            <section class="card" aria-label=move || i18n.t(text!(console.reports.volume_chart))>
                <h3>{move || i18n.t(text!(console.reports.volume_chart))}</h3>
                {volume_chart}
            </section>
            <section class="card" aria-label=move || i18n.t(text!(console.reports.bands_chart))>
                <h3>{move || i18n.t(text!(console.reports.bands_chart))}</h3>
                <BarList bars=bands name=Signal::derive(move || i18n.t(text!(console.reports.bands_chart)).to_owned())/>
            </section>
            <section class="card" aria-label=move || i18n.t(text!(console.reports.satisfaction_chart))>
                <h3>{move || i18n.t(text!(console.reports.satisfaction_chart))}</h3>
                {if levels.is_empty() {
                    view! { <p class="muted">{move || i18n.t(text!(console.reports.no_ratings))}</p> }.into_any()
                } else {
                    view! { <ShareBar parts=levels name=Signal::derive(move || i18n.t(text!(console.reports.satisfaction_chart)).to_owned())/> }.into_any()
                }}
            </section>
        </div>
        <section class="card">
            <div class="card-head">
                <h3>{move || i18n.t(text!(console.reports.table))}</h3>
                <button class="button" type="button" on:click=export>{move || i18n.t(text!(console.reports.export_csv))}</button>
            </div>
            <ReportTable report first label/>
        </section>
    }
}

/// First-response bands as bars: "< 15s", "15s – 30s", … "≥ 10m".
fn band_bars(counts: &[i64], i18n: I18n) -> Vec<Bar> {
    let name = |s: i64| secs_text(Some(s as f64));
    counts
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            let label = match (
                i.checked_sub(1).map(|p| RESPONSE_BANDS[p]),
                RESPONSE_BANDS.get(i),
            ) {
                (None, Some(&hi)) => format!("< {}", name(hi)),
                (Some(lo), Some(&hi)) => format!("{} – {}", name(lo), name(hi)),
                (Some(lo), None) => format!("≥ {}", name(lo)),
                (None, None) => i18n.t(text!(console.reports.total)).to_owned(),
            };
            Bar::count(label, n)
        })
        .collect()
}

/// The period's main figures, each beside the previous period's.
#[component]
fn Tiles(report: Report) -> impl IntoView {
    let i18n = use_i18n();
    let (now, before) = (&report.total, &report.previous);
    let share = |n: i64, of: i64| (of > 0).then(|| n as f64 / of as f64 * 100.0);
    let pct = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |p| format!("{p:.0}%"));
    let tiles: Vec<(Text, String, Option<f64>, Option<f64>)> = vec![
        (
            text!(console.reports.started),
            now.started.to_string(),
            Some(now.started as f64),
            Some(before.started as f64),
        ),
        (
            text!(console.reports.answer_rate),
            pct(share(now.answered, now.started)),
            share(now.answered, now.started),
            share(before.answered, before.started),
        ),
        (
            text!(console.reports.missed),
            now.missed.to_string(),
            Some(now.missed as f64),
            Some(before.missed as f64),
        ),
        (
            text!(console.reports.first_response_median),
            secs_text(now.first_response.median),
            now.first_response.median,
            before.first_response.median,
        ),
        (
            text!(console.reports.reply_mean),
            secs_text(now.reply.mean),
            now.reply.mean,
            before.reply.mean,
        ),
        (
            text!(console.reports.duration_mean),
            secs_text(now.duration.mean),
            now.duration.mean,
            before.duration.mean,
        ),
        (
            text!(console.reports.satisfaction),
            table::score_text(now.satisfaction),
            now.satisfaction,
            before.satisfaction,
        ),
    ];
    let previous = format!("{} – {}", report.previous_from, report.previous_to);
    view! {
        <dl class="stat-tiles report-tiles" aria-label=move || i18n.t(text!(console.reports.summary))>
            {tiles.into_iter().map(|(label, value, a, b)| {
                let change = match (a, b) {
                    (Some(a), Some(b)) if b > 0.0 => format!("{:+.0}%", (a - b) / b * 100.0),
                    _ => "—".to_owned(),
                };
                let title = format!("{} {previous}", i18n.t(text!(console.reports.vs_previous)));
                view! {
                    <div class="stat">
                        <dt>{move || i18n.t(label)}</dt>
                        <dd>{value}</dd>
                        <dd class="small muted" title=title>{move || i18n.t(text!(console.reports.vs_previous))} " " {change.clone()}</dd>
                    </div>
                }
            }).collect_view()}
        </dl>
    }
}

/// The company's time zone, which every report's days and hours are in.
#[component]
fn ZoneSettings(on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let zone = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Result<(), model::AppError>>);
    let loaded = Resource::new(|| (), |_| get_report_settings());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let settings = ReportSettings {
            time_zone: zone.get_untracked().trim().to_owned(),
        };
        leptos::task::spawn_local(async move {
            match save_report_settings(settings).await {
                Ok(_) => {
                    result.set(Some(Ok(())));
                    toasts.success(i18n.t(text!(staff.saved)));
                    on_saved.run(());
                }
                Err(e) => result.set(Some(Err(e))),
            }
        });
    };
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let s = loaded.await.unwrap_or_default();
                zone.set(s.time_zone);
                view! {
                    <form class="card form report-zone" on:submit=save aria-label=move || i18n.t(text!(console.reports.zone))>
                        <TextField id="report-zone" label=Signal::derive(move || i18n.t(text!(console.reports.zone))) value=zone
                            error=field_error(move || result.get(), "time_zone") hint=Signal::derive(move || i18n.t(text!(console.reports.zone_hint)))/>
                        <div class="form-actions"><button class="button" type="submit">{move || i18n.t(text!(staff.save))}</button></div>
                    </form>
                }
            })}
        </Transition>
    }
}
