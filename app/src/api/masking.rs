//! Sensitive-data replacement (R8): rules, the test box, the schedule,
//! "Run now" and the run log. All need *Manage automation*.

use leptos::prelude::*;
use model::masking::{MaskPreview, MaskRule, MaskRuleInput, MaskRun, MaskSchedule};
use model::AppError;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

#[server(prefix = "/api")]
pub async fn list_mask_rules() -> Result<Vec<MaskRule>, AppError> {
    Ok(services()?.masking.rules(&actor().await?).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_mask_rule(id: Option<i32>, input: MaskRuleInput) -> Result<MaskRule, AppError> {
    Ok(services()?
        .masking
        .save_rule(&actor().await?, id, input)
        .await?)
}

#[server(prefix = "/api")]
pub async fn delete_mask_rule(id: i32) -> Result<(), AppError> {
    Ok(services()?.masking.delete_rule(&actor().await?, id).await?)
}

/// What `sample` becomes: under `rule` when given (trying a rule before it
/// is saved), else under the enabled rules.
#[server(prefix = "/api", input = Json)]
pub async fn preview_masking(
    sample: String,
    rule: Option<MaskRuleInput>,
) -> Result<MaskPreview, AppError> {
    Ok(services()?
        .masking
        .preview(&actor().await?, &sample, rule.map(|r| vec![r]))
        .await?)
}

#[server(prefix = "/api")]
pub async fn get_mask_schedule() -> Result<MaskSchedule, AppError> {
    Ok(services()?.masking.schedule(&actor().await?).await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_mask_schedule(input: MaskSchedule) -> Result<MaskSchedule, AppError> {
    Ok(services()?
        .masking
        .save_schedule(&actor().await?, input)
        .await?)
}

#[server(prefix = "/api")]
pub async fn run_masking_now() -> Result<MaskRun, AppError> {
    Ok(services()?.masking.run_now(&actor().await?).await?)
}

#[server(prefix = "/api")]
pub async fn list_mask_runs() -> Result<Vec<MaskRun>, AppError> {
    Ok(services()?.masking.runs(&actor().await?).await?)
}
