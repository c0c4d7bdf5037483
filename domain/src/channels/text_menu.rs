//! The navigation menu (P1) on WeChat (C4), where there are no buttons:
//! a follower with no conversation open is shown the default chat link's
//! menu as numbered lines, answers with a number (submenus, `0` for back),
//! and their choice starts the conversation, routed as that leaf says,
//! with what they first wrote as its first message. Where they stand is
//! kept with the follower, so it survives restarts and works with several
//! server processes.

use model::routing::{MenuItem, NavMenu};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::entities::channel_follower;
use crate::error::Result;
use crate::routing::menu::{numbered_text, text_choice, TextChoice};
use crate::routing::nav_menus::NavMenuService;

/// The language menus are shown in on Chinese platforms.
const LANG: &str = "zh-CN";

/// What a follower's text does with the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MenuStep {
    /// No menu is turned on: go on as usual.
    Off,
    /// Answer with this text (the menu, one of its levels, or it again).
    Reply(String),
    /// A leaf was chosen: start with it, the text kept before as the
    /// first message.
    Chosen {
        key: String,
        pending: Option<String>,
    },
}

/// The items under the submenu `key`, and its parent's key ("" for the
/// top), anywhere in the tree.
pub(crate) fn level<'a>(
    items: &'a [MenuItem],
    key: &str,
    parent: &str,
) -> Option<(&'a [MenuItem], String)> {
    for item in items {
        if item.key == key && !item.children.is_empty() {
            return Some((&item.children, parent.to_owned()));
        }
        if let Some(found) = level(&item.children, key, &item.key) {
            return Some(found);
        }
    }
    None
}

/// Where a reply leaves the follower: the new level and what to answer,
/// or the leaf they chose. Pure: the menu, where they stand, what they said.
pub(crate) fn next(menu: &NavMenu, at: Option<&str>, text: &str) -> (Option<String>, MenuStep) {
    let show = |key: &str| -> (Option<String>, MenuStep) {
        match level(&menu.items, key, "") {
            Some((items, _)) => (
                Some(key.to_owned()),
                MenuStep::Reply(numbered_text(menu.prompt(LANG), items, LANG, true)),
            ),
            None => (
                Some(String::new()),
                MenuStep::Reply(numbered_text(menu.prompt(LANG), &menu.items, LANG, false)),
            ),
        }
    };
    let Some(at) = at else {
        return show("");
    };
    let (items, parent) = if at.is_empty() {
        (&menu.items[..], String::new())
    } else {
        match level(&menu.items, at, "") {
            Some(found) => found,
            // The menu changed under them: start again at the top.
            None => return show(""),
        }
    };
    match text_choice(items, text) {
        TextChoice::Open(key) => show(&key),
        TextChoice::Back => show(&parent),
        TextChoice::NotAChoice => show(at),
        TextChoice::Leaf(_, key) => (None, MenuStep::Chosen { key, pending: None }),
    }
}

#[derive(Clone)]
pub(crate) struct TextMenu {
    pub db: DatabaseConnection,
    pub menus: NavMenuService,
}

impl TextMenu {
    /// Move the follower through the menu with `text`; a retried callback
    /// (`fresh` false) is answered with where they stand, moving nothing.
    pub async fn step(
        &self,
        follower: &channel_follower::Model,
        text: &str,
        fresh: bool,
    ) -> Result<MenuStep> {
        let Some(menu) = self.menus.for_visitor(None).await? else {
            return Ok(MenuStep::Off);
        };
        if menu.items.is_empty() {
            return Ok(MenuStep::Off);
        }
        if !fresh && follower.menu_level.is_some() {
            let (_, again) = next(&menu, follower.menu_level.as_deref(), "");
            return Ok(again);
        }
        let (level, step) = next(&menu, follower.menu_level.as_deref(), text);
        // The first text, before any menu was shown, waits for the choice.
        let pending = match follower.menu_level {
            None => Some(text.to_owned()),
            Some(_) => follower.menu_pending.clone(),
        };
        let chosen = matches!(step, MenuStep::Chosen { .. });
        channel_follower::Entity::update_many()
            .col_expr(channel_follower::Column::MenuLevel, Expr::value(level))
            .col_expr(
                channel_follower::Column::MenuPending,
                Expr::value(if chosen { None } else { pending.clone() }),
            )
            .filter(channel_follower::Column::Id.eq(follower.id))
            .exec(&self.db)
            .await?;
        Ok(match step {
            MenuStep::Chosen { key, .. } => MenuStep::Chosen { key, pending },
            other => other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::routing::MenuTarget;

    fn item(key: &str, zh: &str, children: Vec<MenuItem>) -> MenuItem {
        MenuItem {
            key: key.into(),
            label_zh: zh.into(),
            label_en: String::new(),
            target: children.is_empty().then_some(MenuTarget::Group(1)),
            children,
        }
    }

    fn menu() -> NavMenu {
        NavMenu {
            enabled: true,
            prompt_zh: "请选择：".into(),
            prompt_en: String::new(),
            items: vec![
                item(
                    "sales",
                    "售前",
                    vec![item("phones", "手机", vec![]), item("tvs", "电视", vec![])],
                ),
                item("support", "售后", vec![]),
            ],
        }
    }

    #[test]
    fn a_follower_walks_the_menu_by_numbers() {
        let m = menu();
        let (at, step) = next(&m, None, "你好");
        assert_eq!(at.as_deref(), Some(""));
        assert_eq!(step, MenuStep::Reply("请选择：\n1. 售前\n2. 售后".into()));
        let (at, step) = next(&m, Some(""), "1");
        assert_eq!(at.as_deref(), Some("sales"));
        assert_eq!(
            step,
            MenuStep::Reply("请选择：\n1. 手机\n2. 电视\n0. 返回".into())
        );
        // Not a number on the menu: the same level again.
        let (at, _) = next(&m, Some("sales"), "what?");
        assert_eq!(at.as_deref(), Some("sales"));
        let (at, _) = next(&m, Some("sales"), "0");
        assert_eq!(at.as_deref(), Some(""));
        let (at, step) = next(&m, Some("sales"), "２");
        assert_eq!(at, None);
        assert_eq!(
            step,
            MenuStep::Chosen {
                key: "tvs".into(),
                pending: None
            }
        );
        // A submenu that is gone sends them back to the top.
        let (at, _) = next(&m, Some("removed"), "1");
        assert_eq!(at.as_deref(), Some(""));
    }
}
