//! Quality assurance (M4): scorecards admins define, and reviewers' scores
//! of conversations against them, which agents may dispute.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A category's rating scale.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QaScale {
    /// 0 = no, 1 = yes.
    #[default]
    YesNo,
    /// 1 to 3.
    Three,
    /// 1 to 4.
    Four,
    /// 1 to 5.
    Five,
}

impl QaScale {
    /// The lowest and highest points a reviewer may choose.
    pub fn range(self) -> (i32, i32) {
        match self {
            QaScale::YesNo => (0, 1),
            QaScale::Three => (1, 3),
            QaScale::Four => (1, 4),
            QaScale::Five => (1, 5),
        }
    }
}

/// One category of a scorecard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaCategory {
    /// Stable within its scorecard; new categories send 0.
    #[serde(default)]
    pub id: i32,
    pub name: String,
    pub scale: QaScale,
    /// 1 to 100: how much it counts.
    pub weight: i32,
    /// Below half on it fails the whole review.
    #[serde(default)]
    pub critical: bool,
    /// A reviewer may mark it "not applicable".
    #[serde(default)]
    pub na_allowed: bool,
}

/// The points chosen for one category; `None` is "not applicable".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaScore {
    pub category_id: i32,
    pub points: Option<i32>,
    #[serde(default)]
    pub comment: String,
}

/// A review's total: 0–100, and whether a critical category failed it
/// (then the score counts as 0; `raw` is what it would have been).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaResult {
    pub score: f64,
    pub raw: f64,
    pub failed: bool,
}

/// Longest names and comments.
pub const NAME_MAX: usize = 100;
pub const COMMENT_MAX: usize = 2000;
pub const CATEGORIES_MAX: usize = 50;
pub const WEIGHT_MAX: i32 = 100;

/// Where a review stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(
    feature = "db",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::None)"
    )
)]
#[serde(rename_all = "snake_case")]
pub enum QaReviewState {
    #[default]
    #[cfg_attr(feature = "db", sea_orm(string_value = "submitted"))]
    Submitted,
    /// The agent disputed it, with a comment.
    #[cfg_attr(feature = "db", sea_orm(string_value = "disputed"))]
    Disputed,
    /// The reviewer accepted the dispute (and may have re-scored it).
    #[cfg_attr(feature = "db", sea_orm(string_value = "accepted"))]
    Accepted,
    /// The reviewer rejected the dispute; the score stands.
    #[cfg_attr(feature = "db", sea_orm(string_value = "rejected"))]
    Rejected,
}

impl QaReviewState {
    pub const ALL: [QaReviewState; 4] = [
        QaReviewState::Submitted,
        QaReviewState::Disputed,
        QaReviewState::Accepted,
        QaReviewState::Rejected,
    ];

    pub fn key(self) -> &'static str {
        match self {
            QaReviewState::Submitted => "submitted",
            QaReviewState::Disputed => "disputed",
            QaReviewState::Accepted => "accepted",
            QaReviewState::Rejected => "rejected",
        }
    }

    pub fn from_key(key: &str) -> Option<QaReviewState> {
        QaReviewState::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// A scorecard: the categories a conversation is scored on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaScorecard {
    pub id: i32,
    pub name: String,
    pub categories: Vec<QaCategory>,
    /// No longer offered for new reviews; its reviews stay.
    pub retired: bool,
}

/// What an admin saves; categories keep their ids, new ones send 0.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaScorecardInput {
    pub name: String,
    pub categories: Vec<QaCategory>,
}

/// Which ended conversations a reviewer may pick from: started on the days
/// `from..=to` (company time zone), optionally one agent's, one channel's,
/// or with one rating level; `sample` picks that many at random per agent
/// among those not reviewed yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaCandidateQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// A named range ("last7", "last30", "this_month", …) counted in the
    /// company's zone; when given, it replaces `from` and `to`.
    #[serde(default)]
    pub preset: Option<String>,
    #[serde(default)]
    pub agent_id: Option<i32>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub rating_level: Option<i32>,
    #[serde(default)]
    pub sample: Option<u32>,
}

/// Most conversations one candidate list returns, and most per agent in a
/// sample.
pub const CANDIDATES_MAX: usize = 200;
pub const SAMPLE_MAX: u32 = 50;

/// An ended conversation a reviewer may score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaCandidate {
    pub conversation_id: i64,
    pub agent_id: i32,
    pub agent_name: String,
    pub channel: String,
    pub started_at: DateTime<Utc>,
    pub duration_secs: Option<i64>,
    pub messages: i32,
    pub rating_level: Option<i32>,
    /// Reviews it already has (on any scorecard).
    pub reviews: i32,
}

/// A reviewer's scores of one conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaReviewInput {
    pub conversation_id: i64,
    pub scorecard_id: i32,
    pub scores: Vec<QaScore>,
    #[serde(default)]
    pub comment: String,
}

/// Reviews of conversations that started on the days `from..=to`; agents
/// without *QA* get only their own whatever `agent_id` says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaReviewQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// As in [`QaCandidateQuery::preset`].
    #[serde(default)]
    pub preset: Option<String>,
    #[serde(default)]
    pub agent_id: Option<i32>,
    #[serde(default)]
    pub state: Option<QaReviewState>,
}

/// One agent's reviews over a period: how many, and their mean score
/// (a failed review counts as 0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaAgentAverage {
    pub agent_id: i32,
    pub agent_name: String,
    pub reviews: i64,
    pub average: f64,
    pub failed: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaReviewList {
    /// The days listed (a preset's, counted by the server).
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Newest first, at most `REVIEWS_MAX`.
    pub reviews: Vec<QaReview>,
    pub averages: Vec<QaAgentAverage>,
}

pub const REVIEWS_MAX: usize = 500;

/// The reviewer's answer to a dispute: accept (optionally with new scores,
/// which then replace the old) or reject; the comment is required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaResolveInput {
    pub accept: bool,
    pub comment: String,
    #[serde(default)]
    pub scores: Option<Vec<QaScore>>,
}

/// A scored conversation, as the reviewer and the agent see it. The
/// categories are the scorecard's as they were when it was scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaReview {
    pub id: i64,
    pub conversation_id: i64,
    pub conversation_started_at: DateTime<Utc>,
    pub agent_id: i32,
    pub agent_name: String,
    pub reviewer_id: i32,
    pub reviewer_name: String,
    pub scorecard_id: i32,
    pub scorecard_name: String,
    pub categories: Vec<QaCategory>,
    pub result: QaResult,
    pub scores: Vec<QaScore>,
    pub comment: String,
    pub state: QaReviewState,
    pub dispute: Option<String>,
    pub disputed_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}
