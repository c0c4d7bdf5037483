//! The WeChat official-account channel (C4): callback signatures and
//! safe-mode encryption (`crypto`), the callback XML and passive replies
//! (`xml`). The account service, follower mapping and delivery through the
//! customer-service API come next (issue 15).

pub mod crypto;
pub mod xml;
