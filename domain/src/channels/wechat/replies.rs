//! A WeChat account's keyword auto-replies and news (graphic) messages
//! (C4), managed with *Manage channels* and audit-logged. A keyword reply
//! answers with text or with one of the account's news messages; its
//! position decides which of two matching replies wins.

use std::sync::Arc;

use model::audit::AuditKind;
use model::channels::{
    KeywordMatch, KeywordReply, KeywordReplyInput, NewsMessage, NewsMessageInput, KEYWORD_MAX,
    KEYWORD_REPLIES_MAX, NEWS_DESCRIPTION_MAX, NEWS_TITLE_MAX, NEWS_URL_MAX, REPLY_TEXT_MAX,
};
use model::Permission;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::clock::Clock;
use crate::entities::{channel_account, keyword_reply, news_message};
use crate::error::{Error, Result};
use crate::validate::Check;

pub(crate) fn reply_dto(r: keyword_reply::Model) -> KeywordReply {
    KeywordReply {
        id: r.id,
        account_id: r.account_id,
        keyword: r.keyword,
        matching: KeywordMatch::from_key(&r.matching).unwrap_or_default(),
        reply_text: r.reply_text,
        news_id: r.news_id,
    }
}

pub(crate) fn news_dto(n: news_message::Model) -> NewsMessage {
    NewsMessage {
        id: n.id,
        account_id: n.account_id,
        title: n.title,
        description: n.description,
        cover_url: n.cover_url,
        url: n.url,
    }
}

/// An address a follower's phone may open: http(s) only.
fn web_address(check: &mut Check, field: &str, value: &str, required: bool) -> String {
    let value = value.trim();
    if value.is_empty() {
        if required {
            check.fail(field, "required");
        }
        return String::new();
    }
    check.max_len(field, value, NEWS_URL_MAX);
    match url::Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => {}
        _ => check.fail(field, "invalid_url"),
    }
    value.to_owned()
}

#[derive(Clone)]
pub struct WechatContentService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    audit: AuditLog,
}

