use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::i18n::use_i18n;

#[component]
pub fn ConsoleHome() -> impl IntoView {
    let i18n = use_i18n();
    let card = move |href: &'static str, title: &'static str, body: &'static str| {
        view! {
            <A href=href attr:class="card card-link">
                <h2>{move || i18n.t(title)}</h2>
                <p class="muted">{move || i18n.t(body)}</p>
            </A>
        }
    };
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t("nav.console"))/>
        <header class="page-header">
            <h1>{move || i18n.t("console.welcome")}</h1>
        </header>
        <p class="muted">{move || i18n.t("console.intro")}</p>
        <div class="card-grid">
            {card("/admin/agents", "nav.agents", "console.agents_card")}
            {card("/admin/groups", "nav.groups", "console.groups_card")}
            {card("/admin/roles", "nav.roles", "console.roles_card")}
        </div>
    }
}
