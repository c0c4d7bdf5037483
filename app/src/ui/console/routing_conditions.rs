//! A routing rule's conditions as edited (P2): one group per condition,
//! a kind select and the inputs of that kind. Every row keeps the inputs of
//! every kind, so switching the kind back and forth loses nothing typed.

use leptos::prelude::*;
use model::automation::WorkingHours;
use model::routing::{Condition, RoutingChoices, SearchEngine, TextMatch};
use model::AppError;

use super::hours::{HoursFields, HoursInput};
use super::region_sets::{place_text, PlaceRow, PlacesEditor};
use crate::i18n::{use_i18n, weekday_text, I18n, Text};
use crate::ui::common::{field_error, TextField};

/// The channels a conversation can have (as `domain::routing::rule_check`).
pub(super) const CHANNELS: [&str; 4] = ["web", "app", "wechat", "weibo"];

const KINDS: [&str; 8] = [
    "channel",
    "region",
    "search_engine",
    "search_keyword",
    "referrer_domain",
    "landing_page",
    "customer_tag",
    "hours",
];

const OPS: [TextMatch; 3] = [TextMatch::Contains, TextMatch::Equals, TextMatch::Regex];

fn kind_text(kind: &str) -> Text {
    match kind {
        "channel" => text!(console.routing.kind_channel),
        "region" => text!(console.routing.kind_region),
        "search_engine" => text!(console.routing.kind_search_engine),
        "search_keyword" => text!(console.routing.kind_search_keyword),
        "referrer_domain" => text!(console.routing.kind_referrer_domain),
        "customer_tag" => text!(console.routing.kind_customer_tag),
        "hours" => text!(console.routing.kind_hours),
        _ => text!(console.routing.kind_landing_page),
    }
}

pub(super) fn channel_text(channel: &str) -> Text {
    match channel {
        "app" => text!(console.routing.channel_app),
        "wechat" => text!(console.routing.channel_wechat),
        "weibo" => text!(console.routing.channel_weibo),
        _ => text!(console.routing.channel_web),
    }
}

fn op_key(op: TextMatch) -> &'static str {
    match op {
        TextMatch::Contains => "contains",
        TextMatch::Equals => "equals",
        TextMatch::Regex => "regex",
    }
}

fn op_text(op: TextMatch) -> Text {
    match op {
        TextMatch::Contains => text!(console.routing.op_contains),
        TextMatch::Equals => text!(console.routing.op_equals),
        TextMatch::Regex => text!(console.routing.op_regex),
    }
}

/// One condition as edited.
#[derive(Clone, Copy)]
pub(super) struct CondRow {
    kind: RwSignal<String>,
    channels: RwSignal<Vec<String>>,
    places: RwSignal<Vec<PlaceRow>>,
    region_sets: RwSignal<Vec<i32>>,
    engines: RwSignal<Vec<SearchEngine>>,
    op: RwSignal<TextMatch>,
    value: RwSignal<String>,
    tag_ids: RwSignal<Vec<i32>>,
    hours: HoursInput,
    inside: RwSignal<bool>,
}

impl CondRow {
    /// A new condition: the landing page contains …
    pub fn blank() -> Self {
        Self {
            kind: RwSignal::new("landing_page".into()),
            channels: RwSignal::new(vec![]),
            places: RwSignal::new(vec![]),
            region_sets: RwSignal::new(vec![]),
            engines: RwSignal::new(vec![]),
            op: RwSignal::new(TextMatch::Contains),
            value: RwSignal::new(String::new()),
            tag_ids: RwSignal::new(vec![]),
            hours: HoursInput::new(&WorkingHours::default()),
            inside: RwSignal::new(true),
        }
    }

    pub fn new(c: &Condition) -> Self {
        let row = Self::blank();
        let text = |kind: &str, op: &TextMatch, value: &str| {
            row.kind.set(kind.into());
            row.op.set(*op);
            row.value.set(value.into());
        };
        match c {
            Condition::Channel { channels } => {
                row.kind.set("channel".into());
                row.channels.set(channels.clone());
            }
            Condition::Region {
                places,
                region_sets,
            } => {
                row.kind.set("region".into());
                row.places.set(PlaceRow::rows(places));
                row.region_sets.set(region_sets.clone());
            }
            Condition::SearchEngine { engines } => {
                row.kind.set("search_engine".into());
                row.engines.set(engines.clone());
            }
            Condition::SearchKeyword { op, value } => text("search_keyword", op, value),
            Condition::ReferrerDomain { op, value } => text("referrer_domain", op, value),
            Condition::LandingPage { op, value } => text("landing_page", op, value),
            Condition::CustomerTag { tag_ids } => {
                row.kind.set("customer_tag".into());
                row.tag_ids.set(tag_ids.clone());
            }
            Condition::Hours { hours, inside } => {
                row.kind.set("hours".into());
                return Self {
                    hours: HoursInput::new(hours),
                    inside: RwSignal::new(*inside),
                    ..row
                };
            }
        }
        row
    }

