//! How a chat reached this agent (P1, P2), beside it in the customer
//! panel: the menu items the visitor picked, the rule that matched, each
//! target it passed over and why, and what routing read of the visitor.

use leptos::prelude::*;
use model::routing::{ConversationRouting, OverflowReason};

use crate::api::routing::get_conversation_routing;
use crate::i18n::{use_i18n, Text};

fn reason_text(reason: OverflowReason) -> Text {
    match reason {
        OverflowReason::NobodyOnline => text!(workbench.routing.nobody_online),
        OverflowReason::AllFull => text!(workbench.routing.all_full),
        OverflowReason::OutsideHours => text!(workbench.routing.outside_hours),
        OverflowReason::Gone => text!(workbench.routing.gone),
    }
}

#[component]
pub fn RoutingFacts(conversation_id: i64) -> impl IntoView {
    let facts = Resource::new(move || conversation_id, get_conversation_routing);
    view! {
        <Transition>
            {move || Suspend::new(async move {
                // Nothing to say (or not allowed to see it): show nothing.
                facts.await.ok().map(|r| view! { <Facts routing=r/> })
            })}
        </Transition>
    }
}

#[component]
fn Facts(routing: ConversationRouting) -> impl IntoView {
    let i18n = use_i18n();
    let d = routing.decision;
    let mut rows: Vec<(Text, String)> = vec![];
    if !d.menu_path.is_empty() {
        rows.push((text!(workbench.routing.menu), d.menu_path.join(" → ")));
    }
    if let Some(rule) = d.rule_name.clone() {
        rows.push((text!(workbench.routing.rule), rule));
    }
    if let Some(target) = d.target_name.clone() {
        rows.push((text!(workbench.routing.target), target));
    } else if d.rule_id.is_some() {
        let default = i18n.t(text!(workbench.routing.link_default)).to_owned();
        rows.push((text!(workbench.routing.target), default));
    }
    let optional = [
        (text!(workbench.routing.region), routing.region),
        (text!(workbench.routing.referrer), routing.referrer),
        (
            text!(workbench.routing.search_engine),
            routing.engine.map(|e| e.name().to_owned()),
        ),
        (text!(workbench.routing.keyword), routing.keyword),
    ];
    rows.extend(
        optional
            .into_iter()
            .filter_map(|(label, v)| v.filter(|v| !v.is_empty()).map(|v| (label, v))),
    );
    let overflow = d.overflow;
    (!rows.is_empty() || !overflow.is_empty()).then(|| view! {
        <section class="routing-facts" aria-label=move || i18n.t(text!(workbench.routing.title))>
            <h3>{move || i18n.t(text!(workbench.routing.title))}</h3>
            <dl>
                {rows.into_iter().map(|(label, value)| view! {
                    <dt>{move || i18n.t(label)}</dt><dd class="break">{value}</dd>
                }).collect_view()}
            </dl>
            {(!overflow.is_empty()).then(|| view! {
                <p class="small strong">{move || i18n.t(text!(workbench.routing.overflow))}</p>
                <ol class="overflow-steps" aria-label=move || i18n.t(text!(workbench.routing.overflow))>
                    {overflow.into_iter().map(|step| view! {
                        <li>{step.name.clone()}": "{move || i18n.t(reason_text(step.reason))}</li>
                    }).collect_view()}
                </ol>
            })}
        </section>
    })
}
