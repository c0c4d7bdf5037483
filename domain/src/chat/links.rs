//! Chat links (C3): `/chat/{slug}` addresses. The default one serves the
//! website widget; admins add more that send every conversation to one
//! group or one agent (a campaign page, a VIP line, a department).

use model::audit::AuditKind;
use model::chat::{ChatLink, ChatLinkInput};
use model::identity::IdentityMode;
use model::Permission;
use rand::Rng;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::clock::Clock;
use crate::entities::{agent, agent_group, chat_link};
use crate::error::{Error, Result};
use crate::validate::Check;

pub const DEFAULT_LINK: &str = "default";

/// How a link takes identity from the site (C3, C6).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LinkIdentity {
    pub mode: IdentityMode,
    pub secret: Option<String>,
    pub required: bool,
}
const SLUG_MAX: usize = 40;

fn dto(l: chat_link::Model) -> ChatLink {
    ChatLink {
        id: l.id,
        slug: l.slug,
        name: l.name,
        group_id: l.group_id,
        agent_id: l.agent_id,
        is_default: l.is_default,
        identity_mode: IdentityMode::from_key(&l.identity_mode),
        identity_required: l.identity_required,
        has_secret: l.identity_secret.is_some(),
        bot_mode: l
            .bot_mode
            .as_deref()
            .and_then(model::bot::BotMode::from_key),
    }
}

/// Lower-case letters, digits and dashes, not starting or ending with a dash.
fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= SLUG_MAX
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

fn random_slug() -> String {
    const CHARS: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    (0..8)
        .map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char)
        .collect()
}

#[derive(Clone)]
pub struct LinkService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    audit: AuditLog,
}

