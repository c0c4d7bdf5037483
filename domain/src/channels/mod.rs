//! Channels visitors arrive through (C1–C6): the web widget's settings
//! (`widget`; chat links live with the conversations they start,
//! `chat::links`), and the platform channels: connected accounts
//! (`accounts`), their users as visitors (`followers`), the platforms' APIs
//! (`platform`, `tokens`), delivering replies to them (`delivery`), the
//! navigation menu as numbered text (`text_menu`) and
//! WeChat's and Weibo's callbacks (`wechat`, `weibo`).

pub mod accounts;
pub mod delivery;
pub mod followers;
pub mod platform;
pub(crate) mod text_menu;
pub mod tokens;
pub mod wechat;
pub mod weibo;
pub mod widget;
