//! Console → Automation → Sensitive data (R8): the rules, a test box, the
//! daily schedule, "Run now" with its progress, and the run log.

use leptos::prelude::*;
use leptos_meta::Title;
use model::masking::{
    MaskMode, MaskPattern, MaskRule, MaskRuleInput, MaskRun, MaskRunState, MaskSchedule,
};

use super::settings_form::{toast_result, toast_then, SaveButton};
use super::PageHeader;
use crate::api::masking::{
    delete_mask_rule, get_mask_schedule, list_mask_rules, list_mask_runs, preview_masking,
    run_masking_now, save_mask_rule, save_mask_schedule,
};
use crate::i18n::{use_i18n, Text};
use crate::ui::common::{
    date_time, error_message, field_error, use_toasts, CheckboxField, LoadError, Loading,
    SelectField, TextAreaField, TextField,
};

pub fn pattern_label(p: MaskPattern) -> Text {
    match p {
        MaskPattern::BankCard => text!(console.masking.patterns.bank_card),
        MaskPattern::IdCard => text!(console.masking.patterns.id_card),
        MaskPattern::Mobile => text!(console.masking.patterns.mobile),
        MaskPattern::Email => text!(console.masking.patterns.email),
        MaskPattern::Password => text!(console.masking.patterns.password),
        MaskPattern::Custom => text!(console.masking.patterns.custom),
    }
}

pub fn mode_label(m: MaskMode) -> Text {
    match m {
        MaskMode::All => text!(console.masking.modes.all),
        MaskMode::KeepLast4 => text!(console.masking.modes.keep_last4),
        MaskMode::KeepFirstLast => text!(console.masking.modes.keep_first_last),
    }
}

#[component]
pub fn MaskingPage() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let changed = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.masking.title)))/>
        <PageHeader title=text!(console.masking.title)/>
        <p class="muted">{move || i18n.t(text!(console.masking.intro))}</p>
        <RulesSection version changed/>
        <TestBox version/>
        <ScheduleForm/>
        <RunsSection/>
    }
}

#[component]
fn RulesSection(version: RwSignal<u32>, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let list = Resource::new(move || version.get(), |_| list_mask_rules());
    let editing = RwSignal::new(None::<MaskRule>);
    let remove = Action::new(|id: &i32| delete_mask_rule(*id));
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => {
            toasts.success(i18n.t(text!(console.deleted)));
            changed.run(());
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let on_saved = Callback::new(move |()| {
        editing.set(None);
        changed.run(());
    });
    view! {
        <section class="card" aria-labelledby="masking-rules">
            <h2 id="masking-rules">{move || i18n.t(text!(console.masking.rules))}</h2>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(error) => view! { <LoadError error/> }.into_any(),
                        Ok(rules) if rules.is_empty() => view! {
                            <p class="muted">{move || i18n.t(text!(console.masking.no_rules))}</p>
                        }.into_any(),
                        Ok(rules) => view! {
                            <div class="table-wrap">
                                <table class="table">
                                    <thead><tr>
                                        <th>{move || i18n.t(text!(console.masking.name))}</th>
                                        <th>{move || i18n.t(text!(console.masking.pattern))}</th>
                                        <th>{move || i18n.t(text!(console.masking.mode))}</th>
                                        <th>{move || i18n.t(text!(console.masking.enabled))}</th>
                                        <th><span class="sr-only">{move || i18n.t(text!(console.actions))}</span></th>
                                    </tr></thead>
                                    <tbody>
                                        {rules.into_iter().map(|r| rule_row(r, editing, remove)).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                    }
                })}
            </Transition>
            {move || view! { <RuleForm rule=editing.get() on_saved/> }}
        </section>
    }
}

