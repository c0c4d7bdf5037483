//! The widget opens: recognise the visitor and load their session.

use leptos::prelude::*;
use model::chat::{VisitorHello, VisitorSession};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::services;

#[server(prefix = "/api", input = Json)]
pub async fn start_visitor_session(hello: VisitorHello) -> Result<VisitorSession, AppError> {
    Ok(services()?.visitors.hello(hello).await?)
}
