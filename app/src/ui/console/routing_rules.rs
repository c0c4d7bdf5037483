//! Console → Routing → Rules (P2): the ordered rules a new chat is matched
//! against (the first enabled rule whose conditions all hold wins), each
//! with targets tried in order; when none can take the chat, the link's
//! default applies. Below the list: the rule form and the tester.

use leptos::prelude::*;
use leptos_meta::Title;
use model::routing::{RouteTarget, RoutingChoices, RoutingRule, RoutingRuleInput};
use model::AppError;

use super::routing_conditions::{condition_summary, CondRow, ConditionsEditor};
use super::routing_probe::RoutingTester;
use super::PageHeader;
use crate::api::routing::{
    delete_routing_rule, list_routing_rules, reorder_routing_rules, routing_choices,
    save_routing_rule,
};
use crate::i18n::{use_i18n, I18n};
use crate::ui::common::{
    error_message, field_error, use_toasts, CheckboxField, LoadError, Loading, TextField,
};

/// A target as a select value: `group:ID` or `agent:ID`.
fn target_value(t: RouteTarget) -> String {
    match t {
        RouteTarget::Group(g) => format!("group:{g}"),
        RouteTarget::Agent(a) => format!("agent:{a}"),
    }
}

fn parse_target(v: &str) -> Option<RouteTarget> {
    let (kind, id) = v.split_once(':')?;
    let id = id.parse().ok()?;
    match kind {
        "group" => Some(RouteTarget::Group(id)),
        "agent" => Some(RouteTarget::Agent(id)),
        _ => None,
    }
}

/// "Group: Sales" / "Agent: Li Wei"; `name` when the choices lack it.
pub(super) fn target_label(i18n: I18n, t: RouteTarget, name: Option<&str>) -> String {
    let (prefix, id) = match t {
        RouteTarget::Group(g) => (i18n.t(text!(console.routing.group)), g),
        RouteTarget::Agent(a) => (i18n.t(text!(console.routing.agent)), a),
    };
    format!(
        "{prefix} {}",
        name.map_or_else(|| format!("#{id}"), str::to_owned)
    )
}

/// Every target a rule may name, as `(value, label)`.
fn target_options(i18n: I18n, c: &RoutingChoices) -> Vec<(String, String)> {
    let groups = c.groups.iter().map(|(id, n)| (RouteTarget::Group(*id), n));
    let agents = c.agents.iter().map(|(id, n)| (RouteTarget::Agent(*id), n));
    groups
        .chain(agents)
        .map(|(t, n)| (target_value(t), target_label(i18n, t, Some(n))))
        .collect()
}

fn name_in(c: &RoutingChoices, t: RouteTarget) -> Option<&str> {
    let (list, id) = match t {
        RouteTarget::Group(g) => (&c.groups, g),
        RouteTarget::Agent(a) => (&c.agents, a),
    };
    list.iter().find(|(i, _)| *i == id).map(|(_, n)| n.as_str())
}

#[component]
pub fn RoutingRulesPage() -> impl IntoView {
    let i18n = use_i18n();
    let choices = Resource::new(|| (), |_| routing_choices());
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.routing.rules_title)))/>
        <PageHeader title=text!(console.routing.rules_title)/>
        <p class="muted">{move || i18n.t(text!(console.routing.rules_intro))}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match choices.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(c) => view! { <RulesWorkspace choices=c/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RulesWorkspace(choices: RoutingChoices) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let choices = StoredValue::new(choices);
    let version = RwSignal::new(0u32);
    let rules = Resource::new(move || version.get(), |_| list_routing_rules());
    // None: no form; Some(None): a new rule; Some(Some(r)): editing `r`.
    let editing = RwSignal::new(None::<Option<RoutingRule>>);
    let refresh = move || version.update(|v| *v += 1);
    let remove = Action::new(|id: &i32| delete_routing_rule(*id));
    let reorder = Action::new(|ids: &Vec<i32>| reorder_routing_rules(ids.clone()));
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => {
            toasts.success(i18n.t(text!(console.deleted)));
            refresh();
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    Effect::new(move |_| match reorder.value().get() {
        Some(Ok(_)) => refresh(),
        // Someone else changed the rules meanwhile: show theirs.
        Some(Err(e)) => {
            toasts.error(error_message(&e));
            refresh();
        }
        None => {}
    });
    let on_done = Callback::new(move |saved: bool| {
        editing.set(None);
        if saved {
            refresh();
        }
    });
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match rules.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="muted">{move || i18n.t(text!(console.routing.rules_empty))}</p> }.into_any(),
                    Ok(list) => {
                        let ids: Vec<i32> = list.iter().map(|r| r.id).collect();
                        view! {
                            <ol class="plain-list routing-list" aria-label=move || i18n.t(text!(console.routing.rules_title))>
                                {list.into_iter().enumerate().map(|(i, rule)| view! {
                                    <RuleItem rule i ids=ids.clone() choices editing remove reorder/>
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    }
                }
            })}
        </Transition>
        <div class="form-actions start">
            <button type="button" class="button primary" on:click=move |_| editing.set(Some(None))>{move || i18n.t(text!(console.routing.new_rule))}</button>
        </div>
        {move || editing.get().map(|rule| view! { <RuleForm rule choices on_done/> })}
        <RoutingTester choices/>
    }
}

