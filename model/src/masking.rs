//! Sensitive-data replacement (R8): rules that find card numbers, ID
//! numbers, phone numbers, e-mail addresses, passwords or an admin's own
//! pattern in stored transcripts, and rewrite them irreversibly on a
//! schedule or when an admin runs them now.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const NAME_MAX: usize = 64;
/// A custom pattern's length; its compiled size is limited as well.
pub const REGEX_MAX: usize = 500;
/// The test box's sample text.
pub const SAMPLE_MAX: usize = 4000;

/// What a rule looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MaskPattern {
    /// 13–19 digits, spaces or dashes between groups, Luhn-checked.
    #[default]
    BankCard,
    /// A mainland resident ID number: 18 characters, date and check digit.
    IdCard,
    /// A mainland mobile number (11 digits starting 13–19).
    Mobile,
    Email,
    /// What follows "密码是", "password:" and the like.
    Password,
    /// The admin's own regular expression.
    Custom,
}

impl MaskPattern {
    pub const ALL: [MaskPattern; 6] = [
        MaskPattern::BankCard,
        MaskPattern::IdCard,
        MaskPattern::Mobile,
        MaskPattern::Email,
        MaskPattern::Password,
        MaskPattern::Custom,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MaskPattern::BankCard => "bank_card",
            MaskPattern::IdCard => "id_card",
            MaskPattern::Mobile => "mobile",
            MaskPattern::Email => "email",
            MaskPattern::Password => "password",
            MaskPattern::Custom => "custom",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// How a match is rewritten. Separators (spaces, dashes, `@`, `.`) stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MaskMode {
    /// Every letter and digit becomes `*`.
    #[default]
    All,
    /// All but the last four letters or digits.
    KeepLast4,
    /// All but the first and the last.
    KeepFirstLast,
}

impl MaskMode {
    pub const ALL: [MaskMode; 3] = [MaskMode::All, MaskMode::KeepLast4, MaskMode::KeepFirstLast];

    pub fn key(self) -> &'static str {
        match self {
            MaskMode::All => "all",
            MaskMode::KeepLast4 => "keep_last4",
            MaskMode::KeepFirstLast => "keep_first_last",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaskRule {
    pub id: i32,
    pub name: String,
    pub pattern: MaskPattern,
    /// The pattern of a `Custom` rule; empty for the others.
    pub regex: String,
    pub mode: MaskMode,
    pub enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MaskRuleInput {
    pub name: String,
    pub pattern: MaskPattern,
    #[serde(default)]
    pub regex: String,
    pub mode: MaskMode,
    pub enabled: bool,
}

/// When the scheduled run happens: daily at `time` in the team's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaskSchedule {
    pub enabled: bool,
    /// `HH:MM`.
    pub time: String,
    /// The team's time zone as minutes east of UTC (China: 480).
    pub utc_offset_mins: i32,
}

impl Default for MaskSchedule {
    fn default() -> Self {
        Self {
            enabled: true,
            time: "03:00".into(),
            utc_offset_mins: 480,
        }
    }
}

/// What a sample text becomes under the rules (the console's test box).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaskPreview {
    pub text: String,
    /// How many matches were replaced.
    pub replaced: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaskRunState {
    Running,
    Done,
    Failed,
}

/// One run of the rules over the stored transcripts: the log's row and
/// the progress bar's source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaskRun {
    pub id: i64,
    /// Who started it; `None` for the schedule.
    pub started_by: Option<String>,
    /// The names of the rules it applied.
    pub rules: Vec<String>,
    pub state: MaskRunState,
    /// Ended conversations to look at, and how many were looked at.
    pub total: i64,
    pub done: i64,
    pub conversations_changed: i64,
    pub messages_changed: i64,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub duration_ms: Option<i64>,
    pub error: Option<String>,
}

impl MaskRun {
    /// Progress in per cent, 100 when finished.
    pub fn percent(&self) -> u8 {
        if self.state != MaskRunState::Running || self.total <= 0 {
            return if self.state == MaskRunState::Running {
                0
            } else {
                100
            };
        }
        ((self.done.clamp(0, self.total) * 100) / self.total) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for p in MaskPattern::ALL {
            assert_eq!(MaskPattern::from_key(p.key()), Some(p));
        }
        for m in MaskMode::ALL {
            assert_eq!(MaskMode::from_key(m.key()), Some(m));
        }
    }
}
