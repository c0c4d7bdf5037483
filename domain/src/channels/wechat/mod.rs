//! The WeChat official-account channel (C4): callback signatures and
//! safe-mode encryption (`crypto`), the callback XML and passive replies
//! (`xml`), the callback itself (`callback`), what messages and events do
//! (`inbound`), and the keyword replies and news messages (`replies`).

pub mod callback;
pub mod crypto;
pub(crate) mod inbound;
pub mod replies;
pub mod xml;

pub use callback::{CallbackQuery, WechatService};
pub use replies::WechatContentService;
