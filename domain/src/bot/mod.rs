//! The FAQ bot (P3):
//!
//! - [`text`]: questions into search terms (Chinese segmented with jieba,
//!   English stemmed, width and script normalised)
//! - [`matcher`]: BM25 ranking and the answer / suggest / hand-over verdict
//! - [`live_index`]: that index kept current with the knowledge base in
//!   every process
//! - [`entries`]: an entry's checks and its spreadsheet (CSV) form
//! - [`knowledge_base`]: the console's entries service
//! - [`replies`]: what the bot says, and when a visitor asks for a person
//! - [`synonyms`]: customer-service words folded into one term
//! - [`flow`]: the bot in a conversation, hand-off and ratings
//! - [`figures`]: its daily figures and unanswered questions

pub mod entries;
pub mod figures;
pub mod flow;
pub mod knowledge_base;
pub mod live_index;
pub mod matcher;
pub mod replies;
pub mod synonyms;
pub mod text;

pub use flow::BotService;
pub use knowledge_base::KnowledgeBaseService;
pub use live_index::{Decision, LiveIndex};
