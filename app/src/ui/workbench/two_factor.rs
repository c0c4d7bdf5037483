//! "Two-factor sign-in" in the workbench settings: turn it on (scan, type
//! a first code, keep the recovery codes), make new recovery codes or turn
//! it off with the password.

use leptos::prelude::*;
use model::two_factor::{RecoveryCodes, TwoFactorSetup, TwoFactorStatus};
use model::AppError;

use crate::api::two_factor::{
    begin_two_factor, confirm_two_factor, disable_two_factor, my_two_factor, new_recovery_codes,
};
use crate::i18n::use_i18n;
use crate::ui::common::{error_message, field_error, use_toasts, TextField};
use crate::ui::two_factor::{QrCode, RecoveryCodeList};

#[component]
pub fn TwoFactorCard() -> impl IntoView {
    let i18n = use_i18n();
    let status = Resource::new(|| (), |_| my_two_factor());
    // Codes just made, shown until the card is reloaded.
    let fresh = RwSignal::new(None::<Vec<String>>);
    let changed = Callback::new(move |codes: Option<Vec<String>>| {
        fresh.set(codes);
        status.refetch();
    });
    view! {
        <section class="two-factor" aria-labelledby="two-factor-heading">
            <h3 id="two-factor-heading">{move || i18n.t(text!(staff.two_factor.title))}</h3>
            {move || fresh.get().map(|codes| view! { <RecoveryCodeList codes/> })}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(s) if s.enabled => view! { <Enabled status=s changed/> }.into_any(),
                        Ok(s) => view! { <TurnOn required=s.required changed/> }.into_any(),
                        Err(e) => view! { <p class="muted small">{error_message(&e)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TurnOn(required: bool, changed: Callback<Option<Vec<String>>>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let setup = RwSignal::new(None::<TwoFactorSetup>);
    let code = RwSignal::new(String::new());
    let begin = Action::new(|_: &()| begin_two_factor());
    Effect::new(move |_| match begin.value().get() {
        Some(Ok(s)) => setup.set(Some(s)),
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let confirm = Action::new(|code: &String| {
        let code = code.clone();
        async move { confirm_two_factor(code).await }
    });
    let result = move || confirm.value().get();
    Effect::new(move |_| {
        if let Some(Ok(RecoveryCodes { codes })) = confirm.value().get() {
            toasts.success(i18n.t(text!(staff.two_factor.turned_on)));
            changed.run(Some(codes));
        }
    });
    view! {
        <p class="muted small">{move || i18n.t(if required { text!(staff.two_factor.required_off) } else { text!(staff.two_factor.off) })}</p>
        {move || match setup.get() {
            None => view! {
                <button class="button" type="button" disabled=move || begin.pending().get() on:click=move |_| { begin.dispatch(()); }>
                    {move || i18n.t(text!(staff.two_factor.turn_on))}
                </button>
            }.into_any(),
            Some(s) => view! {
                <p class="small">{move || i18n.t(text!(staff.two_factor.scan))}</p>
                <QrCode svg=s.qr_svg.clone()/>
                <p class="small">{move || i18n.t(text!(staff.two_factor.type_secret))} " " <code class="secret" aria-label=move || i18n.t(text!(staff.two_factor.secret))>{s.secret.clone()}</code></p>
                <form class="form" on:submit=move |ev| { ev.prevent_default(); confirm.dispatch(code.get_untracked()); }>
                    <TextField id="two-factor-code" label=Signal::derive(move || i18n.t(text!(staff.two_factor.first_code))) value=code required=true error=field_error(result, "code")/>
                    <button class="button primary" type="submit" disabled=move || confirm.pending().get()>{move || i18n.t(text!(staff.two_factor.confirm))}</button>
                </form>
            }.into_any(),
        }}
    }
}

#[component]
fn Enabled(status: TwoFactorStatus, changed: Callback<Option<Vec<String>>>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let password = RwSignal::new(String::new());
    let regenerate = Action::new(|p: &String| {
        let p = p.clone();
        async move { new_recovery_codes(p).await }
    });
    let disable = Action::new(|p: &String| {
        let p = p.clone();
        async move {
            disable_two_factor(p)
                .await
                .map(|()| RecoveryCodes { codes: vec![] })
        }
    });
    // One password field serves both buttons; its error comes from whichever ran last.
    let last = RwSignal::new(None::<Result<RecoveryCodes, AppError>>);
    Effect::new(move |_| {
        if let Some(r) = regenerate.value().get() {
            if let Ok(RecoveryCodes { codes }) = &r {
                toasts.success(i18n.t(text!(staff.two_factor.new_codes_made)));
                changed.run(Some(codes.clone()));
            }
            last.set(Some(r));
        }
    });
    Effect::new(move |_| {
        if let Some(r) = disable.value().get() {
            if r.is_ok() {
                toasts.success(i18n.t(text!(staff.two_factor.turned_off)));
                changed.run(None);
            }
            last.set(Some(r));
        }
    });
    let result = move || last.get();
    let left = status.recovery_codes_left;
    view! {
        <p class="small"><span class="badge badge-ok">{move || i18n.t(text!(staff.two_factor.on))}</span> " "
            {move || leptos_i18n::td_string!(i18n.staff(), staff.two_factor.codes_left, n = left)}</p>
        {status.required.then(|| view! { <p class="muted small">{move || i18n.t(text!(staff.two_factor.required_on))}</p> })}
        <form class="form" on:submit=|ev| ev.prevent_default()>
            <TextField id="two-factor-password" label=Signal::derive(move || i18n.t(text!(staff.two_factor.password))) value=password input_type="password" error=field_error(result, "password")/>
            <div class="form-actions">
                <button class="button" type="button" disabled=move || regenerate.pending().get()
                    on:click=move |_| { regenerate.dispatch(password.get_untracked()); }>{move || i18n.t(text!(staff.two_factor.new_codes))}</button>
                {(!status.required).then(|| view! {
                    <button class="button danger" type="button" disabled=move || disable.pending().get()
                        on:click=move |_| { disable.dispatch(password.get_untracked()); }>{move || i18n.t(text!(staff.two_factor.turn_off))}</button>
                })}
            </div>
        </form>
    }
}
