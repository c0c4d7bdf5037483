//! The sign-in page. Works without JavaScript for a password sign-in (a
//! plain form POST) and, once hydrated, submits in place, shows errors next
//! to the fields and walks through the second factor: the code from an
//! authenticator app, or its setup when the role requires it, then the
//! recovery codes once.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use model::two_factor::{LoginOutcome, TwoFactorSetup};
use model::AppError;

use crate::api::auth::Login;
use crate::i18n::use_i18n;
use crate::ui::common::{error_message, error_text, LangSwitch};
use crate::ui::two_factor::{QrCode, RecoveryCodeList};

/// How far this sign-in has come; kept when a later attempt fails, so a
/// wrong code leaves the code field on screen.
#[derive(Clone, PartialEq)]
enum Stage {
    Password,
    Code,
    Setup(TwoFactorSetup),
    Enrolled(Vec<String>, String),
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let result = login.value();
    let stage = RwSignal::new(Stage::Password);
    Effect::new(move |_| {
        let new = match result.get() {
            Some(Ok(LoginOutcome::CodeRequired)) => Stage::Code,
            Some(Ok(LoginOutcome::SetupRequired { setup })) => Stage::Setup(setup),
            Some(Ok(LoginOutcome::Enrolled {
                recovery_codes,
                next,
            })) => Stage::Enrolled(recovery_codes, next),
            _ => return,
        };
        stage.set(new);
    });
    let error_for = move |field: &'static str| {
        move || match result.get() {
            Some(Err(e)) => e.field_error(field).map(error_text),
            _ => None,
        }
    };
    let general_error = move || match result.get() {
        Some(Err(AppError::Invalid { .. })) | Some(Ok(_)) | None => None,
        Some(Err(e)) => Some(error_message(&e)),
    };
    let email_error = error_for("email");
    let password_error = error_for("password");
    let code_error = error_for("code");
    let asks_code = move || matches!(stage.get(), Stage::Code | Stage::Setup(_));

    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(staff.login.title)))/>
        <main class="login-page">
            <div class="login-card">
                <div class="login-brand">
                    <span class="logo-mark" aria-hidden="true">"S"</span>
                    <span>{move || i18n.t(text!(staff.app.name))}</span>
                </div>
                {move || match stage.get() {
                    Stage::Enrolled(codes, next) => view! { <Enrolled codes next/> }.into_any(),
                    _ => ().into_any(),
                }}
                <div class:hidden=move || matches!(stage.get(), Stage::Enrolled(..))>
                <h1>{move || i18n.t(match stage.get() {
                    Stage::Code => text!(staff.login.code_title),
                    Stage::Setup(_) => text!(staff.login.setup_title),
                    _ => text!(staff.login.title),
                })}</h1>
                <p class="muted">{move || i18n.t(match stage.get() {
                    Stage::Code => text!(staff.login.code_intro),
                    Stage::Setup(_) => text!(staff.login.setup_intro),
                    _ => text!(staff.login.subtitle),
                })}</p>
                {move || match stage.get() {
                    Stage::Setup(setup) => view! {
                        <QrCode svg=setup.qr_svg.clone()/>
                        <p class="small">{move || i18n.t(text!(staff.two_factor.type_secret))} " " <code class="secret" aria-label=move || i18n.t(text!(staff.two_factor.secret))>{setup.secret.clone()}</code></p>
                    }.into_any(),
                    _ => ().into_any(),
                }}
                <ActionForm action=login>
                    <input type="hidden" name="next" value=next/>
                    <div class:hidden=asks_code>
                        <div class="field" class:has-error=move || email_error().is_some()>
                            <label for="login-email">{move || i18n.t(text!(staff.login.email))}</label>
                            <input
                                id="login-email"
                                name="email"
                                type="email"
                                autocomplete="username"
                                required
                                aria-invalid=move || email_error().is_some().to_string()
                                aria-describedby="login-email-error"
                            />
                            <p class="field-error" id="login-email-error" role="alert">{email_error}</p>
                        </div>
                        <div class="field" class:has-error=move || password_error().is_some()>
                            <label for="login-password">{move || i18n.t(text!(staff.login.password))}</label>
                            <input
                                id="login-password"
                                name="password"
                                type="password"
                                autocomplete="current-password"
                                required
                                aria-invalid=move || password_error().is_some().to_string()
                                aria-describedby="login-password-error"
                            />
                            <p class="field-error" id="login-password-error" role="alert">{password_error}</p>
                        </div>
                    </div>
                    {move || asks_code().then(|| view! {
                        <div class="field" class:has-error=move || code_error().is_some()>
                            <label for="login-code">{move || i18n.t(text!(staff.login.code))}</label>
                            <input
                                id="login-code"
                                name="code"
                                type="text"
                                inputmode="numeric"
                                autocomplete="one-time-code"
                                required
                                autofocus
                                aria-invalid=move || code_error().is_some().to_string()
                                aria-describedby="login-code-hint login-code-error"
                            />
                            <p class="muted small" id="login-code-hint">{move || i18n.t(text!(staff.login.code_hint))}</p>
                            <p class="field-error" id="login-code-error" role="alert">{code_error}</p>
                        </div>
                    })}
                    {move || general_error().map(|m| view! { <div class="banner banner-error" role="alert">{m}</div> })}
                    <button class="button primary wide" type="submit" disabled=move || login.pending().get()>
                        {move || if login.pending().get() { i18n.t(text!(staff.login.signing_in)) } else { i18n.t(if asks_code() { text!(staff.login.verify) } else { text!(staff.login.submit) }) }}
                    </button>
                </ActionForm>
                {move || asks_code().then(|| view! {
                    <button class="button ghost wide" type="button" on:click=move |_| stage.set(Stage::Password)>
                        {move || i18n.t(text!(staff.login.other_account))}
                    </button>
                })}
                </div>
                <div class="login-footer">
                    <LangSwitch/>
                </div>
            </div>
        </main>
    }
}

/// Set up during this sign-in: the recovery codes, once, then on.
#[component]
fn Enrolled(codes: Vec<String>, next: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{move || i18n.t(text!(staff.two_factor.enrolled_title))}</h1>
        <RecoveryCodeList codes/>
        <a class="button primary wide" href=next rel="external">{move || i18n.t(text!(staff.two_factor.go_on))}</a>
    }
}
