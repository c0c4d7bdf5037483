//! Quality assurance (M4): scorecards admins define, and reviewers' scores
//! of conversations against them, which agents may dispute.

use chrono::{DateTime, Utc};
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
#[serde(rename_all = "snake_case")]
pub enum QaReviewState {
    #[default]
    Submitted,
    /// The agent disputed it, with a comment.
    Disputed,
    /// The reviewer accepted the dispute (and may have re-scored it).
    Accepted,
    /// The reviewer rejected the dispute; the score stands.
    Rejected,
}

/// A scored conversation, as the reviewer and the agent see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaReview {
    pub id: i64,
    pub conversation_id: i64,
    pub agent_id: i32,
    pub agent_name: String,
    pub reviewer_id: i32,
    pub reviewer_name: String,
    pub scorecard_id: i32,
    pub scorecard_name: String,
    pub result: QaResult,
    pub scores: Vec<QaScore>,
    pub comment: String,
    pub state: QaReviewState,
    pub dispute: Option<String>,
    pub resolution: Option<String>,
    pub created_at: DateTime<Utc>,
}