/// `ids` with the `i`th moved one place up or down, if it can move.
fn moved(ids: &[i32], i: usize, up: bool) -> Option<Vec<i32>> {
    let j = if up { i.checked_sub(1)? } else { i + 1 };
    (j < ids.len()).then(|| {
        let mut ids = ids.to_vec();
        ids.swap(i, j);
        ids
    })
}

#[component]
fn RuleItem(
    rule: RoutingRule,
    i: usize,
    ids: Vec<i32>,
    choices: StoredValue<RoutingChoices>,
    editing: RwSignal<Option<Option<RoutingRule>>>,
    remove: Action<i32, Result<(), AppError>>,
    reorder: Action<Vec<i32>, Result<Vec<RoutingRule>, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (up, down) = (moved(&ids, i, true), moved(&ids, i, false));
    let (no_up, no_down) = (up.is_none(), down.is_none());
    let name = StoredValue::new(rule.name.clone());
    let labelled = move |key: crate::i18n::Text| format!("{} {}", i18n.t(key), name.get_value());
    let id = rule.id;
    let enabled = rule.enabled;
    let edit = StoredValue::new(rule.clone());
    let summary = {
        let conditions = rule.conditions.clone();
        move || {
            if conditions.is_empty() {
                return i18n.t(text!(console.routing.every_chat)).to_owned();
            }
            choices.with_value(|c| {
                conditions
                    .iter()
                    .map(|cond| condition_summary(i18n, cond, c))
                    .collect::<Vec<_>>()
                    .join(" · ")
            })
        }
    };
    let targets = {
        let targets = rule.targets.clone();
        move || {
            choices.with_value(|c| {
                targets
                    .iter()
                    .map(|t| target_label(i18n, *t, name_in(c, *t)))
                    .collect::<Vec<_>>()
                    .join(" → ")
            })
        }
    };
    view! {
        <li class="routing-rule">
            <div class="routing-item">
                <span class="strong">{name.get_value()}</span>
                <span class=if enabled { "badge badge-ok" } else { "badge badge-off" }>
                    {move || i18n.t(if enabled { text!(console.routing.on) } else { text!(console.routing.off) })}
                </span>
                <span class="small">{summary}</span>
                <span class="muted small">{move || format!("{} {}", i18n.t(text!(console.routing.targets_short)), targets())}</span>
            </div>
            <span class="actions">
                <button type="button" class="button small" disabled=no_up aria-label=move || labelled(text!(console.routing.move_up_rule))
                    on:click=move |_| { if let Some(ids) = up.clone() { reorder.dispatch(ids); } }>"↑"</button>
                <button type="button" class="button small" disabled=no_down aria-label=move || labelled(text!(console.routing.move_down_rule))
                    on:click=move |_| { if let Some(ids) = down.clone() { reorder.dispatch(ids); } }>"↓"</button>
                <button type="button" class="button small" aria-label=move || labelled(text!(console.edit))
                    on:click=move |_| editing.set(Some(Some(edit.get_value())))>{move || i18n.t(text!(console.edit))}</button>
                <button type="button" class="button small danger" aria-label=move || labelled(text!(console.delete))
                    on:click=move |_| {
                        let ok = window().confirm_with_message(i18n.t(text!(console.routing.confirm_delete_rule))).unwrap_or(false);
                        if ok { remove.dispatch(id); }
                    }>{move || i18n.t(text!(console.delete))}</button>
            </span>
        </li>
    }
}

