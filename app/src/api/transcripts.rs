//! Transcripts (M2): search conversations by words and filters. Agents
//! without *View all transcripts* find only their own.

use leptos::prelude::*;
use model::transcripts::{TranscriptPage, TranscriptQuery};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api", input = Json)]
pub async fn search_transcripts(query: TranscriptQuery) -> Result<TranscriptPage, AppError> {
    Ok(services()?
        .transcripts
        .search(&actor().await?, &query)
        .await?)
}
