//! What every report tab shares: the tab bar, the range of days (a preset
//! counted by the server, or any two days), and the loading, empty and
//! error states, so the three pages ask and answer alike.

use std::future::Future;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use model::reports::ReportQuery;
use model::AppError;
use serde::{de::DeserializeOwned, Serialize};

use super::PageHeader;
use crate::i18n::{app_error_text, use_i18n, I18n, Text};
use crate::ui::common::{SelectField, TextField};

/// A report asked for by a range of days alone.
pub trait RangeReport: Clone + Send + Sync + Serialize + DeserializeOwned + 'static {
    /// The days it covers (a preset's, as the server counted them).
    fn days(&self) -> (NaiveDate, NaiveDate);
    /// Whether there is nothing to show.
    fn is_empty(&self) -> bool;
}

/// A report tab asked for by a range of days alone (customer service,
/// agent work, customer tags): its title, the tabs, the range form, and
/// the report's loading, empty and error states around `figures`.
pub fn range_report_page<R, F, Fut>(tab: Text, fetch: F, figures: fn(R) -> AnyView) -> impl IntoView
where
    R: RangeReport,
    F: Fn(ReportQuery) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<R, AppError>> + Send + 'static,
{
    let i18n = use_i18n();
    let range = Range::new();
    let query = Memo::new(move |_| range.query());
    let report = Resource::new(
        move || query.get(),
        move |q| async move {
            match q {
                Some(q) => fetch(q).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text=move || format!("{} · {} · Switchboard",
            i18n.t(tab), i18n.t(text!(console.reports.title)))/>
        <PageHeader title=text!(console.reports.title)/>
        <ReportTabs/>
        <RangeForm range/>
        <Transition fallback=move || loading_view(i18n)>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(Some(r)) => {
                        let (from, to) = r.days();
                        range.show(from, to);
                        if r.is_empty() {
                            note_view(i18n, text!(console.reports.no_conversations))
                        } else {
                            figures(r)
                        }
                    }
                    Ok(None) => note_view(i18n, text!(console.reports.pick_days)),
                    Err(e) => error_view(&e, i18n),
                }
            })}
        </Transition>
    }
}

/// The tabs of Console → Reports; the current one has `aria-current`.
#[component]
pub fn ReportTabs() -> impl IntoView {
    let i18n = use_i18n();
    let tabs = [
        ("/admin/reports", text!(console.reports.tab_conversations)),
        ("/admin/reports/service", text!(console.reports.tab_service)),
        ("/admin/reports/agents", text!(console.reports.tab_agents)),
        ("/admin/reports/tags", text!(console.reports.tab_tags)),
    ];
    view! {
        <nav class="report-tabs" aria-label=move || i18n.t(text!(console.reports.tabs))>
            {tabs.into_iter().map(|(href, label)| view! {
                <A href=href exact=true>{move || i18n.t(label)}</A>
            }).collect_view()}
        </nav>
    }
}

/// The days a report covers, as the fields hold them. A preset's days are
/// counted by the server, in the company's zone; the day fields then show
/// them. Typing a day makes the range custom.
#[derive(Clone, Copy)]
pub struct Range {
    pub preset: RwSignal<String>,
    pub from: RwSignal<String>,
    pub to: RwSignal<String>,
}

impl Range {
    pub fn new() -> Self {
        Self {
            preset: RwSignal::new("last7".to_owned()),
            from: RwSignal::new(String::new()),
            to: RwSignal::new(String::new()),
        }
    }

    /// `(from, to, preset)` for the query (reactive); `None` while custom
    /// days are not both picked. The day fields are read only when custom,
    /// so showing a preset's days does not ask again.
    pub fn days(&self) -> Option<(NaiveDate, NaiveDate, Option<String>)> {
        let day = |s: RwSignal<String>| s.get().parse::<NaiveDate>().ok();
        let preset = self.preset.get();
        if preset == "custom" {
            Some((day(self.from)?, day(self.to)?, None))
        } else {
            Some((NaiveDate::default(), NaiveDate::default(), Some(preset)))
        }
    }

    /// A query for these days and nothing else (reactive), `None` while
    /// custom days are not both picked.
    pub fn query(&self) -> Option<ReportQuery> {
        let (from, to, preset) = self.days()?;
        Some(ReportQuery {
            from,
            to,
            preset,
            ..Default::default()
        })
    }

    /// Show the days the server reported for a preset in the day fields.
    pub fn show(&self, from: NaiveDate, to: NaiveDate) {
        if self.preset.get_untracked() != "custom" {
            self.from.set(from.to_string());
            self.to.set(to.to_string());
        }
    }
}

/// The range fields (`report-range`, `report-from`, `report-to`), for a
/// report's filter form.
#[component]
pub fn RangeFields(range: Range) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |k: Text| Signal::derive(move || i18n.t(k));
    let custom = move |_| range.preset.set("custom".into());
    view! {
        <SelectField id="report-range" label=text!(console.reports.range) value=range.preset
            options=vec![("today", text!(console.reports.today)), ("yesterday", text!(console.reports.yesterday)),
                ("last7", text!(console.reports.last7)), ("last30", text!(console.reports.last30)),
                ("this_month", text!(console.reports.this_month)), ("last_month", text!(console.reports.last_month)),
                ("custom", text!(console.reports.custom))]/>
        <div on:change=custom class="contents">
            <TextField id="report-from" label=t(text!(console.transcripts.from)) value=range.from input_type="date"/>
            <TextField id="report-to" label=t(text!(console.transcripts.to)) value=range.to input_type="date"/>
        </div>
    }
}

/// A form with only the range, for the reports that have no other choice.
#[component]
pub fn RangeForm(range: Range) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form class="card filter-row report-controls" aria-label=move || i18n.t(text!(console.reports.period_controls))
            on:submit=|ev| ev.prevent_default()>
            <RangeFields range/>
        </form>
    }
}

pub fn range_error(code: &str) -> Text {
    match code {
        "before_from" => text!(console.reports.before_from),
        "too_long" => text!(console.reports.too_long),
        "too_fine" => text!(console.reports.too_fine),
        _ => text!(console.reports.bad_range),
    }
}

/// A report that could not be made: what is wrong with the days, else why.
pub fn error_view(e: &AppError, i18n: I18n) -> AnyView {
    let text = ["to", "from", "grouping"]
        .iter()
        .find_map(|f| e.field_error(f))
        .map(|f| range_error(&f.code))
        .unwrap_or_else(|| app_error_text(e));
    view! { <p class="error" role="alert">{move || i18n.t(text)}</p> }.into_any()
}

/// Said while a report is on its way.
pub fn loading_view(i18n: I18n) -> AnyView {
    view! { <p class="muted" role="status">{move || i18n.t(text!(common.loading))}</p> }.into_any()
}

/// Said instead of a report's figures: custom days not picked, or none.
pub fn note_view(i18n: I18n, text: Text) -> AnyView {
    view! { <p class="muted" role="status">{move || i18n.t(text)}</p> }.into_any()
}
