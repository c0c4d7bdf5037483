//! The admin console (`/admin`): a sidebar of sections, each a list plus an
//! edit form. Sections the caller may not use are hidden here and refused
//! by the server.

mod agents;
mod audit;
mod bot_settings;
mod canned;
mod channel_accounts;
mod customers;
mod fields;
mod groups;
mod home;
mod hours;
mod invitations;
mod kb_form;
mod knowledge_base;
mod leave_message;
mod link_identity;
mod masking;
mod monitor;
mod nav_menu;
pub(crate) mod qa;
mod queue;
mod record_templates;
mod region_sets;
mod reports;
mod roles;
mod routing_conditions;
mod routing_probe;
mod routing_rules;
mod rules;
mod settings_form;
mod shell;
mod survey;
mod tags;
mod transcripts;
mod wechat_content;
mod wechat_menu;
mod widget;

pub use agents::{AgentEditPage, AgentsPage};
pub use audit::AuditLogPage;
pub use bot_settings::BotSettingsPage;
pub use canned::{CannedRepliesEditor, CannedRepliesPage};
pub use channel_accounts::{WechatPage, WeiboPage};
pub use customers::CustomersPage;
pub use fields::FieldsPage;
pub use groups::{GroupEditPage, GroupsPage};
pub use home::ConsoleHome;
pub use invitations::InvitationsPage;
pub use knowledge_base::KnowledgeBasePage;
pub use leave_message::LeaveMessageAdminPage;
pub use masking::MaskingPage;
pub use monitor::MonitorPage;
pub use nav_menu::NavMenuPage;
pub use qa::{QaCandidatesPage, QaPage, QaReviewPage, QaScorePage, QaScorecardsPage};
pub use queue::QueuePage;
pub use record_templates::RecordTemplatesPage;
pub use region_sets::RegionSetsPage;
pub use reports::{AgentWorkPage, ReportsPage, ServiceReportPage, TagReportPage};
pub use roles::{RoleEditPage, RolesPage};
pub use routing_rules::RoutingRulesPage;
pub use rules::AutomationPage;
pub use shell::{ConsoleShell, RedirectToLogin};
pub use survey::SurveyAdminPage;
pub use tags::TagsPage;
pub use transcripts::TranscriptsPage;
pub use widget::WidgetSettingsPage;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use model::AppError;

use crate::i18n::{use_i18n, Text};
use crate::ui::common::{error_message, use_toasts};

/// Title row of a console page with an optional primary action link.
#[component]
pub fn PageHeader(
    title: Text,
    #[prop(optional)] action: Option<(&'static str, Text)>,
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

/// After a successful save: confirm with a toast and return to the list.
pub fn back_to_list_on_save<I, T>(save: Action<I, Result<T, AppError>>, list_href: &'static str)
where
    I: Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    let (i18n, toasts, navigate) = (use_i18n(), use_toasts(), use_navigate());
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            toasts.success(i18n.t(text!(staff.saved)));
            navigate(list_href, Default::default());
        }
    });
}

/// The bottom of an edit form: an error that belongs to no field, then
/// Cancel (back to the list) and Save.
#[component]
pub fn FormFooter<I, T>(
    save: Action<I, Result<T, AppError>>,
    cancel_href: &'static str,
) -> impl IntoView
where
    I: Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let general = move || match save.value().get() {
        Some(Err(AppError::Invalid { .. })) | Some(Ok(_)) | None => None,
        Some(Err(e)) => Some(error_message(&e)),
    };
    view! {
        {move || general().map(|m| view! { <div class="banner banner-error" role="alert">{m}</div> })}
        <div class="form-actions">
            <A href=cancel_href attr:class="button ghost">{move || i18n.t(text!(staff.cancel))}</A>
            <button class="button primary" type="submit" disabled=move || save.pending().get()>
                {move || i18n.t(if save.pending().get() { text!(common.saving) } else { text!(staff.save) })}
            </button>
        </div>
    }
}
