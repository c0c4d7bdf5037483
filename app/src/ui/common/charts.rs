//! Charts for reports (M3, M5), rendered on the server as SVG and plain
//! HTML (so they are there before hydration and in every locale's font),
//! each with a text alternative: an accessible name, and every bar's
//! figure as its tooltip and its list item's text.

use leptos::prelude::*;

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