impl LinkService {
    pub(crate) fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, audit: AuditLog) -> Self {
        Self { db, clock, audit }
    }

    /// Every company has a default chat link (C3); create it once.
    pub async fn ensure_default_link(&self) -> Result<String> {
        if let Some(l) = chat_link::Entity::find()
            .filter(chat_link::Column::IsDefault.eq(true))
            .one(&self.db)
            .await?
        {
            return Ok(l.slug);
        }
        let link = chat_link::ActiveModel {
            slug: Set(DEFAULT_LINK.into()),
            name: Set("Website".into()),
            group_id: Set(None),
            agent_id: Set(None),
            is_default: Set(true),
            created_at: Set(self.clock.now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        Ok(link.slug)
    }

    /// Whether a chat link exists (the standalone page 404s otherwise).
    pub async fn link_exists(&self, slug: &str) -> Result<bool> {
        Ok(chat_link::Entity::find()
            .filter(chat_link::Column::Slug.eq(slug))
            .one(&self.db)
            .await?
            .is_some())
    }

    pub async fn list_links(&self, actor: &Actor) -> Result<Vec<ChatLink>> {
        actor.require(Permission::ManageChannels)?;
        Ok(chat_link::Entity::find()
            .order_by_desc(chat_link::Column::IsDefault)
            .order_by_asc(chat_link::Column::Name)
            .all(&self.db)
            .await?
            .into_iter()
            .map(dto)
            .collect())
    }

    /// Create (`id` = None) or change a link. The default link keeps its
    /// address, since it is pasted on websites.
    pub async fn save_link(
        &self,
        actor: &Actor,
        id: Option<i32>,
        input: ChatLinkInput,
    ) -> Result<ChatLink> {
        actor.require(Permission::ManageChannels)?;
        let existing = match id {
            Some(id) => Some(
                chat_link::Entity::find_by_id(id)
                    .one(&self.db)
                    .await?
                    .ok_or(Error::NotFound)?,
            ),
            None => None,
        };
        let mut check = Check::new();
        let name = check.required_text("name", &input.name, 64);
        let wanted = input.slug.trim().to_ascii_lowercase();
        let slug = match &existing {
            Some(l) if l.is_default => l.slug.clone(),
            Some(l) if wanted.is_empty() => l.slug.clone(),
            _ if wanted.is_empty() => random_slug(),
            _ => wanted,
        };
        if !valid_slug(&slug) {
            check.fail("slug", "invalid_slug");
        } else {
            let taken = chat_link::Entity::find()
                .filter(chat_link::Column::Slug.eq(slug.as_str()))
                .one(&self.db)
                .await?
                .is_some_and(|other| Some(other.id) != id);
            if taken {
                check.fail("slug", "duplicate");
            }
        }
        if input.group_id.is_some() && input.agent_id.is_some() {
            check.fail("target", "one_target");
        }
        if let Some(g) = input.group_id {
            if agent_group::Entity::find_by_id(g)
                .one(&self.db)
                .await?
                .is_none()
            {
                check.fail("target", "not_found");
            }
        }
        if let Some(a) = input.agent_id {
            if agent::Entity::find_by_id(a).one(&self.db).await?.is_none() {
                check.fail("target", "not_found");
            }
        }
        check.finish()?;
        let before = existing.clone().map(dto);
        let mut row: chat_link::ActiveModel = match existing {
            Some(l) => l.into(),
            None => chat_link::ActiveModel {
                is_default: Set(false),
                created_at: Set(self.clock.now()),
                identity_secret: Set(None),
                ..Default::default()
            },
        };
        row.name = Set(name);
        row.slug = Set(slug);
        row.group_id = Set(input.group_id);
        row.agent_id = Set(input.agent_id);
        row.identity_mode = Set(input.identity_mode.key().to_owned());
        row.identity_required = Set(input.identity_required);
        row.bot_mode = Set(input.bot_mode.map(|m| m.key().to_owned()));
        let saved = if id.is_some() {
            row.update(&self.db).await
        } else {
            row.insert(&self.db).await
        };
        match saved {
            Ok(l) => {
                let after = dto(l);
                let entry = Entry::saved(
                    AuditKind::Link,
                    after.id,
                    &after.name,
                    before.as_ref(),
                    &after,
                );
                self.audit.record(&self.db, actor, entry).await?;
                Ok(after)
            }
            Err(e) if crate::people::is_unique_violation(&e) => {
                Err(Error::field("slug", "duplicate"))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Make a new identity secret for the link (the old one stops working)
    /// and return it: the only time anyone sees it.
    pub async fn rotate_identity_secret(&self, actor: &Actor, id: i32) -> Result<String> {
        actor.require(Permission::ManageChannels)?;
        let row = chat_link::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let secret = crate::identity::token::new_secret();
        let name = row.name.clone();
        let mut row: chat_link::ActiveModel = row.into();
        row.identity_secret = Set(Some(secret.clone()));
        row.update(&self.db).await?;
        // The secret itself never goes into the log.
        let entry = Entry::updated(
            AuditKind::Link,
            id,
            &name,
            &serde_json::json!({ "identity_secret": "old" }),
            &serde_json::json!({ "identity_secret": "new" }),
        );
        self.audit.record(&self.db, actor, entry).await?;
        Ok(secret)
    }

    /// How the link with this address takes identity (none for an
    /// unknown address: the visitor is then refused elsewhere).
    pub(crate) async fn identity_rules(&self, slug: Option<&str>) -> Result<Option<LinkIdentity>> {
        let slug = slug.unwrap_or(DEFAULT_LINK);
        Ok(chat_link::Entity::find()
            .filter(chat_link::Column::Slug.eq(slug))
            .one(&self.db)
            .await?
            .map(|l| LinkIdentity {
                mode: IdentityMode::from_key(&l.identity_mode),
                secret: l.identity_secret,
                required: l.identity_required,
            }))
    }

    /// The groups and enabled agents a link may send conversations to.
    pub async fn link_targets(&self, actor: &Actor) -> Result<model::chat::TransferTargets> {
        actor.require(Permission::ManageChannels)?;
        crate::people::agents_and_groups(&self.db, None).await
    }

    /// Remove a link; conversations that came through it keep their history.
    pub async fn delete_link(&self, actor: &Actor, id: i32) -> Result<()> {
        actor.require(Permission::ManageChannels)?;
        let link = chat_link::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        if link.is_default {
            return Err(Error::field("id", "default_link"));
        }
        chat_link::Entity::delete_by_id(id).exec(&self.db).await?;
        let before = dto(link);
        let entry = Entry::deleted(AuditKind::Link, id, &before.name, &before);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(valid_slug("spring-sale"));
        assert!(valid_slug("vip2"));
        assert!(!valid_slug("Spring"));
        assert!(!valid_slug("-x"));
        assert!(!valid_slug("a b"));
        assert!(!valid_slug("../x"));
        assert!(!valid_slug(&"a".repeat(41)));
        assert!(valid_slug(&random_slug()));
    }
}
