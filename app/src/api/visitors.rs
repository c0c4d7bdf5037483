//! The widget opens: recognise the visitor and load their session.

use leptos::prelude::*;
use model::chat::{FileTicket, VisitorHello, VisitorSession};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::services;

#[server(prefix = "/api", input = Json)]
pub async fn start_visitor_session(hello: VisitorHello) -> Result<VisitorSession, AppError> {
    Ok(services()?.visitors.hello(hello).await?)
}

/// A fresh ticket for the visitor's file links (they last an hour).
#[server(prefix = "/api", input = Json)]
pub async fn visitor_file_ticket(token: String) -> Result<FileTicket, AppError> {
    let s = services()?;
    let visitor = s.visitors.visitor_by_token(&token).await?;
    Ok(s.visitors.file_ticket(visitor.id).await?)
}
