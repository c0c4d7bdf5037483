//! The three surfaces (widget, workbench, console) and what they share.

pub mod common;
pub mod console;
pub mod login;
pub mod two_factor;
pub mod widget;
pub mod workbench;
