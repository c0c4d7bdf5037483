//! The Weibo private-message channel (C5): the push JSON (`push`) and the
//! callback that checks and takes it (`callback`). Replies go out through
//! `channels::delivery` and Weibo's `messages/reply.json`.

pub mod callback;
pub mod push;

pub use callback::WeiboService;