fn rule_row(
    r: MaskRule,
    editing: RwSignal<Option<MaskRule>>,
    remove: Action<i32, Result<(), model::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (id, edit, name) = (r.id, r.clone(), r.name.clone());
    let name2 = name.clone();
    let pattern = pattern_label(r.pattern);
    let mode = mode_label(r.mode);
    let custom = (r.pattern == MaskPattern::Custom).then(|| r.regex.clone());
    view! {
        <tr>
            <td class="strong">{r.name.clone()}</td>
            <td>{move || i18n.t(pattern)} {custom.map(|re| view! { " " <code>{re}</code> })}</td>
            <td>{move || i18n.t(mode)}</td>
            <td>{move || i18n.t(if r.enabled { text!(console.yes) } else { text!(console.no) })}</td>
            <td class="actions">
                <button class="button small" type="button" aria-label=format!("{} {name}", i18n.t(text!(console.edit)))
                    on:click=move |_| editing.set(Some(edit.clone()))>{move || i18n.t(text!(console.edit))}</button>
                <button class="button small danger" type="button" aria-label=format!("{} {name2}", i18n.t(text!(console.delete)))
                    on:click=move |_| { remove.dispatch(id); }>{move || i18n.t(text!(console.delete))}</button>
            </td>
        </tr>
    }
}

#[component]
fn RuleForm(rule: Option<MaskRule>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = rule.as_ref().map(|r| r.id);
    let r = rule.unwrap_or(MaskRule {
        id: 0,
        name: String::new(),
        pattern: MaskPattern::BankCard,
        regex: String::new(),
        mode: MaskMode::KeepLast4,
        enabled: true,
    });
    let name = RwSignal::new(r.name);
    let pattern = RwSignal::new(r.pattern.key().to_owned());
    let regex = RwSignal::new(r.regex);
    let mode = RwSignal::new(r.mode.key().to_owned());
    let enabled = RwSignal::new(r.enabled);
    let save = Action::new(move |input: &MaskRuleInput| {
        let input = input.clone();
        async move { save_mask_rule(id, input).await }
    });
    toast_then(save, on_saved);
    let result = move || save.value().get();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(MaskRuleInput {
            name: name.get_untracked(),
            pattern: MaskPattern::from_key(&pattern.get_untracked()).unwrap_or_default(),
            regex: regex.get_untracked(),
            mode: MaskMode::from_key(&mode.get_untracked()).unwrap_or_default(),
            enabled: enabled.get_untracked(),
        });
    };
    let t = move |k| Signal::derive(move || i18n.t(k));
    let heading = if id.is_some() {
        text!(console.masking.edit_rule)
    } else {
        text!(console.masking.new_rule)
    };
    let patterns = MaskPattern::ALL
        .iter()
        .map(|p| (p.key(), pattern_label(*p)))
        .collect::<Vec<_>>();
    let modes = MaskMode::ALL
        .iter()
        .map(|m| (m.key(), mode_label(*m)))
        .collect::<Vec<_>>();
    let custom = move || pattern.get() == MaskPattern::Custom.key();
    view! {
        <form class="form" on:submit=submit novalidate aria-label=move || i18n.t(heading)>
            <h3>{move || i18n.t(heading)}</h3>
            <div class="form-grid">
                <TextField id="mask-rule-name" label=t(text!(console.masking.name)) value=name required=true error=field_error(result, "name")/>
                <SelectField id="mask-rule-pattern" label=text!(console.masking.pattern) value=pattern options=patterns/>
                <SelectField id="mask-rule-mode" label=text!(console.masking.mode) value=mode options=modes/>
            </div>
            <Show when=custom>
                <TextField id="mask-rule-regex" label=t(text!(console.masking.regex)) value=regex required=true
                    hint=t(text!(console.masking.regex_hint)) error=field_error(result, "regex")/>
            </Show>
            <CheckboxField id="mask-rule-enabled" label=Signal::derive(move || i18n.t(text!(console.masking.enabled)).to_owned()) checked=enabled/>
            <SaveButton save cancel=id.map(|_| on_saved)/>
        </form>
    }
}

