//! Before and around a conversation's assignment: the pure choice of agent
//! (R3), the queue and its coordinator for freed capacity (R4), working
//! hours and availability (R6), and routing rules (P2) with what they read
//! of a visitor: the region of their address and their referrer, the
//! region sets rules name, and navigation menus (P1).

pub mod assignment;
pub mod availability;
pub mod eta;
pub mod hours;
pub mod menu;
pub mod nav_menus;
pub mod queue;
pub mod referrer;
pub mod region;
pub mod region_sets;
pub(crate) mod route_start;
pub mod routing_rules;
pub mod rule_check;
pub mod rules;
