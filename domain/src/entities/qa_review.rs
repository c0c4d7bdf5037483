//! A QA review of an ended conversation (M4): the scorecard's categories as
//! they were (JSON), the scores (JSON of `Vec<QaScore>`), the result, and
//! the agent's dispute with the reviewer's answer.

use model::qa::QaReviewState;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "qa_reviews")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conversation_id: i64,
    /// Periods (averages, lists) count a review on its conversation's day.
    pub conversation_started_at: DateTimeUtc,
    /// The agent who had the conversation last.
    pub agent_id: i32,
    pub reviewer_id: i32,
    pub scorecard_id: i32,
    pub categories: String,
    pub scores: String,
    pub comment: String,
    /// 0–100; 0 when a critical category failed it (`raw` is the score
    /// it would have had).
    pub score: f64,
    pub raw: f64,
    pub failed: bool,
    pub state: QaReviewState,
    pub dispute: Option<String>,
    pub disputed_at: Option<DateTimeUtc>,
    pub resolution: Option<String>,
    pub resolved_by: Option<i32>,
    pub resolved_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
