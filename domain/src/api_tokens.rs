//! Personal API tokens (C6): an agent's apps and integrations call the open
//! API as that agent, with the agent's own permissions. The secret is shown
//! once at creation; only its SHA-256 is stored.

use std::sync::Arc;

use model::audit::AuditKind;
use model::people::{ApiToken, NewApiToken};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use sha2::{Digest, Sha256};

use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::auth::AuthService;
use crate::clock::Clock;
use crate::entities::api_token;
use crate::error::{Error, Result};
use crate::validate::Check;

/// Secrets start with this, so they are easy to spot in logs and scanners.
pub const PREFIX: &str = "sbat_";
/// Most tokens an agent may hold at once.
pub const MAX_PER_AGENT: usize = 20;

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn dto(t: api_token::Model) -> ApiToken {
    ApiToken {
        id: t.id,
        name: t.name,
        created_at: t.created_at,
        last_used_at: t.last_used_at,
    }
}

#[derive(Clone)]
pub struct ApiTokenService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    auth: AuthService,
    audit: AuditLog,
}

impl ApiTokenService {
    pub fn new(
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        auth: AuthService,
        audit: AuditLog,
    ) -> Self {
        Self {
            db,
            clock,
            auth,
            audit,
        }
    }

    pub async fn list(&self, actor: &Actor) -> Result<Vec<ApiToken>> {
        Ok(api_token::Entity::find()
            .filter(api_token::Column::AgentId.eq(actor.agent_id))
            .order_by_desc(api_token::Column::CreatedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(dto)
            .collect())
    }

    pub async fn create(&self, actor: &Actor, name: &str) -> Result<NewApiToken> {
        let mut check = Check::new();
        let name = check.required_text("name", name, 64);
        check.finish()?;
        if self.list(actor).await?.len() >= MAX_PER_AGENT {
            return Err(Error::field("name", "too_many_tokens"));
        }
        let mut raw = [0u8; 24];
        rand::thread_rng().fill_bytes(&mut raw);
        let secret = format!("{PREFIX}{}", hex::encode(raw));
        let row = api_token::ActiveModel {
            agent_id: Set(actor.agent_id),
            name: Set(name),
            token_hash: Set(hash(&secret)),
            created_at: Set(self.clock.now()),
            last_used_at: Set(None),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        let token = dto(row);
        let entry = Entry::created(AuditKind::ApiToken, token.id, &token.name, &token);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(NewApiToken { token, secret })
    }

    /// Revoke one of the caller's own tokens.
    pub async fn revoke(&self, actor: &Actor, id: i32) -> Result<()> {
        let token = api_token::Entity::find_by_id(id)
            .filter(api_token::Column::AgentId.eq(actor.agent_id))
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let res = api_token::Entity::delete_by_id(token.id)
            .exec(&self.db)
            .await?;
        if res.rows_affected == 0 {
            return Err(Error::NotFound);
        }
        let before = dto(token);
        let entry = Entry::deleted(AuditKind::ApiToken, id, &before.name, &before);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(())
    }

    /// The agent a secret belongs to, if the token exists and the agent is
    /// still enabled; anything else is `Unauthenticated`.
    pub async fn actor(&self, secret: &str) -> Result<Actor> {
        if !secret.starts_with(PREFIX) || secret.len() > 128 {
            return Err(Error::Unauthenticated);
        }
        let token = api_token::Entity::find()
            .filter(api_token::Column::TokenHash.eq(hash(secret)))
            .one(&self.db)
            .await?
            .ok_or(Error::Unauthenticated)?;
        let (actor, _) = self.auth.actor(token.agent_id).await?;
        let mut seen: api_token::ActiveModel = token.into();
        seen.last_used_at = Set(Some(self.clock.now()));
        seen.update(&self.db).await?;
        Ok(actor)
    }
}