    /// The condition of the chosen kind (read untracked, for a submit).
    pub fn condition(&self) -> Condition {
        let (op, value) = (self.op.get_untracked(), self.value.get_untracked());
        match self.kind.get_untracked().as_str() {
            "channel" => Condition::Channel {
                channels: self.channels.get_untracked(),
            },
            "region" => Condition::Region {
                places: self
                    .places
                    .get_untracked()
                    .iter()
                    .map(PlaceRow::place)
                    .collect(),
                region_sets: self.region_sets.get_untracked(),
            },
            "search_engine" => Condition::SearchEngine {
                engines: self.engines.get_untracked(),
            },
            "search_keyword" => Condition::SearchKeyword { op, value },
            "referrer_domain" => Condition::ReferrerDomain { op, value },
            "customer_tag" => Condition::CustomerTag {
                tag_ids: self.tag_ids.get_untracked(),
            },
            "hours" => Condition::Hours {
                hours: self.hours.value(true),
                inside: self.inside.get_untracked(),
            },
            _ => Condition::LandingPage { op, value },
        }
    }
}

/// `(id, name)` → the names of those `ids`, in the choices' order.
fn names(all: &[(i32, String)], ids: &[i32]) -> String {
    all.iter()
        .filter(|(id, _)| ids.contains(id))
        .map(|(_, n)| n.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line for a condition in the rules list ("Landing page contains
/// “/pricing”"); reactive in the language when called in a view.
pub(super) fn condition_summary(i18n: I18n, c: &Condition, choices: &RoutingChoices) -> String {
    let kind = |k: &str| i18n.t(kind_text(k));
    let text =
        |k: &str, op: &TextMatch, v: &str| format!("{} {} “{v}”", kind(k), i18n.t(op_text(*op)));
    match c {
        Condition::Channel { channels } => {
            let list: Vec<_> = channels.iter().map(|ch| i18n.t(channel_text(ch))).collect();
            format!("{}: {}", kind("channel"), list.join(", "))
        }
        Condition::Region {
            places,
            region_sets,
        } => {
            let mut parts: Vec<String> = places.iter().map(place_text).collect();
            let sets = names(&choices.region_sets, region_sets);
            if !sets.is_empty() {
                parts.push(sets);
            }
            format!("{}: {}", kind("region"), parts.join(", "))
        }
        Condition::SearchEngine { engines } if engines.is_empty() => {
            format!(
                "{}: {}",
                kind("search_engine"),
                i18n.t(text!(console.routing.any_engine))
            )
        }
        Condition::SearchEngine { engines } => {
            let list: Vec<_> = engines.iter().map(|e| e.name()).collect();
            format!("{}: {}", kind("search_engine"), list.join(", "))
        }
        Condition::SearchKeyword { op, value } => text("search_keyword", op, value),
        Condition::ReferrerDomain { op, value } => text("referrer_domain", op, value),
        Condition::LandingPage { op, value } => text("landing_page", op, value),
        Condition::CustomerTag { tag_ids } => {
            format!(
                "{}: {}",
                kind("customer_tag"),
                names(&choices.tags, tag_ids)
            )
        }
        Condition::Hours { hours, inside } => {
            let days: Vec<_> = hours
                .days
                .iter()
                .map(|d| i18n.t(weekday_text(*d)))
                .collect();
            let when = if *inside {
                text!(console.routing.inside_hours)
            } else {
                text!(console.routing.outside_hours)
            };
            format!(
                "{} {} {}–{}",
                i18n.t(when),
                days.join(" "),
                hours.start,
                hours.end
            )
        }
    }
}

/// A checkbox that puts `item` in or out of `set`.
fn set_check<T>(id: String, label: Signal<String>, set: RwSignal<Vec<T>>, item: T) -> impl IntoView
where
    T: PartialEq + Clone + Send + Sync + 'static,
{
    let has = item.clone();
    let on_change = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        set.update(|v| {
            v.retain(|x| *x != item);
            if on {
                v.push(item.clone());
            }
        });
    };
    view! {
        <div class="check">
            <input id=id.clone() type="checkbox" prop:checked=move || set.with(|v| v.contains(&has)) on:change=on_change/>
            <label for=id>{label}</label>
        </div>
    }
}

/// A fieldset of checkboxes over `(id, name)` choices, with its error.
fn checks_of(
    id: String,
    legend: Text,
    options: Vec<(i32, String)>,
    set: RwSignal<Vec<i32>>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = options.is_empty();
    view! {
        <fieldset class="check-group">
            <legend>{move || i18n.t(legend)}</legend>
            <div class="check-list">
                {options.into_iter().map(|(v, name)| set_check(format!("{id}-{v}"), Signal::stored(name), set, v)).collect_view()}
            </div>
            {empty.then(|| view! { <p class="muted small">{move || i18n.t(text!(console.routing.none_yet))}</p> })}
            <p class="field-error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}

#[component]
pub(super) fn ConditionsEditor(
    rows: RwSignal<Vec<CondRow>>,
    choices: StoredValue<RoutingChoices>,
    errors: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let err = move |field: String| field_error(move || errors.get().map(Err::<(), _>), field);
    view! {
        <fieldset class="routing-section">
            <legend>{move || i18n.t(text!(console.routing.conditions))}</legend>
            <p class="hint">{move || i18n.t(text!(console.routing.conditions_hint))}</p>
            <p class="field-error" role="alert">{move || err("conditions".into()).get()}</p>
            <ol class="menu-rows">
                {move || rows.get().into_iter().enumerate().map(|(i, row)| {
                    let n = i + 1;
                    view! {
                        <li class="menu-row">
                            <fieldset>
                                <legend>{move || format!("{} {n}", i18n.t(text!(console.routing.condition)))}</legend>
                                <div class="field">
                                    <label for=format!("cond-{i}-kind")>{move || i18n.t(text!(console.routing.match_on))}</label>
                                    <select id=format!("cond-{i}-kind") on:change=move |ev| row.kind.set(event_target_value(&ev))>
                                        {KINDS.into_iter().map(|k| view! {
                                            <option value=k selected=move || row.kind.get() == k>{move || i18n.t(kind_text(k))}</option>
                                        }).collect_view()}
                                    </select>
                                </div>
                                <ConditionInputs i=i row choices errors/>
                                <div class="actions">
                                    <button type="button" class="button small danger" aria-label=move || format!("{} {n}", i18n.t(text!(console.routing.remove_condition)))
                                        on:click=move |_| rows.update(|r| { r.remove(i); })>{move || i18n.t(text!(console.routing.remove))}</button>
                                </div>
                            </fieldset>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <button type="button" class="button small" on:click=move |_| rows.update(|r| r.push(CondRow::blank()))>
                {move || i18n.t(text!(console.routing.add_condition))}
            </button>
        </fieldset>
    }
}

/// The inputs of the row's current kind; errors are `conditions.{i}.…`.
#[component]
fn ConditionInputs(
    i: usize,
    row: CondRow,
    choices: StoredValue<RoutingChoices>,
    errors: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let err = move |name: &str| {
        field_error(
            move || errors.get().map(Err::<(), _>),
            format!("conditions.{i}.{name}"),
        )
    };
    let id = format!("cond-{i}");
    move || {
        match row.kind.get().as_str() {
        "channel" => view! {
            <fieldset class="check-group">
                <legend>{move || i18n.t(text!(console.routing.channels))}</legend>
                <div class="check-list row">
                    {CHANNELS.into_iter().map(|ch| {
                        let label = Signal::derive(move || i18n.t(channel_text(ch)).to_owned());
                        set_check(format!("{id}-ch-{ch}"), label, row.channels, ch.to_owned())
                    }).collect_view()}
                </div>
                <p class="field-error" role="alert">{move || err("channels").get()}</p>
            </fieldset>
        }.into_any(),
        "region" => view! {
            <PlacesEditor id=id.clone() rows=row.places error=err("places")/>
            {checks_of(format!("{id}-set"), text!(console.routing.region_sets), choices.with_value(|c| c.region_sets.clone()), row.region_sets, err("region_sets"))}
        }.into_any(),
        "search_engine" => view! {
            <fieldset class="check-group">
                <legend>{move || i18n.t(text!(console.routing.engines))}</legend>
                <p class="hint">{move || i18n.t(text!(console.routing.engines_hint))}</p>
                <div class="check-list">
                    {SearchEngine::ALL.into_iter().map(|e| {
                        set_check(format!("{id}-se-{}", e.key()), Signal::stored(e.name().to_owned()), row.engines, e)
                    }).collect_view()}
                </div>
            </fieldset>
        }.into_any(),
        "customer_tag" => checks_of(format!("{id}-tag"), text!(console.routing.customer_tags), choices.with_value(|c| c.tags.clone()), row.tag_ids, err("tag_ids")).into_any(),
        "hours" => view! {
            <div class="field">
                <label for=format!("{id}-inside")>{move || i18n.t(text!(console.routing.when))}</label>
                <select id=format!("{id}-inside") on:change=move |ev| row.inside.set(event_target_value(&ev) == "inside")>
                    <option value="inside" selected=move || row.inside.get()>{move || i18n.t(text!(console.routing.inside_hours))}</option>
                    <option value="outside" selected=move || !row.inside.get()>{move || i18n.t(text!(console.routing.outside_hours))}</option>
                </select>
            </div>
            <HoursFields id=format!("{id}-hours") hours=row.hours days_error=err("days") start_error=err("start") end_error=err("end")/>
        }.into_any(),
        // The three text kinds: search keyword, referrer domain, landing page.
        _ => view! {
            <div class="form-grid">
                <div class="field">
                    <label for=format!("{id}-op")>{move || i18n.t(text!(console.routing.comparison))}</label>
                    <select id=format!("{id}-op") on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(op) = OPS.into_iter().find(|o| op_key(*o) == v) { row.op.set(op) }
                    }>
                        {OPS.into_iter().map(|op| view! {
                            <option value=op_key(op) selected=move || row.op.get() == op>{move || i18n.t(op_text(op))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <TextField id=format!("{id}-value") label=Signal::derive(move || i18n.t(text!(console.routing.value))) value=row.value error=err("value")/>
            </div>
        }.into_any(),
    }
    }
}
