//! Quality assurance (M4): scorecards and reviews. Reviewers need *QA*;
//! an agent reads and disputes only the reviews of their own conversations.

use leptos::prelude::*;
use model::qa::{
    QaCandidate, QaCandidateQuery, QaResolveInput, QaReview as Review, QaReviewInput, QaReviewList,
    QaReviewQuery, QaScorecard, QaScorecardInput,
};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api")]
pub async fn list_qa_scorecards() -> Result<Vec<QaScorecard>, AppError> {
    Ok(services()?.qa.scorecards(&actor().await?).await?)
}

/// Creates a scorecard (`id` none) or changes one.
#[server(prefix = "/api", input = Json)]
pub async fn save_qa_scorecard(
    id: Option<i32>,
    input: QaScorecardInput,
) -> Result<QaScorecard, AppError> {
    Ok(services()?
        .qa
        .save_scorecard(&actor().await?, id, input)
        .await?)
}

#[server(prefix = "/api")]
pub async fn set_qa_scorecard_retired(id: i32, retired: bool) -> Result<QaScorecard, AppError> {
    Ok(services()?
        .qa
        .set_scorecard_retired(&actor().await?, id, retired)
        .await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn qa_candidates(query: QaCandidateQuery) -> Result<Vec<QaCandidate>, AppError> {
    Ok(services()?.qa.candidates(&actor().await?, &query).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn submit_qa_review(input: QaReviewInput) -> Result<Review, AppError> {
    Ok(services()?.qa.submit(&actor().await?, input).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn qa_reviews(query: QaReviewQuery) -> Result<QaReviewList, AppError> {
    Ok(services()?.qa.reviews(&actor().await?, &query).await?)
}

#[server(prefix = "/api")]
pub async fn qa_review(id: i64) -> Result<Review, AppError> {
    Ok(services()?.qa.review(&actor().await?, id).await?)
}

#[server(prefix = "/api")]
pub async fn dispute_qa_review(id: i64, comment: String) -> Result<Review, AppError> {
    Ok(services()?
        .qa
        .dispute(&actor().await?, id, &comment)
        .await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn resolve_qa_review(id: i64, input: QaResolveInput) -> Result<Review, AppError> {
    Ok(services()?.qa.resolve(&actor().await?, id, input).await?)
}
