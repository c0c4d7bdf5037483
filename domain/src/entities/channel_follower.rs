use sea_orm::entity::prelude::*;

/// A platform user who wrote to one of our accounts: one visitor of ours
/// per (account, openid or uid).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "channel_followers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i32,
    /// WeChat openid or Weibo uid.
    pub external_id: String,
    pub union_id: Option<String>,
    pub visitor_id: i64,
    pub subscribed: bool,
    pub location: Option<String>,
    pub scene: Option<String>,
    /// Where they are in the numbered navigation menu ("" the top, else
    /// a submenu's key); None when no menu is shown.
    pub menu_level: Option<String>,
    /// What they wrote before choosing, sent once they have chosen.
    pub menu_pending: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
