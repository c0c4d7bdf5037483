//! Console → Bot → Settings and figures (P3): when chats start with the
//! bot (web, apps), how sure it must be to answer or suggest, when it
//! hands over by itself, extra hand-off words, its greetings; and its
//! figures of the last 30 days with the questions it could not answer.

use leptos::prelude::*;
use leptos_meta::Title;
use model::bot::{BotDay, BotFigures, BotMode, BotSettings};

use super::settings_form::{num, text_of, toast_result, SaveButton};
use super::PageHeader;
use crate::api::bot::{load_bot_figures, load_bot_settings, save_bot_settings};
use crate::i18n::{use_i18n, Text};
use crate::ui::common::{date_time, field_error, LoadError, Loading, TextAreaField, TextField};

const FIGURE_DAYS: u32 = 30;

pub(super) fn mode_text(m: BotMode) -> Text {
    match m {
        BotMode::Off => text!(console.bot.mode_off),
        BotMode::First => text!(console.bot.mode_first),
        BotMode::OutsideHours => text!(console.bot.mode_outside_hours),
    }
}

#[component]
pub fn BotSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let settings = Resource::new(|| (), |_| load_bot_settings());
    let figures = Resource::new(|| (), |_| load_bot_figures(FIGURE_DAYS));
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.bot.title)))/>
        <PageHeader title=text!(console.bot.title)/>
        <p class="muted">{move || i18n.t(text!(console.bot.intro))}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => view! { <BotForm settings=s/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match figures.await {
                    Ok(f) => view! { <Figures figures=f/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ModeSelect(id: &'static str, label: Text, value: RwSignal<BotMode>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            <select id=id on:change=move |ev| value.set(BotMode::from_key(&event_target_value(&ev)).unwrap_or_default())>
                {BotMode::ALL.into_iter().map(|m| view! {
                    <option value=m.key() selected=value.get_untracked() == m>{move || i18n.t(mode_text(m))}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn BotForm(settings: BotSettings) -> impl IntoView {
    let i18n = use_i18n();
    let web = RwSignal::new(settings.web);
    let app = RwSignal::new(settings.app);
    let answer = text_of(settings.answer_threshold.into());
    let suggest = text_of(settings.suggest_threshold.into());
    let failures = text_of(settings.failures_before_handoff.into());
    let keywords = RwSignal::new(settings.handoff_keywords.join("\n"));
    let greeting_zh = RwSignal::new(settings.greeting_zh);
    let greeting_en = RwSignal::new(settings.greeting_en);
    let save = Action::new(|input: &BotSettings| {
        let input = input.clone();
        async move { save_bot_settings(input).await }
    });
    toast_result(save);
    let result = move || save.value().get();
    let pct = |s: RwSignal<String>| num(s).clamp(0, 255) as u8;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(BotSettings {
            web: web.get_untracked(),
            app: app.get_untracked(),
            answer_threshold: pct(answer),
            suggest_threshold: pct(suggest),
            failures_before_handoff: pct(failures),
            handoff_keywords: keywords
                .get_untracked()
                .lines()
                .map(str::to_owned)
                .collect(),
            greeting_zh: greeting_zh.get_untracked(),
            greeting_en: greeting_en.get_untracked(),
        });
    };
    let t = move |k| Signal::derive(move || i18n.t(k));
    view! {
        <form class="form card" on:submit=submit novalidate aria-label=move || i18n.t(text!(console.bot.settings))>
            <h3>{move || i18n.t(text!(console.bot.settings))}</h3>
            <div class="form-grid">
                <ModeSelect id="bot-web" label=text!(console.bot.web) value=web/>
                <ModeSelect id="bot-app" label=text!(console.bot.app) value=app/>
            </div>
            <p class="hint">{move || i18n.t(text!(console.bot.mode_hint))}</p>
            <div class="form-grid">
                <TextField id="bot-answer" label=t(text!(console.bot.answer_threshold)) value=answer input_type="number" error=field_error(result, "answer_threshold")/>
                <TextField id="bot-suggest" label=t(text!(console.bot.suggest_threshold)) value=suggest input_type="number" error=field_error(result, "suggest_threshold")/>
                <TextField id="bot-failures" label=t(text!(console.bot.failures)) value=failures input_type="number" error=field_error(result, "failures_before_handoff")/>
            </div>
            <p class="hint">{move || i18n.t(text!(console.bot.threshold_hint))}</p>
            <TextAreaField id="bot-keywords" label=t(text!(console.bot.keywords)) value=keywords rows=2 error=field_error(result, "handoff_keywords")/>
            <p class="hint">{move || i18n.t(text!(console.bot.keywords_hint))}</p>
            <div class="form-grid">
                <TextAreaField id="bot-greeting-zh" label=t(text!(console.bot.greeting_zh)) value=greeting_zh rows=2 error=field_error(result, "greeting_zh")/>
                <TextAreaField id="bot-greeting-en" label=t(text!(console.bot.greeting_en)) value=greeting_en rows=2 error=field_error(result, "greeting_en")/>
            </div>
            <SaveButton save/>
        </form>
    }
}

/// Stacked bars per day: resolved by the bot, handed off, the rest.
#[component]
fn DayChart(days: Vec<BotDay>) -> impl IntoView {
    let i18n = use_i18n();
    let top = days.iter().map(|d| d.handled).max().unwrap_or(0).max(1) as f64;
    let (w, h, gap) = (12.0, 120.0, 4.0);
    let width = days.len() as f64 * (w + gap);
    let bars = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let x = i as f64 * (w + gap);
            let handed = d.handed_off_request + d.handed_off_failure;
            let rest = d.handled.saturating_sub(d.resolved + handed);
            let mut y = h;
            let mut rects = vec![];
            for (n, class) in [
                (d.resolved, "bar-good"),
                (handed, "bar-warn"),
                (rest, "bar-muted"),
            ] {
                let bh = n as f64 / top * h;
                y -= bh;
                if n > 0 {
                    rects.push(view! { <rect class=class x=x y=y width=w height=bh/> });
                }
            }
            let tip = format!("{}: {} / {} / {}", d.day, d.handled, d.resolved, handed);
            view! { <g><title>{tip}</title>{rects}</g> }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {width} {h}") role="img" preserveAspectRatio="none"
                aria-label=move || i18n.t(text!(console.bot.chart))>{bars}</svg>
            <figcaption class="legend small">
                <span class="key bar-good">{move || i18n.t(text!(console.bot.resolved))}</span>
                <span class="key bar-warn">{move || i18n.t(text!(console.bot.handed_off))}</span>
                <span class="key bar-muted">{move || i18n.t(text!(console.bot.open))}</span>
            </figcaption>
        </figure>
    }
}

#[component]
fn Figures(figures: BotFigures) -> impl IntoView {
    let i18n = use_i18n();
    let sum = |f: fn(&BotDay) -> u64| figures.days.iter().map(f).sum::<u64>();
    let handled = sum(|d| d.handled);
    let resolved = sum(|d| d.resolved);
    let by_request = sum(|d| d.handed_off_request);
    let by_failure = sum(|d| d.handed_off_failure);
    let helpful = sum(|d| d.answers_rated_helpful);
    let rated = helpful + sum(|d| d.answers_rated_unhelpful);
    let share = |n: u64, of: u64| {
        (n * 100)
            .checked_div(of)
            .map_or_else(|| "—".to_owned(), |p| format!("{p}%"))
    };
    let tiles = [
        (text!(console.bot.handled), handled.to_string()),
        (text!(console.bot.resolved), share(resolved, handled)),
        (text!(console.bot.by_request), by_request.to_string()),
        (text!(console.bot.by_failure), by_failure.to_string()),
        (text!(console.bot.helpful), share(helpful, rated)),
    ];
    view! {
        <section class="card" aria-label=move || i18n.t(text!(console.bot.figures))>
            <h3>{move || i18n.t(text!(console.bot.figures))}</h3>
            <dl class="stat-tiles">
                {tiles.into_iter().map(|(label, value)| view! {
                    <div class="stat"><dt>{move || i18n.t(label)}</dt><dd>{value}</dd></div>
                }).collect_view()}
            </dl>
            <DayChart days=figures.days.clone()/>
            <h3>{move || i18n.t(text!(console.bot.unanswered))}</h3>
            {if figures.unanswered.is_empty() {
                view! { <p class="muted">{move || i18n.t(text!(console.bot.none_unanswered))}</p> }.into_any()
            } else {
                view! {
                    <ul class="unanswered" aria-label=move || i18n.t(text!(console.bot.unanswered))>
                        {figures.unanswered.into_iter().map(|q| {
                            let href = format!("/admin/knowledge-base?question={}", crate::browser::encode(&q.question));
                            let label = format!("{} {}", i18n.t(text!(console.bot.add_entry)), q.question);
                            view! {
                                <li>
                                    <span class="strong">{q.question.clone()}</span>
                                    <span class="muted small">{format!(" ×{} · ", q.count)}{date_time(q.last_asked)}</span>
                                    <a class="button small" href=href aria-label=label>{move || i18n.t(text!(console.bot.add_entry))}</a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
