//! Channels visitors arrive through (C1–C6). Today: the web widget's
//! settings; chat links live with the conversations they start
//! (`chat::links`). WeChat (`wechat`) is being built; Weibo and app
//! channels will live here.

pub mod wechat;
pub mod widget;
