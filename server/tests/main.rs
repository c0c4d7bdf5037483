//! The server tests, one binary: each module is one feature's tests against
//! a real server, `common` their shared set-up.

mod agent_api;
mod authorization;
mod automation_api;
mod bundles;
mod chat;
mod cluster;
mod common;
mod http;
mod monitor;
mod openapi;
mod reports;
mod restart;
mod schemathesis;
mod transcripts;
mod wechat;
mod wechat_content;
mod weibo;
