use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::i18n::{use_i18n, Text};

#[component]
pub fn ConsoleHome() -> impl IntoView {
    let i18n = use_i18n();
    let card = move |href: &'static str, title: Text, body: Text| {
        view! {
            <A href=href attr:class="card card-link">
                <h2>{move || i18n.t(title)}</h2>
                <p class="muted">{move || i18n.t(body)}</p>
            </A>
        }
    };
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(staff.nav.console)))/>
        <header class="page-header">
            <h1>{move || i18n.t(text!(console.welcome))}</h1>
        </header>
        <p class="muted">{move || i18n.t(text!(console.intro))}</p>
        <div class="card-grid">
            {card("/admin/agents", text!(staff.nav.agents), text!(console.agents_card))}
            {card("/admin/groups", text!(staff.nav.groups), text!(console.groups_card))}
            {card("/admin/roles", text!(console.nav.roles), text!(console.roles_card))}
        </div>
    }
}
