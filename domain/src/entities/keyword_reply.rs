use sea_orm::entity::prelude::*;

/// A WeChat keyword auto-reply (C4).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "keyword_replies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub account_id: i32,
    pub keyword: String,
    /// `model::channels::KeywordMatch` key.
    pub matching: String,
    pub reply_text: String,
    pub news_id: Option<i32>,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::guard_stored_text!();
