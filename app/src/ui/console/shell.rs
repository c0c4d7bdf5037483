use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};
use leptos_router::hooks::use_location;
use model::{Me, Permission};

use crate::api::auth::{current_user, Logout};
use crate::api::settings::unreadable_settings;
use crate::i18n::use_i18n;
use crate::ui::common::{Avatar, LangSwitch, LoadError, Loading, ToastHost};

/// Sends a signed-out visitor of a protected page to the login page.
#[component]
pub fn RedirectToLogin() -> impl IntoView {
    let location = use_location();
    let next = location.pathname.get_untracked();
    view! { <Redirect path=format!("/login?next={next}")/> }
}

#[component]
pub fn ConsoleShell() -> impl IntoView {
    let me = Resource::new(|| (), |_| current_user());
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => view! { <ConsoleLayout me/> }.into_any(),
                    Ok(None) => view! { <RedirectToLogin/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ConsoleLayout(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    let people = me.can(Permission::ManagePeople);
    let channels = me.can(Permission::ManageChannels);
    let automation = me.can(Permission::ManageAutomation);
    let routing = me.can(Permission::ManageRouting);
    let audit = me.can(Permission::ViewAuditLog);
    let data = me.can(Permission::ManageCustomerData);
    let bot = me.can(Permission::ManageBot);
    let monitoring = me.can(Permission::ViewAllTranscripts);
    let reports = me.can(Permission::ViewReports);
    let qa = me.can(Permission::Qa);
    // Erased apart: one view type for the whole console overflowed the
    // stack of SSR in debug builds.
    let sidebar = view! {
            <aside class="sidebar">
                <div class="brand">
                    <span class="logo-mark" aria-hidden="true">"S"</span>
                    <span>{move || i18n.t(text!(staff.app.name))}</span>
                </div>
                <nav aria-label=move || i18n.t(text!(staff.nav.main))>
                    <A href="/admin" exact=true>{move || i18n.t(text!(console.nav.overview))}</A>
                    <p class="nav-section">{move || i18n.t(text!(console.nav.monitoring))}</p>
                    {monitoring.then(|| view! {
                        <A href="/admin/monitor">{move || i18n.t(text!(console.nav.monitor))}</A>
                    }.into_any())}
                    <A href="/admin/transcripts">{move || i18n.t(text!(console.nav.transcripts))}</A>
                    {reports.then(|| view! {
                        <A href="/admin/reports">{move || i18n.t(text!(console.nav.reports))}</A>
                    }.into_any())}
                    {qa.then(|| view! {
                        <A href="/admin/qa">{move || i18n.t(text!(console.nav.qa))}</A>
                    }.into_any())}
                    {people.then(|| view! {
                        <p class="nav-section">{move || i18n.t(text!(console.nav.people))}</p>
                        <A href="/admin/agents">{move || i18n.t(text!(staff.nav.agents))}</A>
                        <A href="/admin/groups">{move || i18n.t(text!(staff.nav.groups))}</A>
                        <A href="/admin/roles">{move || i18n.t(text!(console.nav.roles))}</A>
                    }.into_any())}
                    {channels.then(|| view! {
                        <p class="nav-section">{move || i18n.t(text!(console.nav.channels))}</p>
                        <A href="/admin/widget">{move || i18n.t(text!(console.nav.widget))}</A>
                        <A href="/admin/channels/wechat">{move || i18n.t(text!(console.nav.wechat))}</A>
                        <A href="/admin/channels/weibo">{move || i18n.t(text!(console.nav.weibo))}</A>
                    }.into_any())}
                    {routing.then(|| view! {
                        <p class="nav-section">{move || i18n.t(text!(console.nav.routing))}</p>
                        <A href="/admin/routing/rules">{move || i18n.t(text!(console.nav.routing_rules))}</A>
                        <A href="/admin/routing/regions">{move || i18n.t(text!(console.nav.region_sets))}</A>
                        <A href="/admin/routing/menu">{move || i18n.t(text!(console.nav.nav_menu))}</A>
                        <A href="/admin/routing/invitations">{move || i18n.t(text!(console.nav.invitations))}</A>
                    }.into_any())}
                    {automation.then(|| view! {
                        <p class="nav-section">{move || i18n.t(text!(console.nav.automation))}</p>
                        <A href="/admin/automation">{move || i18n.t(text!(console.nav.rules))}</A>
                        <A href="/admin/survey">{move || i18n.t(text!(console.nav.survey))}</A>
                        <A href="/admin/leave-message">{move || i18n.t(text!(console.nav.leave_message))}</A>
                        <A href="/admin/queue">{move || i18n.t(text!(console.nav.queue))}</A>
                        <A href="/admin/masking">{move || i18n.t(text!(console.nav.masking))}</A>
                    }.into_any())}
                    {data.then(|| view! {
                        <p class="nav-section">{move || i18n.t(text!(console.nav.data))}</p>
                        <A href="/admin/customers">{move || i18n.t(text!(console.nav.customers))}</A>
                        <A href="/admin/fields">{move || i18n.t(text!(console.nav.fields))}</A>
                        <A href="/admin/record-templates">{move || i18n.t(text!(console.nav.record_templates))}</A>
                        <A href="/admin/tags">{move || i18n.t(text!(console.nav.tags))}</A>
                        <A href="/admin/canned-replies">{move || i18n.t(text!(console.nav.canned_replies))}</A>
                    }.into_any())}
                    {bot.then(|| view! {
                        <p class="nav-section">{move || i18n.t(text!(console.nav.bot))}</p>
                        <A href="/admin/knowledge-base">{move || i18n.t(text!(console.nav.knowledge_base))}</A>
                        <A href="/admin/bot">{move || i18n.t(text!(console.nav.bot_settings))}</A>
                    }.into_any())}
                    {audit.then(|| view! {
                        <p class="nav-section">{move || i18n.t(text!(console.nav.security))}</p>
                        <A href="/admin/audit-log">{move || i18n.t(text!(console.nav.audit_log))}</A>
                    }.into_any())}
                    <p class="nav-section">{move || i18n.t(text!(staff.nav.workbench))}</p>
                    <a href="/workbench" rel="external">{move || i18n.t(text!(staff.nav.workbench))}</a>
                </nav>
                <div class="sidebar-footer">
                    <div class="me">
                        <Avatar name=me.display_name.clone() url=me.avatar_url.clone()/>
                        <div>
                            <div class="me-name">{me.display_name.clone()}</div>
                            <div class="muted small">{me.role_name.clone()}</div>
                        </div>
                    </div>
                    <LangSwitch/>
                    <ActionForm action=logout>
                        <button class="button ghost wide" type="submit">{move || i18n.t(text!(staff.auth.logout))}</button>
                    </ActionForm>
                </div>
            </aside>
    }
    .into_any();
    view! {
        <div class="console">
            {sidebar}
            <main class="console-main">
                <UnreadableSettings/>
                <Outlet/>
            </main>
            <ToastHost/>
        </div>
    }
}

/// A warning when stored settings could not be read (the server logs it
/// and uses the defaults): saving the named page replaces them.
#[component]
fn UnreadableSettings() -> impl IntoView {
    let i18n = use_i18n();
    let keys = Resource::new(|| (), |_| unreadable_settings());
    view! {
        <Transition>
            {move || Suspend::new(async move {
                let keys = keys.await.unwrap_or_default();
                (!keys.is_empty()).then(|| {
                    let names = keys
                        .iter()
                        .map(|k| match k.as_str() {
                            "widget" => text!(console.settings.key.widget),
                            "automation" => text!(console.settings.key.automation),
                            "survey" => text!(console.settings.key.survey),
                            _ => text!(console.settings.key.leave_message),
                        })
                        .collect::<Vec<_>>();
                    view! {
                        <p class="banner banner-warn" role="alert">
                            {move || i18n.t(text!(console.settings.unreadable))} " "
                            {move || names.iter().map(|k| i18n.t(*k)).collect::<Vec<_>>().join(", ")}
                        </p>
                    }
                })
            })}
        </Transition>
    }
}
