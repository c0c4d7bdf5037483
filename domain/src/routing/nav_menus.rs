//! Navigation menus (P1): one per chat link, kept by admins (*Manage
//! routing*) as a flat list checked into a tree (`menu::build`) and shown to
//! visitors before their first message. A leaf sends the chat to a group
//! or through a routing rule's targets.

use std::collections::HashSet;
use std::sync::Arc;

use model::audit::AuditKind;
use model::routing::{MenuTarget, NavMenu, NavMenuInput, MENU_PROMPT_MAX};
use model::{FieldError, Permission};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::menu::{build, find_leaf};
use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::clock::Clock;
use crate::entities::{agent_group, chat_link, nav_menu, routing_rule};
use crate::error::{Error, Result};
use crate::validate::Check;

#[derive(Clone)]
pub struct NavMenuService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    audit: AuditLog,
}

fn input_of(row: &nav_menu::Model) -> NavMenuInput {
    NavMenuInput {
        enabled: row.enabled,
        prompt_zh: row.prompt_zh.clone(),
        prompt_en: row.prompt_en.clone(),
        items: serde_json::from_str(&row.items).unwrap_or_default(),
    }
}

impl NavMenuService {
    pub(crate) fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, audit: AuditLog) -> Self {
        Self { db, clock, audit }
    }

    async fn link(&self, link_id: i32) -> Result<chat_link::Model> {
        chat_link::Entity::find_by_id(link_id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)
    }

    /// A link's menu as admins edit it (empty and off if it has none).
    pub async fn get(&self, actor: &Actor, link_id: i32) -> Result<NavMenuInput> {
        actor.require(Permission::ManageRouting)?;
        self.link(link_id).await?;
        Ok(nav_menu::Entity::find_by_id(link_id)
            .one(&self.db)
            .await?
            .map(|row| input_of(&row))
            .unwrap_or_default())
    }

    /// Replace a link's menu. Every problem is a field error on its item;
    /// a leaf's group or rule must exist.
    pub async fn save(
        &self,
        actor: &Actor,
        link_id: i32,
        input: NavMenuInput,
    ) -> Result<NavMenuInput> {
        actor.require(Permission::ManageRouting)?;
        let link = self.link(link_id).await?;
        let mut check = Check::new();
        for (field, prompt) in [
            ("prompt_zh", &input.prompt_zh),
            ("prompt_en", &input.prompt_en),
        ] {
            check.max_len(field, prompt, MENU_PROMPT_MAX);
        }
        if input.enabled && input.items.is_empty() {
            check.fail("items", "required");
        }
        let mut errors: Vec<FieldError> = match build(&input.items) {
            Ok(_) => vec![],
            Err(e) => e,
        };
        let groups: HashSet<i32> = agent_group::Entity::find()
            .all(&self.db)
            .await?
            .iter()
            .map(|g| g.id)
            .collect();
        let rules: HashSet<i32> = routing_rule::Entity::find()
            .all(&self.db)
            .await?
            .iter()
            .map(|r| r.id)
            .collect();
        for (i, item) in input.items.iter().enumerate() {
            let known = match item.target {
                Some(MenuTarget::Group(g)) => groups.contains(&g),
                Some(MenuTarget::Rule(r)) => rules.contains(&r),
                None => true,
            };
            if !known {
                errors.push(FieldError::new(&format!("items.{i}.target"), "not_found"));
            }
        }
        if let Err(Error::Invalid(mut more)) = check.finish() {
            errors.append(&mut more);
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let clean = NavMenuInput {
            enabled: input.enabled,
            prompt_zh: input.prompt_zh.trim().to_owned(),
            prompt_en: input.prompt_en.trim().to_owned(),
            items: input.items,
        };
        let items = serde_json::to_string(&clean.items)
            .map_err(|e| Error::Internal(format!("menu: {e}")))?;
        let existing = nav_menu::Entity::find_by_id(link_id).one(&self.db).await?;
        let before = existing.as_ref().map(input_of).unwrap_or_default();
        let row = nav_menu::ActiveModel {
            link_id: Set(link_id),
            enabled: Set(clean.enabled),
            prompt_zh: Set(clean.prompt_zh.clone()),
            prompt_en: Set(clean.prompt_en.clone()),
            items: Set(items),
            updated_at: Set(self.clock.now()),
        };
        match existing {
            Some(_) => row.update(&self.db).await?,
            None => row.insert(&self.db).await?,
        };
        let entry = Entry::updated(AuditKind::NavMenu, link_id, &link.name, &before, &clean);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(clean)
    }

    /// The menu a visitor of this link sees, if it has one turned on.
    /// Public: the widget asks before the first message.
    pub async fn for_visitor(&self, link: Option<&str>) -> Result<Option<NavMenu>> {
        let slug = link.unwrap_or(crate::chat::DEFAULT_LINK);
        let Some(link) = chat_link::Entity::find()
            .filter(chat_link::Column::Slug.eq(slug))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        Ok(self.menu_of(link.id).await?.filter(|m| m.enabled))
    }

    async fn menu_of(&self, link_id: i32) -> Result<Option<NavMenu>> {
        let Some(row) = nav_menu::Entity::find_by_id(link_id).one(&self.db).await? else {
            return Ok(None);
        };
        let input = input_of(&row);
        // Stored menus were checked; one that no longer builds is not shown.
        Ok(build(&input.items).ok().map(|items| NavMenu {
            enabled: input.enabled,
            prompt_zh: input.prompt_zh,
            prompt_en: input.prompt_en,
            items,
        }))
    }

    /// The leaf `key` of the link's menu: where it sends the chat and the
    /// labels down to it (in `lang`). None for an unknown or stale key.
    pub(crate) async fn leaf(
        &self,
        link_id: i32,
        key: &str,
        lang: &str,
    ) -> Result<Option<(MenuTarget, Vec<String>)>> {
        let Some(menu) = self.menu_of(link_id).await?.filter(|m| m.enabled) else {
            return Ok(None);
        };
        Ok(find_leaf(&menu.items, key, lang)
            .and_then(|(leaf, path)| leaf.target.map(|t| (t, path))))
    }
}
