//! The shared fixtures (`domain::test_support`).
#![allow(dead_code, unused_imports)]

pub use domain::test_support::*;
