//! Reports (M3, M5): the conversation report's question and answer. Every
//! figure is defined in `docs/metrics.md`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Rows over time: by local hour, day, ISO week (from Monday) or month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    Hour,
    #[default]
    Day,
    Week,
    Month,
}

/// Rows by who or where instead of by time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Breakdown {
    /// One row per period of the grouping.
    #[default]
    Time,
    Agent,
    Group,
    Channel,
}

/// The conversation report's question: conversations that started from
/// `from` to `to` (days in the company's time zone, both included).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Days counted back from today in the company's zone, instead of
    /// `from` and `to`: `today`, `yesterday`, `last7`, `last30`,
    /// `this_month` or `last_month`. The report's `query` has the days.
    #[serde(default)]
    pub preset: Option<String>,
    #[serde(default)]
    pub grouping: Grouping,
    #[serde(default)]
    pub breakdown: Breakdown,
    /// Only conversations that started in working hours (R6).
    #[serde(default)]
    pub business_hours: bool,
    pub agent_id: Option<i32>,
    pub group_id: Option<i32>,
    pub channel: Option<String>,
}

/// Mean, median and 90th percentile of a time in seconds, over `count`
/// values (nearest rank); all `None` when there is none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stat {
    pub count: i64,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub p90: Option<f64>,
}

/// How many ratings gave one level (1 is the best).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LevelCount {
    pub level: i32,
    pub count: i64,
}

/// The figures of a set of conversations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Summary {
    pub started: i64,
    pub answered: i64,
    pub missed: i64,
    pub abandoned_in_queue: i64,
    pub bot_resolved: i64,
    pub handed_off: i64,
    pub transfers: i64,
    pub messages_in: i64,
    pub messages_out: i64,
    pub queue: Stat,
    pub first_response: Stat,
    /// The mean is over every exchange; median and p90 over each
    /// conversation's mean reply time.
    pub reply: Stat,
    pub duration: Stat,
    pub rated: i64,
    /// Mean rating on 0–100.
    pub satisfaction: Option<f64>,
    /// Ratings per level, best first.
    pub levels: Vec<LevelCount>,
}

/// One row of the table: a period, an agent, a group or a channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRow {
    /// A stable key: `2026-03-01`, `2026-03-01 14:00`, `2026-W09`,
    /// `2026-03`, an agent or group id, or a channel.
    pub key: String,
    /// What the row shows: the period, the agent's or group's name, the
    /// channel.
    pub label: String,
    pub summary: Summary,
}

/// First-response times in bands: under 15 s, 15–30 s, 30–60 s,
/// 1–3 min, 3–10 min, 10 min or more.
pub const RESPONSE_BANDS: [i64; 5] = [15, 30, 60, 180, 600];

/// The conversation report (M3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub query: ReportQuery,
    /// The company's time zone the days and hours are in (IANA name).
    pub time_zone: String,
    pub total: Summary,
    /// The previous period of the same length, for comparison.
    pub previous_from: NaiveDate,
    pub previous_to: NaiveDate,
    pub previous: Summary,
    pub rows: Vec<ReportRow>,
    /// Conversations per first-response band (`RESPONSE_BANDS`), plus one
    /// for the rest.
    pub response_bands: Vec<i64>,
    /// The survey's level names today, best first, for the ratings.
    pub rating_levels: Vec<String>,
}

/// Reports' settings: the company's time zone (an IANA name such as
/// `Asia/Shanghai`), for every report's days and hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ReportSettings {
    pub time_zone: String,
}

impl Default for ReportSettings {
    fn default() -> Self {
        Self {
            time_zone: "Asia/Shanghai".into(),
        }
    }
}

/// One agent's period in the agent work report (M5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentWorkRow {
    pub agent_id: i32,
    pub name: String,
    /// Seconds in each status over the period, from the statuses they set.
    pub online_secs: i64,
    pub busy_secs: i64,
    pub away_secs: i64,
    /// Their conversations (counted for the agent who had each last).
    pub summary: Summary,
    /// The mean score of their QA reviews in the period (M4), 0–100.
    pub qa_average: Option<f64>,
    pub qa_reviews: i64,
}

/// The agent work report (M5): every enabled agent over a range of days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentWorkReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub time_zone: String,
    pub rows: Vec<AgentWorkRow>,
}

/// The customer service report (M5): volume, channels, and when visitors
/// come (conversations by weekday × hour).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub time_zone: String,
    pub total: Summary,
    /// One row per day.
    pub days: Vec<ReportRow>,
    pub channels: Vec<ReportRow>,
    /// `heat[weekday][hour]`: Monday is 0, hours are local.
    pub heat: Vec<Vec<i64>>,
}

/// One customer tag's conversations over the period (M5): those whose
/// customer carries the tag now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagRow {
    pub tag_id: i32,
    pub name: String,
    pub color: String,
    /// Distinct customers among those conversations.
    pub customers: i64,
    pub summary: Summary,
}

/// A tag's conversations in each row of the period (days, or weeks for a
/// range of a month or more).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagSeries {
    pub tag_id: i32,
    pub name: String,
    pub color: String,
    /// One count per entry of [`TagReport::buckets`].
    pub counts: Vec<i64>,
}

/// The customer tag analysis (M5): conversations and satisfaction by tag,
/// busiest first, and the busiest tags over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub time_zone: String,
    pub rows: Vec<TagRow>,
    /// Conversations of customers without a tag, or without a customer.
    pub untagged: Summary,
    /// The rows' keys of the over-time chart: `2026-03-01` or `2026-W09`.
    pub buckets: Vec<String>,
    /// The busiest tags (at most five), in the table's order.
    pub top: Vec<TagSeries>,
}

/// Where a background export stands.
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
pub enum ExportState {
    #[default]
    #[cfg_attr(feature = "db", sea_orm(string_value = "running"))]
    Running,
    #[cfg_attr(feature = "db", sea_orm(string_value = "ready"))]
    Ready,
    #[cfg_attr(feature = "db", sea_orm(string_value = "failed"))]
    Failed,
}

/// A per-conversation CSV of the days `from..=to` being built in the
/// background (M3): `done` of `total` conversations written so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportExport {
    pub id: i64,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub state: ExportState,
    pub done: i64,
    pub total: i64,
    /// What the download is called: `conversations-<from>-<to>.csv`.
    pub file_name: String,
    pub created_at: DateTime<Utc>,
}
