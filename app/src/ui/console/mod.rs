//! The admin console (`/admin`): a sidebar of sections, each a list plus an
//! edit form. Sections the caller may not use are hidden here and refused
//! by the server.

mod agents;
mod groups;
mod home;
mod roles;
mod shell;

pub use agents::{AgentEditPage, AgentsPage};
pub use groups::{GroupEditPage, GroupsPage};
pub use home::ConsoleHome;
pub use roles::{RoleEditPage, RolesPage};
pub use shell::{ConsoleShell, RedirectToLogin};

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_i18n;

/// Title row of a console page with an optional primary action link.
#[component]
pub fn PageHeader(
    title: &'static str,
    #[prop(optional)] action: Option<(&'static str, &'static str)>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="page-header">
            <h1>{move || i18n.t(title)}</h1>
            {action.map(|(href, label)| view! {
                <A href=href attr:class="button primary">{move || i18n.t(label)}</A>
            })}
        </header>
    }
}

/// Parse an optional whole number typed into a field: `Some(None)` when
/// empty, `None` when it is not a whole number.
pub fn parse_optional_int(text: &str) -> Option<Option<i32>> {
    let text = text.trim();
    if text.is_empty() {
        Some(None)
    } else {
        text.parse().ok().map(Some)
    }
}
