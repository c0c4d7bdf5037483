use sea_orm::entity::prelude::*;

/// A knowledge-base entry of the FAQ bot (P3).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "kb_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The standard question as written.
    pub question: String,
    /// The question normalised (`bot::text::normalise`): two entries may
    /// not ask the same.
    pub question_key: String,
    /// JSON array of the similar phrasings.
    pub similar: String,
    pub answer: String,
    pub category: String,
    /// `model::bot::KbLang` key.
    pub lang: String,
    pub enabled: bool,
    /// Question, phrasings, answer and category normalised, for the
    /// console's search.
    pub search_text: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
