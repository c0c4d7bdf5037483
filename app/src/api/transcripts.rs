//! Transcripts (M2): search conversations by words and filters, and open
//! one in full. Agents without *View all transcripts* find and open only
//! their own.

use leptos::prelude::*;
use model::transcripts::{Transcript, TranscriptFilters, TranscriptPage, TranscriptQuery};
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

/// The agents, groups and tags the search's filters offer this reader.
#[server(prefix = "/api")]
pub async fn transcript_filter_options() -> Result<TranscriptFilters, AppError> {
    Ok(services()?
        .transcripts
        .filter_options(&actor().await?)
        .await?)
}

/// One conversation in full: its lines and its rating.
#[server(prefix = "/api")]
pub async fn open_transcript(id: i64) -> Result<Transcript, AppError> {
    Ok(services()?.transcripts.open(&actor().await?, id).await?)
}
