//! Charts for reports (M3, M5), rendered on the server as SVG and plain
//! HTML (so they are there before hydration and in every locale's font),
//! each with a text alternative: an accessible name, and every bar's
//! figure as its tooltip and its list item's text.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Text};

/// One bar: what it stands for, its size, and the figure as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub shown: String,
}

impl Bar {
    pub fn count(label: impl Into<String>, n: i64) -> Self {
        Self {
            label: label.into(),
            value: n as f64,
            shown: n.to_string(),
        }
    }
}

/// Columns over time (volume by hour, day, week or month). The first,
/// middle and last labels are written under the axis.
#[component]
pub fn ColumnChart(bars: Vec<Bar>, #[prop(into)] name: Signal<String>) -> impl IntoView {
    let top = bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1.0);
    let (w, gap, h) = (10.0, 3.0, 100.0);
    let width = (bars.len() as f64 * (w + gap)).max(w);
    let n = bars.len();
    let axis: Vec<String> = match n {
        0 => vec![],
        1 => vec![bars[0].label.clone()],
        _ => vec![
            bars[0].label.clone(),
            bars[n / 2].label.clone(),
            bars[n - 1].label.clone(),
        ],
    };
    let columns = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let bh = (b.value / top * h).max(if b.value > 0.0 { 1.0 } else { 0.0 });
            let tip = format!("{}: {}", b.label, b.shown);
            view! {
                <g class="column"><title>{tip}</title>
                    <rect class="bar-track" x={i as f64 * (w + gap)} y=0 width=w height=h/>
                    <rect class="bar-main" x={i as f64 * (w + gap)} y={h - bh} width=w height=bh/>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {width} {h}") role="img" preserveAspectRatio="none"
                aria-label=move || name.get()>{columns}</svg>
            <figcaption class="chart-axis small muted" aria-hidden="true">
                {axis.into_iter().map(|l| view! { <span>{l}</span> }).collect_view()}
            </figcaption>
        </figure>
    }
}

/// Horizontal bars with their names and figures as text: agents, groups,
/// channels, bands of a distribution.
#[component]
pub fn BarList(bars: Vec<Bar>, #[prop(into)] name: Signal<String>) -> impl IntoView {
    let top = bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1.0);
    view! {
        <figure class="chart">
            <ul class="bar-list" role="list" aria-label=move || name.get()>
                {bars.into_iter().map(|b| {
                    let pct = format!("width: {:.1}%", b.value / top * 100.0);
                    let tip = format!("{}: {}", b.label, b.shown);
                    view! {
                        <li title=tip>
                            <span class="bar-name">{b.label.clone()}</span>
                            <span class="bar-track"><span class="bar-fill" style=pct></span></span>
                            <span class="bar-value">{b.shown}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </figure>
    }
}

/// Shares of one whole in one stacked bar (ratings by level, best first),
/// with a legend that gives each part's count and share.
#[component]
pub fn ShareBar(parts: Vec<Bar>, #[prop(into)] name: Signal<String>) -> impl IntoView {
    let total: f64 = parts.iter().map(|p| p.value).sum();
    let share = move |v: f64| if total > 0.0 { v / total * 100.0 } else { 0.0 };
    let segments = parts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.value > 0.0)
        .map(|(i, p)| {
            let style = format!("width: {:.2}%", share(p.value));
            let class = format!("share-seg share-{}", i.min(5));
            view! { <span class=class style=style title=format!("{}: {}", p.label, p.shown)></span> }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <div class="share-bar" role="img" aria-label=move || name.get()>{segments}</div>
            <ul class="legend small" role="list">
                {parts.into_iter().enumerate().map(|(i, p)| {
                    let class = format!("key share-key-{}", i.min(5));
                    let text = format!("{} {} ({:.0}%)", p.label, p.shown, share(p.value));
                    view! { <li class=class>{text}</li> }
                }).collect_view()}
            </ul>
        </figure>
    }
}

/// Weekday names for the heat map's rows, Monday first as the reports'.
const WEEKDAYS: [Text; 7] = [
    text!(console.reports.mon),
    text!(console.reports.tue),
    text!(console.reports.wed),
    text!(console.reports.thu),
    text!(console.reports.fri),
    text!(console.reports.sat),
    text!(console.reports.sun),
];

/// How dark a heat-map cell is: 0 for none, else 1 to 4 by quarters of the
/// busiest cell, so one busy hour does not wash out the rest.
pub fn heat_level(n: i64, top: i64) -> u8 {
    if n <= 0 || top <= 0 {
        0
    } else {
        ((n * 4 + top - 1) / top).clamp(1, 4) as u8
    }
}

/// When conversations start: `counts[weekday][hour]` (Monday first, 24
/// hours) as a table whose cells are shaded by count. Being a real table,
/// it is its own text alternative: each cell holds its figure for screen
/// readers, under its weekday and hour headers, and a tooltip for the eye.
/// It scrolls sideways on a narrow screen (focusable, for the keyboard).
#[component]
pub fn HeatMap(counts: Vec<Vec<i64>>, #[prop(into)] name: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let count = |d: usize, h: usize| counts.get(d).and_then(|r| r.get(h)).copied().unwrap_or(0);
    let top = (0..7)
        .flat_map(|d| (0..24).map(move |h| (d, h)))
        .map(|(d, h)| count(d, h))
        .max()
        .unwrap_or(0);
    let hours = (0..24)
        .map(|h| view! {
            <th scope="col"><span aria-hidden="true">{h}</span><span class="sr-only">{format!("{h:02}:00")}</span></th>
        })
        .collect_view();
    let rows = WEEKDAYS
        .iter()
        .enumerate()
        .map(|(d, &day)| {
            let cells = (0..24)
                .map(|h| {
                    let n = count(d, h);
                    let class = format!("heat-cell heat-{}", heat_level(n, top));
                    let tip = move || format!("{} {h:02}:00: {n}", i18n.t(day));
                    view! { <td class=class title=tip><span class="sr-only">{n}</span></td> }
                })
                .collect_view();
            view! { <tr><th scope="row">{move || i18n.t(day)}</th>{cells}</tr> }
        })
        .collect_view();
    let legend = (0..5)
        .map(|l| view! { <span class=format!("heat-cell heat-{l}")></span> })
        .collect_view();
    view! {
        <figure class="chart">
            <div class="heat-scroll" tabindex="0" role="region" aria-label=move || name.get()>
                <table class="heat-map" aria-label=move || name.get()>
                    <thead><tr><td></td>{hours}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <figcaption class="heat-legend small muted" aria-hidden="true">
                {move || i18n.t(text!(console.reports.heat_less))}{legend}{move || i18n.t(text!(console.reports.heat_more))}
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::heat_level;

    #[test]
    fn heat_is_shaded_in_quarters_of_the_busiest_cell() {
        assert_eq!(heat_level(0, 0), 0);
        assert_eq!(heat_level(0, 12), 0);
        assert_eq!(heat_level(1, 12), 1);
        assert_eq!(heat_level(3, 12), 1);
        assert_eq!(heat_level(4, 12), 2);
        assert_eq!(heat_level(9, 12), 3);
        assert_eq!(heat_level(10, 12), 4);
        assert_eq!(heat_level(12, 12), 4);
    }
}
