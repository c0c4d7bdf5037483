//! Quality assurance (M4): reviewers score conversations against the
//! admins' scorecards; agents read and dispute their reviews. So far the
//! scoring rules ([`score`]); scorecards, reviews and disputes are stored
//! by the service that comes with them.

pub mod score;
