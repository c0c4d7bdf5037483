//! The server tests, one binary: each module is one feature's tests against
//! a real server, `common` their shared set-up.

mod authorization;
mod common;
mod agent_api;
mod automation_api;
mod bundles;
mod chat;
mod http;
mod openapi;
mod restart;
mod schemathesis;
mod wechat;
mod wechat_content;
mod weibo;
