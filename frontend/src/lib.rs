#![recursion_limit = "512"]
//! The browser entry point: `hydrate` is called by the script the server
//! renders into every page. Everything else lives in the `app` crate.

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Built twice: the whole app, and (feature `widget`) the visitor widget
    // alone, so visitors download only what the widget uses.
    #[cfg(not(feature = "widget"))]
    leptos::mount::hydrate_body(app::App);
    #[cfg(feature = "widget")]
    leptos::mount::hydrate_body(app::WidgetApp);
    // Lets tests (and monitoring) know the page is interactive.
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
