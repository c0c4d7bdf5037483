//! Satisfaction survey (R5): the console's settings and latest ratings, the
//! visitor's rating and the agent's invitation.

use leptos::prelude::*;
use model::automation::{RatingInput, SurveyPage, SurveySettings};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

/// The survey settings and the latest ratings.
#[server(prefix = "/api")]
pub async fn load_survey() -> Result<SurveyPage, AppError> {
    let (services, actor) = (services()?, actor().await?);
    Ok(SurveyPage {
        settings: services.survey.settings(&actor).await?,
        ratings: services.survey.ratings(&actor, 100).await?,
    })
}

#[server(prefix = "/api", input = Json)]
pub async fn save_survey(input: SurveySettings) -> Result<SurveySettings, AppError> {
    Ok(services()?
        .survey
        .set_settings(&actor().await?, input)
        .await?)
}

/// The visitor rates a finished (or invited) conversation.
#[server(prefix = "/api", input = Json)]
pub async fn visitor_rate(
    token: String,
    conversation_id: i64,
    input: RatingInput,
) -> Result<(), AppError> {
    let services = services()?;
    let visitor = services.visitors.visitor_by_token(&token).await?;
    Ok(services
        .survey
        .rate(visitor.id, conversation_id, input)
        .await?)
}

/// The agent asks the visitor for a rating now.
#[server(prefix = "/api")]
pub async fn invite_rating(id: i64) -> Result<(), AppError> {
    Ok(services()?
        .survey
        .invite_rating(&actor().await?, id)
        .await?)
}
