//! The Content-Security-Policy of every page (server side). Leptos puts a
//! fresh nonce on the inline scripts it writes (the hydration bootstrap and
//! streamed resources); the policy allows those and our own files, and
//! nothing inline without the nonce. `'wasm-unsafe-eval'` lets the page
//! compile its WebAssembly. Framing rules come with every response from
//! `server::security_headers`.

use leptos::prelude::*;

/// The policy for a page whose inline scripts carry `nonce`.
pub fn page_policy(nonce: &str) -> String {
    [
        "default-src 'self'".to_owned(),
        format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
        // Styles: our stylesheet, plus `style=` attributes (the theme colour).
        "style-src 'self' 'unsafe-inline'".to_owned(),
        // The widget's logo may live on the customer's site.
        "img-src 'self' data: blob: https:".to_owned(),
        "connect-src 'self'".to_owned(),
        "object-src 'none'".to_owned(),
        "base-uri 'none'".to_owned(),
        "form-action 'self'".to_owned(),
    ]
    .join("; ")
}

/// Put the policy on the response being rendered.
pub fn set_page_policy() {
    let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Ok(value) = axum::http::HeaderValue::from_str(&page_policy(&nonce)) {
        res.append_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_need_the_nonce_and_nothing_else_runs_inline() {
        let p = page_policy("abc123");
        assert!(p.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        assert!(!p.contains("unsafe-inline'; script") && !p.contains("script-src *"));
        assert!(p.contains("object-src 'none'"));
    }
}
