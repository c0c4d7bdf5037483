//! Agent avatars uploaded as images (O2). The bytes live in the file store
//! like every other upload; the agent row names the key, and only keys named
//! there are served, publicly, at [`model::people::AVATAR_PATH`]: an
//! avatar is shown to visitors, so it needs no ticket, and a conversation's
//! file can never be read through that route.

use model::audit::AuditKind;
use model::people::{Agent, AVATAR_MAX_BYTES};
use model::Permission;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use super::AgentService;
use crate::actor::Actor;
use crate::audit::Entry;
use crate::entities::agent;
use crate::error::{Error, Result};
use crate::files;
use crate::people::grants::{may_manage, Granter};

/// An avatar's bytes and image type, for the public route.
pub struct AvatarImage {
    pub bytes: Vec<u8>,
    pub content_type: String,
}

impl AgentService {
    /// Upload `bytes` as agent `id`'s avatar, replacing any earlier one.
    /// Everyone may change their own; changing another's takes managing
    /// people and may-manage over their role, as editing them does. Only
    /// PNG, JPEG, GIF and WebP images up to [`AVATAR_MAX_BYTES`] are taken
    /// (field errors on `file`).
    pub async fn set_avatar(
        &self,
        actor: &Actor,
        id: i32,
        name: &str,
        bytes: &[u8],
    ) -> Result<Agent> {
        let existing = self.editable(actor, id).await?;
        let not_an_image = || Error::field("file", "not_an_image");
        let checked = files::check(name, bytes, AVATAR_MAX_BYTES).map_err(|e| match e {
            Error::Invalid(f) if f.iter().any(|f| f.code == "file_type") => not_an_image(),
            other => other,
        })?;
        if !checked.content_type.starts_with("image/") {
            return Err(not_an_image());
        }
        let key = self.files.save(bytes).await?;
        let before = self.load(id).await?;
        let old_key = existing.avatar_key.clone();
        let mut row: agent::ActiveModel = existing.into();
        row.avatar_key = Set(Some(key.clone()));
        row.avatar_type = Set(Some(checked.content_type));
        row.updated_at = Set(self.clock.now());
        if let Err(e) = row.update(&self.db).await {
            self.files.remove(&key).await;
            return Err(e.into());
        }
        if let Some(old) = old_key {
            self.files.remove(&old).await;
        }
        self.avatar_changed(actor, id, &before).await
    }

    /// Take agent `id`'s uploaded avatar (and any avatar address) away.
    pub async fn remove_avatar(&self, actor: &Actor, id: i32) -> Result<Agent> {
        let existing = self.editable(actor, id).await?;
        let before = self.load(id).await?;
        let old_key = existing.avatar_key.clone();
        let mut row: agent::ActiveModel = existing.into();
        row.avatar_key = Set(None);
        row.avatar_type = Set(None);
        row.avatar_url = Set(None);
        row.updated_at = Set(self.clock.now());
        row.update(&self.db).await?;
        if let Some(old) = old_key {
            self.files.remove(&old).await;
        }
        self.avatar_changed(actor, id, &before).await
    }

    /// The image of an uploaded avatar, for anyone: avatars are public.
    /// A key no agent's avatar has is not found.
    pub async fn avatar(&self, key: &str) -> Result<AvatarImage> {
        let row = agent::Entity::find()
            .filter(agent::Column::AvatarKey.eq(key))
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        Ok(AvatarImage {
            bytes: self.files.read(key).await?,
            content_type: row.avatar_type.unwrap_or_else(|| "image/png".into()),
        })
    }

    /// The agent row, when `actor` may change `id`'s avatar.
    async fn editable(&self, actor: &Actor, id: i32) -> Result<agent::Model> {
        if actor.agent_id != id {
            actor.require(Permission::ManagePeople)?;
        }
        let existing = agent::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        if actor.agent_id != id {
            let who = Granter::of(&self.db, actor).await?;
            if !may_manage(&who, &self.grant(existing.role_id).await?) {
                return Err(Error::Forbidden);
            }
        }
        Ok(existing)
    }

    async fn avatar_changed(&self, actor: &Actor, id: i32, before: &Agent) -> Result<Agent> {
        let after = self.load(id).await?;
        let entry = Entry::updated(AuditKind::Agent, id, &after.name, before, &after);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(after)
    }
}
