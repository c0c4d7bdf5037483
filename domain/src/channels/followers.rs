//! Platform users as visitors of ours (C4, C5): one visitor per account
//! and openid (or Weibo uid), made on their first message or event. Its
//! token is random and never handed out, so nobody can open that visitor's
//! chat from a browser. A WeChat unionid (the same person across a
//! company's accounts) finds or makes one customer record for all of them.

use std::sync::Arc;

use model::channels::{ChannelKind, FollowerProfile};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::actor::Actor;
use crate::chat::core::ChatCore;
use crate::chat::visitors::hash_token;
use crate::chat::Party;
use crate::clock::Clock;
use crate::entities::{channel_account, channel_event_seen, channel_follower, customer, visitor};
use crate::error::{Error, Result};

/// Longest platform id kept (openids are 28 characters, uids digits).
pub const EXTERNAL_ID_MAX: usize = 128;

/// What an event tells us of a follower.
#[derive(Debug, Clone, Default)]
pub(crate) struct FollowerChange {
    pub subscribed: Option<bool>,
    pub location: Option<String>,
    pub scene: Option<String>,
}

#[derive(Clone)]
pub struct FollowerService {
    core: ChatCore,
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
}

impl FollowerService {
    pub(crate) fn new(core: ChatCore) -> Self {
        Self {
            db: core.db.clone(),
            clock: core.clock.clone(),
            core,
        }
    }

    /// The follower (made now on first sight) and what changed of them.
    pub(crate) async fn follower(
        &self,
        account: &channel_account::Model,
        external_id: &str,
        union_id: Option<&str>,
        change: FollowerChange,
    ) -> Result<channel_follower::Model> {
        if external_id.is_empty() || external_id.len() > EXTERNAL_ID_MAX {
            return Err(Error::field("from_user", "invalid"));
        }
        let found = channel_follower::Entity::find()
            .filter(channel_follower::Column::AccountId.eq(account.id))
            .filter(channel_follower::Column::ExternalId.eq(external_id))
            .one(&self.db)
            .await?;
        let row = match found {
            Some(row) => row,
            None => self.make(account, external_id, union_id).await?,
        };
        let now = self.clock.now();
        let same = change.subscribed.is_none_or(|s| s == row.subscribed)
            && change.location.is_none()
            && change.scene.is_none();
        if same {
            return Ok(row);
        }
        let mut active: channel_follower::ActiveModel = row.into();
        if let Some(s) = change.subscribed {
            active.subscribed = Set(s);
        }
        if let Some(l) = change.location {
            active.location = Set(Some(l.chars().take(255).collect()));
        }
        if let Some(s) = change.scene {
            active.scene = Set(Some(s.chars().take(128).collect()));
        }
        active.updated_at = Set(now);
        Ok(active.update(&self.db).await?)
    }

    async fn make(
        &self,
        account: &channel_account::Model,
        external_id: &str,
        union_id: Option<&str>,
    ) -> Result<channel_follower::Model> {
        let now = self.clock.now();
        let mut secret = [0u8; 24];
        rand::thread_rng().fill_bytes(&mut secret);
        let kind = ChannelKind::from_key(&account.kind).unwrap_or(ChannelKind::Wechat);
        let tail: String = external_id
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let label = match kind {
            ChannelKind::Wechat => "WeChat",
            ChannelKind::Weibo => "Weibo",
        };
        let customer_id = match union_id.filter(|u| !u.is_empty() && u.len() <= EXTERNAL_ID_MAX) {
            Some(u) => Some(self.customer_for_union(u, now).await?),
            None => None,
        };
        let visitor = visitor::ActiveModel {
            token_hash: Set(hash_token(&hex::encode(secret))),
            name: Set(format!("{label} {tail}")),
            email: Set(None),
            created_at: Set(now),
            last_seen_at: Set(now),
            customer_id: Set(customer_id),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        let made = channel_follower::ActiveModel {
            account_id: Set(account.id),
            external_id: Set(external_id.to_owned()),
            union_id: Set(union_id.map(str::to_owned)),
            visitor_id: Set(visitor.id),
            subscribed: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await;
        match made {
            Ok(row) => Ok(row),
            // A retried callback made them first: use theirs.
            Err(e) if crate::people::is_unique_violation(&e) => {
                visitor::Entity::delete_by_id(visitor.id)
                    .exec(&self.db)
                    .await?;
                channel_follower::Entity::find()
                    .filter(channel_follower::Column::AccountId.eq(account.id))
                    .filter(channel_follower::Column::ExternalId.eq(external_id))
                    .one(&self.db)
                    .await?
                    .ok_or(Error::Db(e))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The one customer of everyone with this unionid.
    async fn customer_for_union(
        &self,
        union_id: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<i64> {
        let key = format!("wechat-union:{union_id}");
        let find = || {
            customer::Entity::find()
                .filter(customer::Column::ExternalId.eq(key.as_str()))
                .one(&self.db)
        };
        if let Some(c) = find().await? {
            return Ok(c.id);
        }
        let made = customer::ActiveModel {
            external_id: Set(Some(key.clone())),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await;
        match made {
            Ok(c) => Ok(c.id),
            Err(e) if crate::people::is_unique_violation(&e) => {
                find().await?.map(|c| c.id).ok_or(Error::Db(e))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// What the platform told us of a conversation's follower (None for
    /// a web visitor), for an agent who may see the conversation.
    pub async fn profile(
        &self,
        actor: &Actor,
        conversation_id: i64,
    ) -> Result<Option<FollowerProfile>> {
        let conv = self
            .core
            .visible(&Party::Agent(actor.clone()), conversation_id)
            .await?;
        let Some(f) = channel_follower::Entity::find()
            .filter(channel_follower::Column::VisitorId.eq(conv.visitor_id))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let account = channel_account::Entity::find_by_id(f.account_id)
            .one(&self.db)
            .await?;
        Ok(Some(FollowerProfile {
            kind: account
                .as_ref()
                .and_then(|a| ChannelKind::from_key(&a.kind)),
            account_name: account.map(|a| a.name).unwrap_or_default(),
            external_id: f.external_id,
            union_id: f.union_id,
            subscribed: f.subscribed,
            location: f.location,
            scene: f.scene,
        }))
    }

    /// Mark a visitor seen now (their last message or event).
    pub(crate) async fn seen(&self, visitor_id: i64) -> Result<()> {
        visitor::Entity::update_many()
            .col_expr(visitor::Column::LastSeenAt, Expr::value(self.clock.now()))
            .filter(visitor::Column::Id.eq(visitor_id))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}

/// Whether a platform event (or menu step) is new, not a retried
/// callback's: its key is stored once per account.
pub(crate) async fn first_sight(
    db: &DatabaseConnection,
    now: chrono::DateTime<chrono::Utc>,
    account_id: i32,
    key: &str,
) -> Result<bool> {
    let inserted = channel_event_seen::ActiveModel {
        account_id: Set(account_id),
        event_key: Set(key.chars().take(200).collect()),
        seen_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if crate::people::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}
