//! The domain tests, one binary: each module is one feature's tests, and
//! `common` their shared set-up. One binary links once, where one per
//! file linked two dozen times and filled CI's disk.

mod audit;
mod avatars;
mod bot;
mod bot_eval;
mod broker;
mod channels;
mod chat;
mod common;
mod customer_data;
mod customers;
mod fields;
mod first_message;
mod identity;
mod leave_message;
mod masking;
mod migrations;
mod monitor;
mod online_visitors;
mod people;
mod qa;
mod queue;
mod region;
mod reports;
mod routing;
mod rules;
mod stored_text;
mod survey;
mod tickets;
mod timers;
mod transcripts;
mod two_factor;