/// What a sample becomes under the enabled rules.
#[component]
fn TestBox(version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let sample = RwSignal::new(String::new());
    let test = Action::new(|sample: &String| preview_masking(sample.clone(), None));
    // A changed rule makes the last result stale.
    Effect::new(move |prev: Option<u32>| {
        let v = version.get();
        if prev.is_some_and(|p| p != v) && !sample.get_untracked().is_empty() {
            test.dispatch(sample.get_untracked());
        }
        v
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = test.value().get() {
            toasts.error(error_message(&e));
        }
    });
    let t = move |k| Signal::derive(move || i18n.t(k));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        test.dispatch(sample.get_untracked());
    };
    view! {
        <section class="card" aria-labelledby="masking-test">
            <h2 id="masking-test">{move || i18n.t(text!(console.masking.test))}</h2>
            <form class="form" on:submit=submit novalidate>
                <TextAreaField id="mask-sample" label=t(text!(console.masking.sample)) value=sample rows=3/>
                <div class="form-actions">
                    <button class="button" type="submit" disabled=move || test.pending().get()>{move || i18n.t(text!(console.masking.try_it))}</button>
                </div>
            </form>
            {move || test.value().get().and_then(Result::ok).map(|p| view! {
                <div class="masking-result">
                    <p class="small muted">{move || leptos_i18n::td_string!(i18n.staff(), console.masking.replaced, n = p.replaced)}</p>
                    <output class="break" aria-label=move || i18n.t(text!(console.masking.result))>{p.text.clone()}</output>
                </div>
            })}
        </section>
    }
}

