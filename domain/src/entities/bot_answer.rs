use sea_orm::entity::prelude::*;

/// A question the bot took and what it did with it (P3): its figures and
/// the unanswered list.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bot_answers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conversation_id: i64,
    /// The bot message's seq.
    pub seq: i64,
    /// What the visitor asked.
    pub question: String,
    /// `answered`, `suggested` or `not_understood`.
    pub outcome: String,
    pub entry_id: Option<i64>,
    /// The visitor's rating of an answer.
    pub helpful: Option<bool>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
