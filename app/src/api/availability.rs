//! Whether anyone can answer on a link now (R6), polled by an idle widget.

use leptos::prelude::*;
use model::automation::VisitorOptions;
use model::AppError;

#[cfg(feature = "ssr")]
use super::ssr::services;

#[server(prefix = "/api")]
pub async fn widget_availability(link: String) -> Result<VisitorOptions, AppError> {
    Ok(services()?
        .availability
        .visitor_options(Some(&link))
        .await?)
}