#[component]
fn ScheduleForm() -> impl IntoView {
    let i18n = use_i18n();
    let stored = Resource::new(|| (), |_| get_mask_schedule());
    view! {
        <section class="card" aria-labelledby="masking-schedule">
            <h2 id="masking-schedule">{move || i18n.t(text!(console.masking.schedule))}</h2>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match stored.await {
                        Err(error) => view! { <LoadError error/> }.into_any(),
                        Ok(s) => view! { <ScheduleFields schedule=s/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// UTC offsets a team may be in, every half hour.
fn offsets() -> impl Iterator<Item = i32> {
    (-24..=28).map(|h| h * 30)
}

fn offset_label(mins: i32) -> String {
    let sign = if mins < 0 { '-' } else { '+' };
    let m = mins.abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

#[component]
fn ScheduleFields(schedule: MaskSchedule) -> impl IntoView {
    let i18n = use_i18n();
    let enabled = RwSignal::new(schedule.enabled);
    let time = RwSignal::new(schedule.time);
    let offset = RwSignal::new(schedule.utc_offset_mins);
    let save = Action::new(|s: &MaskSchedule| save_mask_schedule(s.clone()));
    toast_result(save);
    let result = move || save.value().get();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(MaskSchedule {
            enabled: enabled.get_untracked(),
            time: time.get_untracked(),
            utc_offset_mins: offset.get_untracked(),
        });
    };
    let t = move |k| Signal::derive(move || i18n.t(k));
    view! {
        <form class="form" on:submit=submit novalidate aria-label=move || i18n.t(text!(console.masking.schedule))>
            <CheckboxField id="mask-schedule-enabled" label=Signal::derive(move || i18n.t(text!(console.masking.daily)).to_owned()) checked=enabled/>
            <div class="form-grid">
                <TextField id="mask-schedule-time" label=t(text!(console.masking.time)) value=time input_type="time" error=field_error(result, "time")/>
                <div class="field">
                    <label for="mask-schedule-offset">{move || i18n.t(text!(console.masking.time_zone))}</label>
                    <select id="mask-schedule-offset" on:change=move |ev| {
                        if let Ok(m) = event_target_value(&ev).parse() { offset.set(m) }
                    }>
                        {offsets().map(|m| view! {
                            <option value=m.to_string() selected=move || offset.get() == m>{offset_label(m)}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <p class="hint">{move || i18n.t(text!(console.masking.schedule_hint))}</p>
            <SaveButton save/>
        </form>
    }
}

#[component]
fn RunsSection() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let runs = Resource::new(|| (), |_| list_mask_runs());
    let running = RwSignal::new(false);
    let start = Action::new(|(): &()| run_masking_now());
    Effect::new(move |_| match start.value().get() {
        Some(Ok(_)) => {
            running.set(true);
            runs.refetch();
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    // While a run goes, its progress is read every second.
    #[cfg(feature = "hydrate")]
    {
        let handle = set_interval_with_handle(
            move || {
                if running.get_untracked() {
                    runs.refetch();
                }
            },
            std::time::Duration::from_secs(1),
        );
        on_cleanup(move || {
            if let Ok(h) = handle {
                h.clear();
            }
        });
    }
    view! {
        <section class="card" aria-labelledby="masking-runs">
            <div class="section-head">
                <h2 id="masking-runs">{move || i18n.t(text!(console.masking.runs))}</h2>
                <button class="button primary" type="button" disabled=move || start.pending().get() || running.get()
                    on:click=move |_| { start.dispatch(()); }>{move || i18n.t(text!(console.masking.run_now))}</button>
            </div>
            <p class="hint">{move || i18n.t(text!(console.masking.irreversible))}</p>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match runs.await {
                        Err(error) => view! { <LoadError error/> }.into_any(),
                        Ok(list) => {
                            running.set(list.iter().any(|r| r.state == MaskRunState::Running));
                            view! { <RunLog list/> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RunLog(list: Vec<MaskRun>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="muted">{move || i18n.t(text!(console.masking.no_runs))}</p> }
            .into_any();
    }
    let current = list
        .iter()
        .find(|r| r.state == MaskRunState::Running)
        .cloned();
    view! {
        {current.map(|r| {
            let pct = r.percent();
            view! {
                <div class="progress-block">
                    <progress max="100" value=pct.to_string() aria-label=move || i18n.t(text!(console.masking.progress))></progress>
                    <span class="small muted">{move || leptos_i18n::td_string!(i18n.staff(), console.masking.progress_of, done = r.done, total = r.total)}</span>
                </div>
            }
        })}
        <div class="table-wrap">
            <table class="table" aria-label=move || i18n.t(text!(console.masking.log))>
                <thead><tr>
                    <th>{move || i18n.t(text!(console.masking.started))}</th>
                    <th>{move || i18n.t(text!(console.masking.by))}</th>
                    <th>{move || i18n.t(text!(console.masking.rules))}</th>
                    <th>{move || i18n.t(text!(console.masking.state))}</th>
                    <th>{move || i18n.t(text!(console.masking.conversations_changed))}</th>
                    <th>{move || i18n.t(text!(console.masking.messages_changed))}</th>
                    <th>{move || i18n.t(text!(console.masking.duration))}</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(run_row).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn run_row(r: MaskRun) -> impl IntoView {
    let i18n = use_i18n();
    let state = match r.state {
        MaskRunState::Running => text!(console.masking.states.running),
        MaskRunState::Done => text!(console.masking.states.done),
        MaskRunState::Failed => text!(console.masking.states.failed),
    };
    let by = r.started_by.clone();
    let duration = r
        .duration_ms
        .map(|ms| format!("{:.1} s", ms as f64 / 1000.0))
        .unwrap_or_else(|| "—".into());
    view! {
        <tr>
            <td>{date_time(r.started_at)}</td>
            <td>{move || by.clone().unwrap_or_else(|| i18n.t(text!(console.masking.by_schedule)).to_owned())}</td>
            <td>{r.rules.join(", ")}</td>
            <td title=r.error.clone().unwrap_or_default()>{move || i18n.t(state)}</td>
            <td>{r.conversations_changed}</td>
            <td>{r.messages_changed}</td>
            <td>{duration}</td>
        </tr>
    }
}