impl WechatContentService {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, audit: AuditLog) -> Self {
        Self { db, clock, audit }
    }

    async fn account(&self, actor: &Actor, id: i32) -> Result<channel_account::Model> {
        actor.require(Permission::ManageChannels)?;
        channel_account::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)
    }

    /// The account's keyword replies in the order they are tried.
    pub async fn keyword_replies(
        &self,
        actor: &Actor,
        account_id: i32,
    ) -> Result<Vec<KeywordReply>> {
        self.account(actor, account_id).await?;
        self.replies_of(account_id).await
    }

    /// The replies of an account, for the callback (no actor).
    pub(crate) async fn replies_of(&self, account_id: i32) -> Result<Vec<KeywordReply>> {
        Ok(keyword_reply::Entity::find()
            .filter(keyword_reply::Column::AccountId.eq(account_id))
            .order_by_asc(keyword_reply::Column::Position)
            .order_by_asc(keyword_reply::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(reply_dto)
            .collect())
    }

    /// A news message of an account, for the callback (no actor).
    pub(crate) async fn news_of(&self, account_id: i32, id: i32) -> Result<Option<NewsMessage>> {
        Ok(news_message::Entity::find_by_id(id)
            .filter(news_message::Column::AccountId.eq(account_id))
            .one(&self.db)
            .await?
            .map(news_dto))
    }

    pub async fn save_keyword_reply(
        &self,
        actor: &Actor,
        account_id: i32,
        id: Option<i32>,
        input: KeywordReplyInput,
    ) -> Result<KeywordReply> {
        let account = self.account(actor, account_id).await?;
        let existing = match id {
            Some(id) => Some(
                keyword_reply::Entity::find_by_id(id)
                    .filter(keyword_reply::Column::AccountId.eq(account_id))
                    .one(&self.db)
                    .await?
                    .ok_or(Error::NotFound)?,
            ),
            None => None,
        };
        let mut check = Check::new();
        let keyword = check.required_text("keyword", &input.keyword, KEYWORD_MAX);
        let text = input.reply_text.trim().to_owned();
        check.max_len("reply_text", &text, REPLY_TEXT_MAX);
        let news = match input.news_id {
            Some(id) => Some(self.news_of(account_id, id).await?),
            None => None,
        };
        match news {
            Some(None) => check.fail("news_id", "not_found"),
            None if text.is_empty() => check.fail("reply_text", "required"),
            _ => {}
        }
        if existing.is_none() {
            let n = keyword_reply::Entity::find()
                .filter(keyword_reply::Column::AccountId.eq(account_id))
                .count(&self.db)
                .await?;
            if n as usize >= KEYWORD_REPLIES_MAX {
                check.fail("keyword", "too_many");
            }
        }
        check.finish()?;
        let before = existing.clone().map(reply_dto);
        let mut row: keyword_reply::ActiveModel = match existing {
            Some(r) => r.into(),
            None => keyword_reply::ActiveModel {
                account_id: Set(account_id),
                position: Set(0),
                ..Default::default()
            },
        };
        row.keyword = Set(keyword);
        row.matching = Set(input.matching.key().to_owned());
        row.reply_text = Set(if input.news_id.is_some() {
            String::new()
        } else {
            text
        });
        row.news_id = Set(input.news_id);
        let after = reply_dto(match id {
            Some(_) => row.update(&self.db).await?,
            None => row.insert(&self.db).await?,
        });
        let name = format!("{}: {}", account.name, after.keyword);
        let entry = Entry::saved(
            AuditKind::WechatContent,
            after.id,
            &name,
            before.as_ref(),
            &after,
        );
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }

    pub async fn delete_keyword_reply(
        &self,
        actor: &Actor,
        account_id: i32,
        id: i32,
    ) -> Result<()> {
        let account = self.account(actor, account_id).await?;
        let row = keyword_reply::Entity::find_by_id(id)
            .filter(keyword_reply::Column::AccountId.eq(account_id))
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        keyword_reply::Entity::delete_by_id(id)
            .exec(&self.db)
            .await?;
        let row = reply_dto(row);
        let name = format!("{}: {}", account.name, row.keyword);
        let entry = Entry::deleted(AuditKind::WechatContent, id, &name, &row);
        self.audit.record(&self.db, actor, entry).await
    }

    pub async fn news(&self, actor: &Actor, account_id: i32) -> Result<Vec<NewsMessage>> {
        self.account(actor, account_id).await?;
        Ok(news_message::Entity::find()
            .filter(news_message::Column::AccountId.eq(account_id))
            .order_by_asc(news_message::Column::Title)
            .all(&self.db)
            .await?
            .into_iter()
            .map(news_dto)
            .collect())
    }

    pub async fn save_news(
        &self,
        actor: &Actor,
        account_id: i32,
        id: Option<i32>,
        input: NewsMessageInput,
    ) -> Result<NewsMessage> {
        let account = self.account(actor, account_id).await?;
        let existing = match id {
            Some(id) => Some(
                news_message::Entity::find_by_id(id)
                    .filter(news_message::Column::AccountId.eq(account_id))
                    .one(&self.db)
                    .await?
                    .ok_or(Error::NotFound)?,
            ),
            None => None,
        };
        let mut check = Check::new();
        let title = check.required_text("title", &input.title, NEWS_TITLE_MAX);
        let description = check
            .optional_text(
                "description",
                Some(&input.description),
                NEWS_DESCRIPTION_MAX,
            )
            .unwrap_or_default();
        let cover_url = web_address(&mut check, "cover_url", &input.cover_url, false);
        let url = web_address(&mut check, "url", &input.url, true);
        check.finish()?;
        let now = self.clock.now();
        let before = existing.clone().map(news_dto);
        let mut row: news_message::ActiveModel = match existing {
            Some(r) => r.into(),
            None => news_message::ActiveModel {
                account_id: Set(account_id),
                created_at: Set(now),
                ..Default::default()
            },
        };
        row.title = Set(title);
        row.description = Set(description);
        row.cover_url = Set(cover_url);
        row.url = Set(url);
        row.updated_at = Set(now);
        let after = news_dto(match id {
            Some(_) => row.update(&self.db).await?,
            None => row.insert(&self.db).await?,
        });
        let name = format!("{}: {}", account.name, after.title);
        let entry = Entry::saved(
            AuditKind::WechatContent,
            after.id,
            &name,
            before.as_ref(),
            &after,
        );
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }

    /// Delete a news message; keyword replies that answered with it are
    /// left without an answer and so stop matching until edited.
    pub async fn delete_news(&self, actor: &Actor, account_id: i32, id: i32) -> Result<()> {
        let account = self.account(actor, account_id).await?;
        let row = news_message::Entity::find_by_id(id)
            .filter(news_message::Column::AccountId.eq(account_id))
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        news_message::Entity::delete_by_id(id)
            .exec(&self.db)
            .await?;
        let row = news_dto(row);
        let name = format!("{}: {}", account.name, row.title);
        let entry = Entry::deleted(AuditKind::WechatContent, id, &name, &row);
        self.audit.record(&self.db, actor, entry).await
    }
}
