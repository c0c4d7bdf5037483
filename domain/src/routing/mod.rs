//! Before and around a conversation's assignment: the pure choice of agent
//! (R3), the queue and its coordinator for freed capacity (R4), working
//! hours and availability (R6). Navigation menus and routing rules (P1, P2)
//! will live here too.

pub mod assignment;
pub mod availability;
pub mod eta;
pub mod hours;
pub mod queue;