#[component]
fn RuleForm(
    rule: Option<RoutingRule>,
    choices: StoredValue<RoutingChoices>,
    on_done: Callback<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = rule.as_ref().map(|r| r.id);
    let name = RwSignal::new(rule.as_ref().map(|r| r.name.clone()).unwrap_or_default());
    let enabled = RwSignal::new(rule.as_ref().is_none_or(|r| r.enabled));
    let conditions = RwSignal::new(
        rule.as_ref()
            .map(|r| r.conditions.iter().map(CondRow::new).collect::<Vec<_>>())
            .unwrap_or_default(),
    );
    let targets = RwSignal::new(
        rule.as_ref()
            .map(|r| {
                r.targets
                    .iter()
                    .map(|t| RwSignal::new(target_value(*t)))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    let save = Action::new(move |input: &RoutingRuleInput| {
        let input = input.clone();
        async move { save_routing_rule(id, input).await }
    });
    let result = move || save.value().get();
    let errors = Signal::derive(move || match save.value().get() {
        Some(Err(e)) => Some(e),
        _ => None,
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.success(i18n.t(text!(staff.saved)));
            on_done.run(true);
        }
        Some(Err(AppError::Invalid { .. })) => {
            toasts.error(i18n.t(text!(console.routing.fix_rule)))
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(RoutingRuleInput {
            name: name.get_untracked(),
            enabled: enabled.get_untracked(),
            conditions: conditions
                .get_untracked()
                .iter()
                .map(CondRow::condition)
                .collect(),
            // Every row holds a valid choice (there is no empty option).
            targets: targets
                .get_untracked()
                .iter()
                .filter_map(|t| parse_target(&t.get_untracked()))
                .collect(),
        });
    };
    let title = if id.is_some() {
        text!(console.routing.edit_rule)
    } else {
        text!(console.routing.new_rule)
    };
    view! {
        <form class="form card routing-form" on:submit=submit novalidate aria-label=move || i18n.t(title)>
            <h2>{move || i18n.t(title)}</h2>
            <TextField id="rule-name" label=Signal::derive(move || i18n.t(text!(console.routing.rule_name))) value=name required=true error=field_error(result, "name")/>
            <CheckboxField id="rule-enabled" label=Signal::derive(move || i18n.t(text!(console.routing.rule_enabled)).to_owned()) checked=enabled/>
            <ConditionsEditor rows=conditions choices errors/>
            <TargetsEditor rows=targets choices errors/>
            <div class="form-actions">
                <button type="button" class="button ghost" on:click=move |_| on_done.run(false)>{move || i18n.t(text!(staff.cancel))}</button>
                <button class="button primary" type="submit" disabled=move || save.pending().get()>{move || i18n.t(text!(staff.save))}</button>
            </div>
        </form>
    }
}

/// The ordered targets: a select per row, moved up and down, removed.
#[component]
fn TargetsEditor(
    rows: RwSignal<Vec<RwSignal<String>>>,
    choices: StoredValue<RoutingChoices>,
    errors: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let err = move |field: String| field_error(move || errors.get().map(Err::<(), _>), field);
    let options = Memo::new(move |_| choices.with_value(|c| target_options(i18n, c)));
    let add = move |_| {
        let taken: Vec<String> = rows
            .get_untracked()
            .iter()
            .map(|r| r.get_untracked())
            .collect();
        let all = options.get_untracked();
        // The first choice not yet in the list, else the first.
        let pick = all.iter().find(|(v, _)| !taken.contains(v)).or(all.first());
        if let Some((v, _)) = pick {
            rows.update(|r| r.push(RwSignal::new(v.clone())));
        }
    };
    let move_row = move |i: usize, up: bool| {
        rows.update(|r| {
            let j = if up { i.checked_sub(1) } else { Some(i + 1) };
            if let Some(j) = j.filter(|j| *j < r.len()) {
                r.swap(i, j);
            }
        })
    };
    view! {
        <fieldset class="routing-section">
            <legend>{move || i18n.t(text!(console.routing.targets))}</legend>
            <p class="hint">{move || i18n.t(text!(console.routing.targets_hint))}</p>
            <p class="field-error" role="alert">{move || err("targets".into()).get()}</p>
            <ol class="target-rows">
                {move || rows.get().into_iter().enumerate().map(|(i, row)| {
                    let n = i + 1;
                    let select_id = format!("target-{i}");
                    let error = err(format!("targets.{i}"));
                    view! {
                        <li class="target-row" class:has-error=move || error.get().is_some()>
                            <label for=select_id.clone()>{move || format!("{} {n}", i18n.t(text!(console.routing.target)))}</label>
                            <select id=select_id on:change=move |ev| row.set(event_target_value(&ev))>
                                {move || options.get().into_iter().map(|(v, label)| {
                                    let v2 = v.clone();
                                    view! { <option value=v selected=move || row.get() == v2>{label}</option> }
                                }).collect_view()}
                            </select>
                            <span class="actions">
                                <button type="button" class="button small" aria-label=move || format!("{} {n}", i18n.t(text!(console.routing.move_up_target))) on:click=move |_| move_row(i, true)>"↑"</button>
                                <button type="button" class="button small" aria-label=move || format!("{} {n}", i18n.t(text!(console.routing.move_down_target))) on:click=move |_| move_row(i, false)>"↓"</button>
                                <button type="button" class="button small danger" aria-label=move || format!("{} {n}", i18n.t(text!(console.routing.remove_target)))
                                    on:click=move |_| rows.update(|r| { r.remove(i); })>{move || i18n.t(text!(console.routing.remove))}</button>
                            </span>
                            <p class="field-error" role="alert">{move || error.get()}</p>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <button type="button" class="button small" disabled=move || options.with(Vec::is_empty) on:click=add>
                {move || i18n.t(text!(console.routing.add_target))}
            </button>
        </fieldset>
    }
}
