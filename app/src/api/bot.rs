//! The FAQ bot (P3): the console's knowledge base, settings and figures;
//! the widget's hand-off and answer ratings.

use leptos::prelude::*;
use model::bot::{BotFigures, BotSettings, KbEntry, KbEntryInput, KbImportReport, KbPage, KbQuery};
use model::chat::Conversation;
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api", input = Json)]
pub async fn load_knowledge_base(query: KbQuery) -> Result<KbPage, AppError> {
    Ok(services()?
        .knowledge_base
        .list(&actor().await?, query)
        .await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_kb_entry(id: Option<i64>, input: KbEntryInput) -> Result<KbEntry, AppError> {
    Ok(services()?
        .knowledge_base
        .save(&actor().await?, id, input)
        .await?)
}

#[server(prefix = "/api")]
pub async fn delete_kb_entry(id: i64) -> Result<(), AppError> {
    Ok(services()?
        .knowledge_base
        .delete(&actor().await?, id)
        .await?)
}

/// Turn entries on or off; how many changed.
#[server(prefix = "/api", input = Json)]
pub async fn set_kb_enabled(ids: Vec<i64>, enabled: bool) -> Result<u64, AppError> {
    Ok(services()?
        .knowledge_base
        .set_enabled(&actor().await?, &ids, enabled)
        .await?)
}

/// Import a spreadsheet the browser read as text. A file that was not
/// UTF-8 arrives with replacement characters: refused as such.
#[server(prefix = "/api", input = Json)]
pub async fn import_knowledge_base(csv: String) -> Result<KbImportReport, AppError> {
    if csv.contains('\u{fffd}') {
        return Err(AppError::field("file", "not_utf8"));
    }
    Ok(services()?
        .knowledge_base
        .import(&actor().await?, csv.as_bytes())
        .await?)
}

/// Every entry as CSV text (with its BOM), for the browser to save.
#[server(prefix = "/api")]
pub async fn export_knowledge_base() -> Result<String, AppError> {
    let bytes = services()?.knowledge_base.export(&actor().await?).await?;
    String::from_utf8(bytes).map_err(|_| AppError::Internal)
}

#[server(prefix = "/api")]
pub async fn load_bot_settings() -> Result<BotSettings, AppError> {
    Ok(services()?.bot.settings(&actor().await?).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_bot_settings(input: BotSettings) -> Result<BotSettings, AppError> {
    Ok(services()?.bot.set_settings(&actor().await?, input).await?)
}

#[server(prefix = "/api")]
pub async fn load_bot_figures(days: u32) -> Result<BotFigures, AppError> {
    Ok(services()?.bot.figures(&actor().await?, days).await?)
}

/// The visitor asks for a person.
#[server(prefix = "/api")]
pub async fn visitor_hand_off(
    token: String,
    conversation_id: i64,
) -> Result<Conversation, AppError> {
    let services = services()?;
    let visitor = services.visitors.visitor_by_token(&token).await?;
    Ok(services.bot.hand_off(visitor.id, conversation_id).await?)
}

/// The visitor rates a bot answer.
#[server(prefix = "/api")]
pub async fn visitor_rate_answer(
    token: String,
    conversation_id: i64,
    seq: i64,
    helpful: bool,
) -> Result<(), AppError> {
    let services = services()?;
    let visitor = services.visitors.visitor_by_token(&token).await?;
    Ok(services
        .bot
        .rate(visitor.id, conversation_id, seq, helpful)
        .await?)
}
