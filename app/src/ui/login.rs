//! The sign-in page. Works without JavaScript (a plain form POST) and, once
//! hydrated, submits in place and shows errors next to the fields.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use model::AppError;

use crate::api::auth::Login;
use crate::i18n::use_i18n;
use crate::ui::common::{error_message, error_text, LangSwitch};

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let result = login.value();
    let error_for = move |field: &'static str| {
        move || match result.get() {
            Some(Err(e)) => e.field_error(field).map(error_text),
            _ => None,
        }
    };
    let general_error = move || match result.get() {
        Some(Err(AppError::Invalid { .. })) | Some(Ok(())) | None => None,
        Some(Err(e)) => Some(error_message(&e)),
    };
    let email_error = error_for("email");
    let password_error = error_for("password");

    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(staff.login.title)))/>
        <main class="login-page">
            <div class="login-card">
                <div class="login-brand">
                    <span class="logo-mark" aria-hidden="true">"S"</span>
                    <span>{move || i18n.t(text!(staff.app.name))}</span>
                </div>
                <h1>{move || i18n.t(text!(staff.login.title))}</h1>
                <p class="muted">{move || i18n.t(text!(staff.login.subtitle))}</p>
                <ActionForm action=login>
                    <input type="hidden" name="next" value=next/>
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
                    {move || general_error().map(|m| view! { <div class="banner banner-error" role="alert">{m}</div> })}
                    <button class="button primary wide" type="submit" disabled=move || login.pending().get()>
                        {move || if login.pending().get() { i18n.t(text!(staff.login.signing_in)) } else { i18n.t(text!(staff.login.submit)) }}
                    </button>
                </ActionForm>
                <div class="login-footer">
                    <LangSwitch/>
                </div>
            </div>
        </main>
    }
}
