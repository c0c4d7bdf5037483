//! The WeChat official-account channel (C4): callback signatures and
//! safe-mode encryption (`crypto`), the callback XML and passive replies
//! (`xml`), the callback itself (`callback`), what messages and events do
//! (`inbound`), the keyword replies and news messages (`replies`), and
//! the custom menu (`menu`).

pub mod callback;
pub mod crypto;
pub(crate) mod inbound;
pub mod menu;
pub mod replies;
pub mod xml;

pub use callback::{CallbackQuery, WechatService};
pub use menu::WechatMenuService;
pub use replies::WechatContentService;
