//! The conversation report's table (M3) and its CSV: one list of columns
//! feeds both, so the file holds exactly what the table shows — the same
//! rows, the same cells, the total last — under a line naming the period.

use leptos::prelude::*;
use model::reports::{Report, ReportRow, Stat, Summary};

use crate::i18n::{use_i18n, Text};

/// "45s", "3m 05s", "1h 02m"; "—" when there is no figure.
pub fn secs_text(secs: Option<f64>) -> String {
    let Some(s) = secs else {
        return "—".into();
    };
    let s = s.round().max(0.0) as i64;
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m {:02}s", s / 60, s % 60),
        _ => format!("{}h {:02}m", s / 3600, s % 3600 / 60),
    }
}

/// A 0–100 score, or "—".
pub fn score_text(score: Option<f64>) -> String {
    score.map_or_else(|| "—".into(), |s| format!("{s:.0}"))
}

type Cell = fn(&Summary) -> String;

fn n(v: i64) -> String {
    v.to_string()
}

fn mean(s: &Stat) -> String {
    secs_text(s.mean)
}

/// The table's figures, in order: header and cell.
pub fn columns() -> Vec<(Text, Cell)> {
    vec![
        (text!(console.reports.started), |s| n(s.started)),
        (text!(console.reports.answered), |s| n(s.answered)),
        (text!(console.reports.missed), |s| n(s.missed)),
        (
            text!(console.reports.abandoned),
            |s| n(s.abandoned_in_queue),
        ),
        (text!(console.reports.bot_resolved), |s| n(s.bot_resolved)),
        (text!(console.reports.bot_handed_off), |s| n(s.handed_off)),
        (text!(console.reports.queue_median), |s| {
            secs_text(s.queue.median)
        }),
        (text!(console.reports.first_response_mean), |s| {
            mean(&s.first_response)
        }),
        (text!(console.reports.first_response_median), |s| {
            secs_text(s.first_response.median)
        }),
        (text!(console.reports.first_response_p90), |s| {
            secs_text(s.first_response.p90)
        }),
        (text!(console.reports.reply_mean), |s| mean(&s.reply)),
        (text!(console.reports.duration_mean), |s| mean(&s.duration)),
        (text!(console.reports.transfers), |s| n(s.transfers)),
        (text!(console.reports.messages_in), |s| n(s.messages_in)),
        (text!(console.reports.messages_out), |s| n(s.messages_out)),
        (text!(console.reports.satisfaction), |s| {
            score_text(s.satisfaction)
        }),
        (text!(console.reports.rated), |s| n(s.rated)),
    ]
}

/// What the report's rows are called, translated: the first column's
/// header, each row's label, and the total's.
pub struct Labels {
    pub period: String,
    pub first: String,
    pub total: String,
    pub headers: Vec<String>,
}

/// The CSV of the table: BOM, a line naming the period, the header, the
/// rows, the total. `label` names each row as the table does.
pub fn to_csv(report: &Report, labels: &Labels, label: impl Fn(&ReportRow) -> String) -> String {
    use model::csv::line;
    let mut out = String::from(model::csv::BOM);
    out.push_str(&line(&[labels.period.as_str()]));
    let mut header = vec![labels.first.clone()];
    header.extend(labels.headers.iter().cloned());
    out.push_str(&line(&header));
    let cols = columns();
    let cells = |name: String, s: &Summary| {
        let mut row = vec![name];
        row.extend(cols.iter().map(|(_, cell)| cell(s)));
        line(&row)
    };
    for r in &report.rows {
        out.push_str(&cells(label(r), &r.summary));
    }
    out.push_str(&cells(labels.total.clone(), &report.total));
    out
}

#[component]
pub fn ReportTable(
    report: Report,
    first: Text,
    label: std::sync::Arc<dyn Fn(&ReportRow) -> String + Send + Sync>,
) -> impl IntoView {
    let i18n = use_i18n();
    let cols = columns();
    let headers = cols
        .iter()
        .map(|(h, _)| {
            let h = *h;
            view! { <th scope="col">{move || i18n.t(h)}</th> }
        })
        .collect_view();
    let cells = move |s: &Summary| {
        columns()
            .into_iter()
            .map(|(_, cell)| view! { <td class="num">{cell(s)}</td> })
            .collect_view()
    };
    let rows = report
        .rows
        .iter()
        .map(|r| view! { <tr><th scope="row">{label(r)}</th>{cells(&r.summary)}</tr> })
        .collect_view();
    let total = cells(&report.total);
    view! {
        <div class="table-wrap">
            <table class="table report-table" aria-label=move || i18n.t(text!(console.reports.table))>
                <thead><tr><th scope="col">{move || i18n.t(first)}</th>{headers}</tr></thead>
                <tbody>{rows}</tbody>
                <tfoot><tr><th scope="row">{move || i18n.t(text!(console.reports.total))}</th>{total}</tr></tfoot>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::reports::{ReportQuery, ReportRow};

    #[test]
    fn times_read_as_people_say_them() {
        assert_eq!(secs_text(None), "—");
        assert_eq!(secs_text(Some(44.6)), "45s");
        assert_eq!(secs_text(Some(185.0)), "3m 05s");
        assert_eq!(secs_text(Some(3720.0)), "1h 02m");
    }

    #[test]
    fn the_csv_is_the_table_with_the_period_and_guarded_names() {
        let summary = |started| Summary {
            started,
            answered: started,
            ..Summary::default()
        };
        let report = Report {
            query: ReportQuery::default(),
            time_zone: "UTC".into(),
            total: summary(3),
            previous_from: Default::default(),
            previous_to: Default::default(),
            previous: Summary::default(),
            rows: vec![
                ReportRow {
                    key: "7".into(),
                    label: "=cmd|' /C calc'!A0".into(),
                    summary: summary(2),
                },
                ReportRow {
                    key: "8".into(),
                    label: "李雷, 客服".into(),
                    summary: summary(1),
                },
            ],
            response_bands: vec![],
            rating_levels: vec![],
        };
        let labels = Labels {
            period: "2026-03-01 – 2026-03-07".into(),
            first: "Agent".into(),
            total: "Total".into(),
            headers: (0..columns().len()).map(|i| format!("h{i}")).collect(),
        };
        let csv = to_csv(&report, &labels, |r| r.label.clone());
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert!(lines[0].starts_with('\u{feff}'));
        assert_eq!(
            lines[0].trim_start_matches('\u{feff}'),
            "2026-03-01 – 2026-03-07"
        );
        assert!(lines[1].starts_with("Agent,h0,h1,"));
        assert!(
            lines[2].starts_with("'=cmd|' /C calc'!A0,2,2,0,"),
            "{}",
            lines[2]
        );
        assert!(lines[3].starts_with("\"李雷, 客服\",1,1,"), "{}", lines[3]);
        assert!(lines[4].starts_with("Total,3,3,"));
        assert_eq!(lines.len(), 6, "a last line break");
    }
}
