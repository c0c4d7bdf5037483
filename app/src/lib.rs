#![recursion_limit = "512"]
//! Leptos UI for all three surfaces plus the server functions behind them.
//! Built with `ssr` for the server and `hydrate` for the browser.

#[macro_use]
pub mod i18n;
pub mod api;
pub mod app;
pub mod browser;
#[cfg(feature = "ssr")]
pub mod csp;
pub mod realtime;
pub mod ui;

pub use app::{shell, widget_shell, App, WidgetApp, OUTPUT_NAME, WIDGET_OUTPUT_NAME};
