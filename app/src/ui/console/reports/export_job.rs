//! Every conversation of the report's days as one CSV row each (M3): a
//! background job on the server, its progress polled here, then a link to
//! download the file. The table's own CSV stays instant beside it.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use model::reports::{ExportState, ReportExport, ReportQuery};

use super::range::range_error;
use crate::api::reports::{report_export, start_report_export};
use crate::i18n::{app_error_text, use_i18n};

/// How often a running export is asked about.
const POLL: Duration = Duration::from_millis(700);

/// The share done, 0–100, for the progress bar's text.
pub fn percent(job: &ReportExport) -> i64 {
    match (job.state, job.total) {
        (ExportState::Ready, _) => 100,
        (_, 0) => 0,
        (_, total) => (job.done * 100 / total).clamp(0, 100),
    }
}

#[component]
pub fn ExportJob(query: Memo<Option<ReportQuery>>) -> impl IntoView {
    let i18n = use_i18n();
    let job = RwSignal::new(None::<ReportExport>);
    let error = RwSignal::new(None::<&'static str>);
    let start = Action::new(|q: &ReportQuery| start_report_export(q.clone()));
    Effect::new(move |_| match start.value().get() {
        Some(Ok(j)) => {
            error.set(None);
            job.set(Some(j));
        }
        Some(Err(e)) => {
            let field = ["to", "from", "preset"]
                .iter()
                .find_map(|f| e.field_error(f));
            let text = field
                .map(|f| range_error(&f.code))
                .unwrap_or_else(|| app_error_text(&e));
            error.set(Some(i18n.t(text)));
        }
        None => {}
    });
    // While running, ask again a moment later (in the browser only).
    Effect::new(move |_| {
        let Some(j) = job.get().filter(|j| j.state == ExportState::Running) else {
            return;
        };
        let id = j.id;
        set_timeout(
            move || {
                spawn_local(async move {
                    if let Ok(next) = report_export(id).await {
                        job.set(Some(next));
                    }
                })
            },
            POLL,
        );
    });
    let running =
        move || start.pending().get() || job.get().is_some_and(|j| j.state == ExportState::Running);
    let click = move |_| {
        if let Some(q) = query.get_untracked() {
            job.set(None);
            start.dispatch(q);
        }
    };
    let status = move || {
        job.get().map(|j| {
            let label = i18n.t(text!(console.reports.export_progress));
            match j.state {
                ExportState::Running => view! {
                    <progress max=j.total.max(1) value=j.done aria-label=label></progress>
                    <span class="small muted">{leptos_i18n::td_string!(i18n.staff(), console.reports.export_count,
                        done = j.done, total = j.total)} {format!(" · {}%", percent(&j))}</span>
                }.into_any(),
                ExportState::Ready => {
                    let href = format!("/api/v1/agent/reports/exports/{}/file", j.id);
                    view! {
                        <span class="small">{leptos_i18n::td_string!(i18n.staff(), console.reports.export_ready, total = j.total)}</span>
                        <a class="button primary small" href=href download=j.file_name.clone() rel="external">
                            {move || i18n.t(text!(console.reports.export_download))}</a>
                    }.into_any()
                }
                ExportState::Failed => view! {
                    <span class="error" role="alert">{move || i18n.t(text!(console.reports.export_failed))}</span>
                }.into_any(),
            }
        })
    };
    view! {
        <section class="card report-export" aria-labelledby="report-export-h">
            <div class="card-head">
                <h3 id="report-export-h">{move || i18n.t(text!(console.reports.export_title))}</h3>
                <button class="button" type="button" on:click=click disabled=running>
                    {move || i18n.t(text!(console.reports.export_start))}</button>
            </div>
            <p class="small muted">{move || i18n.t(text!(console.reports.export_intro))}</p>
            <div class="report-export-status" role="status">
                {status}
                {move || error.get().map(|e| view! { <span class="error">{e}</span> })}
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(state: ExportState, done: i64, total: i64) -> ReportExport {
        ReportExport {
            id: 1,
            from: Default::default(),
            to: Default::default(),
            state,
            done,
            total,
            file_name: String::new(),
            created_at: Default::default(),
        }
    }

    #[test]
    fn progress_is_the_share_written() {
        assert_eq!(percent(&job(ExportState::Running, 500, 2000)), 25);
        assert_eq!(percent(&job(ExportState::Running, 0, 0)), 0);
        assert_eq!(percent(&job(ExportState::Ready, 0, 0)), 100);
    }
}
