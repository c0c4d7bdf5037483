//! The rules page's tester (P2): made-up visitor facts in, and what
//! routing would do with them now: what it read (region, referrer, search
//! engine and words), the rule that matched, the target that would take the
//! chat and each target passed over, with why.

use leptos::prelude::*;
use model::routing::{
    OverflowReason, OverflowStep, RoutingChoices, RoutingDecision, RoutingProbe, RoutingProbeResult,
};
use model::AppError;

use super::routing_conditions::{channel_text, CHANNELS};
use super::routing_rules::target_label;
use crate::api::routing::probe_routing;
use crate::i18n::{use_i18n, I18n, Text};
use crate::ui::common::{error_message, field_error, TextField};

fn reason_text(reason: OverflowReason) -> Text {
    match reason {
        OverflowReason::NobodyOnline => text!(console.routing.reason_nobody_online),
        OverflowReason::AllFull => text!(console.routing.reason_all_full),
        OverflowReason::OutsideHours => text!(console.routing.reason_outside_hours),
        OverflowReason::Gone => text!(console.routing.reason_gone),
    }
}

#[component]
pub(super) fn RoutingTester(choices: StoredValue<RoutingChoices>) -> impl IntoView {
    let i18n = use_i18n();
    let ip = RwSignal::new(String::new());
    let referrer = RwSignal::new(String::new());
    let landing = RwSignal::new(String::new());
    let channel = RwSignal::new("web".to_owned());
    let tags = RwSignal::new(Vec::<i32>::new());
    let probe = Action::new(|p: &RoutingProbe| probe_routing(p.clone()));
    let result = move || probe.value().get();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        probe.dispatch(RoutingProbe {
            ip: ip.get_untracked(),
            referrer: referrer.get_untracked(),
            landing_url: landing.get_untracked(),
            channel: channel.get_untracked(),
            tag_ids: tags.get_untracked(),
        });
    };
    let tag_choices = choices.with_value(|c| c.tags.clone());
    view! {
        <section class="card routing-tester" aria-labelledby="probe-h">
            <h2 id="probe-h">{move || i18n.t(text!(console.routing.test_title))}</h2>
            <p class="muted small">{move || i18n.t(text!(console.routing.test_intro))}</p>
            <form class="form" on:submit=submit novalidate aria-label=move || i18n.t(text!(console.routing.test_title))>
                <div class="form-grid">
                    <TextField id="probe-ip" label=Signal::derive(move || i18n.t(text!(console.routing.probe_ip))) value=ip error=field_error(result, "ip")/>
                    <div class="field">
                        <label for="probe-channel">{move || i18n.t(text!(console.routing.probe_channel))}</label>
                        <select id="probe-channel" on:change=move |ev| channel.set(event_target_value(&ev))>
                            {CHANNELS.into_iter().map(|ch| view! {
                                <option value=ch selected=move || channel.get() == ch>{move || i18n.t(channel_text(ch))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <TextField id="probe-referrer" label=Signal::derive(move || i18n.t(text!(console.routing.probe_referrer))) value=referrer input_type="url" error=field_error(result, "referrer")/>
                    <TextField id="probe-landing" label=Signal::derive(move || i18n.t(text!(console.routing.probe_landing))) value=landing input_type="url" error=field_error(result, "landing_url")/>
                </div>
                {(!tag_choices.is_empty()).then(|| view! {
                    <fieldset class="check-group">
                        <legend>{move || i18n.t(text!(console.routing.customer_tags))}</legend>
                        <div class="check-list">
                            {tag_choices.into_iter().map(|(id, name)| view! { <TagCheck id name tags/> }).collect_view()}
                        </div>
                    </fieldset>
                })}
                <div class="form-actions start">
                    <button class="button primary" type="submit" disabled=move || probe.pending().get()>{move || i18n.t(text!(console.routing.test))}</button>
                </div>
            </form>
            <div class="probe-result" role="status" aria-label=move || i18n.t(text!(console.routing.test_result))>
                {move || probe.value().get().map(|outcome| match outcome {
                    Ok(r) => view! { <ProbeAnswer result=r/> }.into_any(),
                    Err(AppError::Invalid { .. }) => ().into_any(),
                    Err(e) => view! { <p class="banner banner-error">{error_message(&e)}</p> }.into_any(),
                })}
            </div>
        </section>
    }
}

#[component]
fn TagCheck(id: i32, name: String, tags: RwSignal<Vec<i32>>) -> impl IntoView {
    let input_id = format!("probe-tag-{id}");
    view! {
        <div class="check">
            <input id=input_id.clone() type="checkbox" prop:checked=move || tags.with(|t| t.contains(&id))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    tags.update(|t| { t.retain(|x| *x != id); if on { t.push(id); } });
                }/>
            <label for=input_id>{name}</label>
        </div>
    }
}

/// The target that took it, or why none did.
fn outcome_text(i18n: I18n, d: &RoutingDecision) -> String {
    match (&d.rule_name, d.target) {
        (_, Some(t)) => target_label(i18n, t, d.target_name.as_deref()),
        (Some(_), None) => i18n
            .t(text!(console.routing.result_all_overflowed))
            .to_owned(),
        (None, None) => i18n.t(text!(console.routing.result_link_target)).to_owned(),
    }
}

#[component]
fn ProbeAnswer(result: RoutingProbeResult) -> impl IntoView {
    let i18n = use_i18n();
    let dash = || "—".to_owned();
    let region = Some(result.region.clone()).filter(|r| !r.is_empty());
    let region = StoredValue::new(region);
    let domain = result.referrer_domain.clone().unwrap_or_else(dash);
    let engine = result.engine.map_or_else(dash, |e| e.name().to_owned());
    let keyword = result.keyword.clone().unwrap_or_else(dash);
    let decision = StoredValue::new(result.decision.clone());
    let rule = move || {
        decision.with_value(|d| match &d.rule_name {
            Some(name) => name.clone(),
            None => i18n.t(text!(console.routing.result_no_rule)).to_owned(),
        })
    };
    let steps: Vec<OverflowStep> = result.decision.overflow.clone();
    view! {
        <dl class="probe-facts">
            <dt>{move || i18n.t(text!(console.routing.result_region))}</dt>
            <dd>{move || region.get_value().unwrap_or_else(|| i18n.t(text!(console.routing.result_unknown)).to_owned())}</dd>
            <dt>{move || i18n.t(text!(console.routing.result_referrer))}</dt>
            <dd>{domain}</dd>
            <dt>{move || i18n.t(text!(console.routing.result_engine))}</dt>
            <dd>{engine}</dd>
            <dt>{move || i18n.t(text!(console.routing.result_keyword))}</dt>
            <dd>{keyword}</dd>
            <dt>{move || i18n.t(text!(console.routing.result_rule))}</dt>
            <dd class="strong">{rule}</dd>
            <dt>{move || i18n.t(text!(console.routing.result_target))}</dt>
            <dd>{move || decision.with_value(|d| outcome_text(i18n, d))}</dd>
        </dl>
        {(!steps.is_empty()).then(|| view! {
            <h3 class="small">{move || i18n.t(text!(console.routing.result_overflow))}</h3>
            <ol class="probe-steps">
                {steps.into_iter().map(|s| {
                    let (target, name, reason) = (s.target, s.name.clone(), s.reason);
                    view! { <li>{move || format!("{} — {}", target_label(i18n, target, Some(&name)), i18n.t(reason_text(reason)))}</li> }
                }).collect_view()}
            </ol>
        })}
    }
}
