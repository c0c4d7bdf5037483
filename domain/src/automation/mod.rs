//! Automation around conversations: the rules and timers (R2–R4, R10), the
//! satisfaction survey (R5) and leave-a-message (R6).

pub mod leave_message;
pub mod rules;
pub mod survey;
pub mod timers;
