//! What the sign-in page and the workbench share about two-factor
//! sign-in: the QR code to scan and the recovery codes to keep.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The enrolment QR code. The SVG is drawn by our server (`qrcode`), never
/// from user input, and holds no script.
#[component]
pub fn QrCode(svg: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="qr-code" role="img" aria-label=move || i18n.t(text!(staff.two_factor.qr_label)) inner_html=svg></div>
    }
}

/// New recovery codes, shown once.
#[component]
pub fn RecoveryCodeList(codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="banner recovery-codes" role="status">
            <p class="strong">{move || i18n.t(text!(staff.two_factor.codes_title))}</p>
            <p class="small">{move || i18n.t(text!(staff.two_factor.codes_hint))}</p>
            <ol aria-label=move || i18n.t(text!(staff.two_factor.codes_title))>
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ol>
        </div>
    }
}
