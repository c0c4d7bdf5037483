//! Navigation menus (P1), pure: the admin's flat list of items checked and
//! turned into a tree, and the numbered-text form that WeChat and the app
//! API show (`1. Sales`, `0. Back`).

use std::collections::{HashMap, HashSet};

use model::routing::{
    MenuItem, MenuItemInput, MenuTarget, MENU_DEPTH_MAX, MENU_ITEMS_MAX, MENU_KEY_MAX,
    MENU_LABEL_MAX,
};
use model::FieldError;

fn err(i: usize, field: &str, code: &str) -> FieldError {
    FieldError::new(&format!("items.{i}.{field}"), code)
}

fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MENU_KEY_MAX
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Check a menu's items and build its tree. Errors name the item
/// (`items.3.parent`): `invalid_key`, `duplicate`, `not_found` (no such
/// parent), `cycle`, `too_deep` (more than three levels), `required` (a
/// label in neither language, or a leaf without a target), `too_long`,
/// `has_children` (a target on an item that opens a submenu), and
/// `too_many` on `items`.
pub fn build(items: &[MenuItemInput]) -> Result<Vec<MenuItem>, Vec<FieldError>> {
    let mut errors = Vec::new();
    if items.len() > MENU_ITEMS_MAX {
        return Err(vec![FieldError::with_limit(
            "items",
            "too_many",
            MENU_ITEMS_MAX as i64,
        )]);
    }
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        if !valid_key(&item.key) {
            errors.push(err(i, "key", "invalid_key"));
        } else if index.insert(item.key.as_str(), i).is_some() {
            errors.push(err(i, "key", "duplicate"));
        }
        let (zh, en) = (item.label_zh.trim(), item.label_en.trim());
        if zh.is_empty() && en.is_empty() {
            errors.push(err(i, "label_zh", "required"));
        }
        for (field, label) in [("label_zh", zh), ("label_en", en)] {
            if label.chars().count() > MENU_LABEL_MAX {
                errors.push(FieldError::with_limit(
                    &format!("items.{i}.{field}"),
                    "too_long",
                    MENU_LABEL_MAX as i64,
                ));
            }
        }
    }
    // Parents: known, no cycle, at most three levels.
    let parent_of = |i: usize| items[i].parent.as_deref().filter(|p| !p.is_empty());
    for i in 0..items.len() {
        let Some(parent) = parent_of(i) else { continue };
        if !index.contains_key(parent) {
            errors.push(err(i, "parent", "not_found"));
            continue;
        }
        let (mut depth, mut at, mut seen) = (1, i, HashSet::from([i]));
        while let Some(p) = parent_of(at).and_then(|p| index.get(p).copied()) {
            if !seen.insert(p) {
                errors.push(err(i, "parent", "cycle"));
                break;
            }
            depth += 1;
            at = p;
        }
        if depth > MENU_DEPTH_MAX
            && !errors
                .iter()
                .any(|e| e.field == format!("items.{i}.parent"))
        {
            errors.push(FieldError::with_limit(
                &format!("items.{i}.parent"),
                "too_deep",
                MENU_DEPTH_MAX as i64,
            ));
        }
    }
    let has_children: HashSet<&str> = (0..items.len()).filter_map(parent_of).collect();
    for (i, item) in items.iter().enumerate() {
        let parent = has_children.contains(item.key.as_str());
        match (parent, item.target) {
            (true, Some(_)) => errors.push(err(i, "target", "has_children")),
            (false, None) => errors.push(err(i, "target", "required")),
            _ => {}
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(children_of(items, None))
}

fn children_of(items: &[MenuItemInput], parent: Option<&str>) -> Vec<MenuItem> {
    items
        .iter()
        .filter(|i| i.parent.as_deref().filter(|p| !p.is_empty()) == parent)
        .map(|i| MenuItem {
            key: i.key.clone(),
            label_zh: i.label_zh.trim().to_owned(),
            label_en: i.label_en.trim().to_owned(),
            target: i.target,
            children: children_of(items, Some(&i.key)),
        })
        .collect()
}

/// The items a menu shows after the visitor went down `path` (keys from
/// the top), or `None` when the path does not lead to a submenu.
pub fn level<'a>(items: &'a [MenuItem], path: &[String]) -> Option<&'a [MenuItem]> {
    let mut at = items;
    for key in path {
        at = &at.iter().find(|i| &i.key == key)?.children;
    }
    (!at.is_empty()).then_some(at)
}

/// The leaf `key` and the labels from the top down to it.
pub fn find_leaf<'a>(
    items: &'a [MenuItem],
    key: &str,
    lang: &str,
) -> Option<(&'a MenuItem, Vec<String>)> {
    for item in items {
        if item.key == key && item.children.is_empty() {
            return Some((item, vec![item.label(lang).to_owned()]));
        }
        if let Some((leaf, mut path)) = find_leaf(&item.children, key, lang) {
            path.insert(0, item.label(lang).to_owned());
            return Some((leaf, path));
        }
    }
    None
}

/// A menu level as numbered text lines for text-only channels.
pub fn numbered_text(prompt: &str, items: &[MenuItem], lang: &str, nested: bool) -> String {
    let mut out = String::from(prompt.trim());
    for (n, item) in items.iter().enumerate() {
        out.push_str(&format!("\n{}. {}", n + 1, item.label(lang)));
    }
    if nested {
        out.push_str(if lang.starts_with("zh") {
            "\n0. 返回"
        } else {
            "\n0. Back"
        });
    }
    out.trim_start().to_owned()
}

/// What a text reply does at a menu level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextChoice {
    /// Open this submenu (its key).
    Open(String),
    /// The visitor picked this leaf.
    Leaf(MenuTarget, String),
    Back,
    /// Not a number on the menu: show it again.
    NotAChoice,
}

/// Read a visitor's reply ("2", " 2 ", "２") to the numbered level `items`.
pub fn text_choice(items: &[MenuItem], reply: &str) -> TextChoice {
    let digits: String = reply
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    match digits.parse::<usize>() {
        Ok(0) => TextChoice::Back,
        Ok(n) if n <= items.len() => {
            let item = &items[n - 1];
            match (item.children.is_empty(), item.target) {
                (false, _) => TextChoice::Open(item.key.clone()),
                (true, Some(t)) => TextChoice::Leaf(t, item.key.clone()),
                (true, None) => TextChoice::NotAChoice,
            }
        }
        _ => TextChoice::NotAChoice,
    }
}

#[cfg(test)]
#[path = "menu_tests.rs"]
mod tests;
