//! The root component, routes and the HTML shell.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::i18n::{provide_i18n, use_i18n};
use crate::ui::common::provide_toasts;
use crate::ui::console::{
    AgentEditPage, AgentWorkPage, AgentsPage, AuditLogPage, AutomationPage, BotSettingsPage,
    CannedRepliesPage, ConsoleHome, ConsoleShell, CustomersPage, FieldsPage, GroupEditPage,
    GroupsPage, InvitationsPage, KnowledgeBasePage, LeaveMessageAdminPage, MaskingPage,
    MonitorPage, NavMenuPage, QaCandidatesPage, QaPage, QaReviewPage, QaScorePage,
    QaScorecardsPage, QueuePage, RecordTemplatesPage, RegionSetsPage, ReportsPage, RoleEditPage,
    RolesPage, RoutingRulesPage, ServiceReportPage, SurveyAdminPage, TagReportPage, TagsPage,
    TranscriptsPage, WechatPage, WeiboPage, WidgetSettingsPage,
};
use crate::ui::login::LoginPage;
use crate::ui::widget::WidgetPage;
use crate::ui::workbench::WorkbenchPage;

/// Name of the compiled wasm/js bundle and stylesheet under `/pkg`.
pub const OUTPUT_NAME: &str = "switchboard";
/// The visitor widget's own, much smaller bundle: it hydrates only
/// `WidgetApp`, so the console and workbench never reach a visitor.
pub const WIDGET_OUTPUT_NAME: &str = "widget";

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = crate::i18n::initial_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.tag()>
            <Head options/>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The `<head>` of every page: the bundle and stylesheet named by
/// `options.output_name`.
#[component]
fn Head(options: LeptosOptions) -> impl IntoView {
    let css = format!("/pkg/{}.css", options.output_name);
    #[cfg(feature = "ssr")]
    crate::csp::set_page_policy();
    view! {
        <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <meta name="color-scheme" content="light"/>
            <link rel="stylesheet" href=css/>
            <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
            <HydrationScripts options/>
            <MetaTags/>
        </head>
    }
}

/// The page around the visitor widget (`/chat/{link}`), loading the widget
/// bundle and stylesheet instead of the whole app's.
pub fn widget_shell(options: LeptosOptions) -> impl IntoView {
    let lang = crate::i18n::initial_lang();
    let mut options = options;
    options.output_name = WIDGET_OUTPUT_NAME.into();
    view! {
        <!DOCTYPE html>
        <html lang=lang.tag()>
            <Head options/>
            <body>
                <WidgetApp/>
            </body>
        </html>
    }
}

/// The visitor widget alone: what the widget bundle hydrates. It has a
/// single page, so it reads its address itself instead of using a router.
#[component]
pub fn WidgetApp() -> impl IntoView {
    provide_meta_context();
    provide_i18n();
    provide_toasts();
    view! {
        <Title text="Switchboard"/>
        <WidgetPage/>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_i18n();
    provide_toasts();
    view! {
        <Title text="Switchboard"/>
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=|| view! { <Redirect path="/workbench"/> }/>
                <Route path=path!("/login") view=LoginPage/>
                <Route path=path!("/workbench") view=WorkbenchPage/>
                <Route path=path!("/chat/:link") view=WidgetPage/>
                <ParentRoute path=path!("/admin") view=ConsoleShell>
                    <Route path=path!("") view=ConsoleHome/>
                    <Route path=path!("agents") view=AgentsPage/>
                    <Route path=path!("agents/new") view=AgentEditPage/>
                    <Route path=path!("agents/:id") view=AgentEditPage/>
                    <Route path=path!("groups") view=GroupsPage/>
                    <Route path=path!("groups/new") view=GroupEditPage/>
                    <Route path=path!("groups/:id") view=GroupEditPage/>
                    <Route path=path!("widget") view=WidgetSettingsPage/>
                    <Route path=path!("channels/wechat") view=WechatPage/>
                    <Route path=path!("channels/weibo") view=WeiboPage/>
                    <Route path=path!("automation") view=AutomationPage/>
                    <Route path=path!("survey") view=SurveyAdminPage/>
                    <Route path=path!("leave-message") view=LeaveMessageAdminPage/>
                    <Route path=path!("queue") view=QueuePage/>
                    <Route path=path!("masking") view=MaskingPage/>
                    <Route path=path!("monitor") view=MonitorPage/>
                    <Route path=path!("transcripts") view=TranscriptsPage/>
                    <Route path=path!("reports") view=ReportsPage/>
                    <Route path=path!("reports/service") view=ServiceReportPage/>
                    <Route path=path!("reports/agents") view=AgentWorkPage/>
                    <Route path=path!("reports/tags") view=TagReportPage/>
                    <Route path=path!("qa") view=QaPage/>
                    <Route path=path!("qa/candidates") view=QaCandidatesPage/>
                    <Route path=path!("qa/scorecards") view=QaScorecardsPage/>
                    <Route path=path!("qa/score/:id") view=QaScorePage/>
                    <Route path=path!("qa/reviews/:id") view=QaReviewPage/>
                    <Route path=path!("roles") view=RolesPage/>
                    <Route path=path!("roles/new") view=RoleEditPage/>
                    <Route path=path!("roles/:id") view=RoleEditPage/>
                    <Route path=path!("audit-log") view=AuditLogPage/>
                    <Route path=path!("fields") view=FieldsPage/>
                    <Route path=path!("customers") view=CustomersPage/>
                    <Route path=path!("record-templates") view=RecordTemplatesPage/>
                    <Route path=path!("tags") view=TagsPage/>
                    <Route path=path!("routing/menu") view=NavMenuPage/>
                    <Route path=path!("routing/rules") view=RoutingRulesPage/>
                    <Route path=path!("routing/regions") view=RegionSetsPage/>
                    <Route path=path!("routing/invitations") view=InvitationsPage/>
                    <Route path=path!("canned-replies") view=CannedRepliesPage/>
                    <Route path=path!("knowledge-base") view=KnowledgeBasePage/>
                    <Route path=path!("bot") view=BotSettingsPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="empty-state">
            <h1>{move || i18n.t(text!(common.err.page_not_found))}</h1>
            <a href="/" class="button">{move || i18n.t(text!(common.back))}</a>
        </main>
    }
}
