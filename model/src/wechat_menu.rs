//! A WeChat official account's custom menu (C4): up to three buttons at
//! the bottom of the chat, each a click (sends its key to us), a page
//! (opens a URL), a mini program, or a group of up to five such buttons.
//! `check` holds WeChat's limits; `to_wechat`/`from_wechat` are the JSON
//! of its menu API.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Most top-level buttons, and most buttons in a group.
pub const TOP_MAX: usize = 3;
pub const SUB_MAX: usize = 5;
/// WeChat counts names in bytes: 16 at the top, 60 in a group.
pub const TOP_NAME_BYTES: usize = 16;
pub const SUB_NAME_BYTES: usize = 60;
pub const KEY_BYTES: usize = 128;
pub const URL_BYTES: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MenuButtonKind {
    /// Sends its key to us (a `CLICK` event); a keyword reply may answer.
    #[default]
    Click,
    /// Opens a web page.
    View,
    /// Opens a mini program page (with a web page for old clients).
    Miniprogram,
    /// A group of buttons (top level only).
    Group,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MenuButton {
    pub name: String,
    pub kind: MenuButtonKind,
    /// Click: the key sent to us.
    #[serde(default)]
    pub key: String,
    /// View: the page; mini program: the page for clients without one.
    #[serde(default)]
    pub url: String,
    /// Mini program: its AppID and page path.
    #[serde(default)]
    pub appid: String,
    #[serde(default)]
    pub pagepath: String,
    /// Group: its buttons.
    #[serde(default)]
    pub buttons: Vec<MenuButton>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WechatMenu {
    pub buttons: Vec<MenuButton>,
}

/// A field error of a menu: `buttons.1.buttons.0.name` and its code.
pub type MenuError = (String, &'static str);

fn web(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://")) && url.len() <= URL_BYTES
}

fn check_button(b: &MenuButton, at: &str, top: bool, errors: &mut Vec<MenuError>) {
    let name = b.name.trim();
    let max = if top { TOP_NAME_BYTES } else { SUB_NAME_BYTES };
    if name.is_empty() {
        errors.push((format!("{at}.name"), "required"));
    } else if name.len() > max {
        errors.push((format!("{at}.name"), "too_long"));
    }
    match b.kind {
        MenuButtonKind::Click => {
            let key = b.key.trim();
            if key.is_empty() {
                errors.push((format!("{at}.key"), "required"));
            } else if key.len() > KEY_BYTES {
                errors.push((format!("{at}.key"), "too_long"));
            }
        }
        MenuButtonKind::View => {
            if !web(b.url.trim()) {
                errors.push((format!("{at}.url"), "invalid_url"));
            }
        }
        MenuButtonKind::Miniprogram => {
            if !web(b.url.trim()) {
                errors.push((format!("{at}.url"), "invalid_url"));
            }
            if b.appid.trim().is_empty() {
                errors.push((format!("{at}.appid"), "required"));
            }
            if b.pagepath.trim().is_empty() {
                errors.push((format!("{at}.pagepath"), "required"));
            }
        }
        MenuButtonKind::Group if !top => errors.push((format!("{at}.kind"), "invalid")),
        MenuButtonKind::Group => {
            if b.buttons.is_empty() {
                errors.push((format!("{at}.buttons"), "required"));
            } else if b.buttons.len() > SUB_MAX {
                errors.push((format!("{at}.buttons"), "too_many"));
            }
            for (i, sub) in b.buttons.iter().enumerate().take(SUB_MAX) {
                check_button(sub, &format!("{at}.buttons.{i}"), false, errors);
            }
        }
    }
}

/// Every way the menu breaks WeChat's rules (empty when it is fine).
pub fn check(menu: &WechatMenu) -> Vec<MenuError> {
    let mut errors = vec![];
    if menu.buttons.is_empty() {
        errors.push(("buttons".into(), "required"));
    } else if menu.buttons.len() > TOP_MAX {
        errors.push(("buttons".into(), "too_many"));
    }
    for (i, b) in menu.buttons.iter().enumerate().take(TOP_MAX) {
        check_button(b, &format!("buttons.{i}"), true, &mut errors);
    }
    errors
}

fn button_json(b: &MenuButton) -> Value {
    let name = b.name.trim();
    match b.kind {
        MenuButtonKind::Click => json!({ "type": "click", "name": name, "key": b.key.trim() }),
        MenuButtonKind::View => json!({ "type": "view", "name": name, "url": b.url.trim() }),
        MenuButtonKind::Miniprogram => json!({
            "type": "miniprogram", "name": name, "url": b.url.trim(),
            "appid": b.appid.trim(), "pagepath": b.pagepath.trim(),
        }),
        MenuButtonKind::Group => json!({
            "name": name,
            "sub_button": b.buttons.iter().map(button_json).collect::<Vec<_>>(),
        }),
    }
}

/// The body of WeChat's `menu/create`.
pub fn to_wechat(menu: &WechatMenu) -> Value {
    json!({ "button": menu.buttons.iter().map(button_json).collect::<Vec<_>>() })
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn button_from(v: &Value) -> MenuButton {
    let subs = v.get("sub_button").and_then(|s| {
        s.as_array()
            .or_else(|| s.get("list").and_then(Value::as_array))
    });
    let kind = match (subs, v.get("type").and_then(Value::as_str)) {
        (Some(list), _) if !list.is_empty() => MenuButtonKind::Group,
        (_, Some("view")) => MenuButtonKind::View,
        (_, Some("miniprogram")) => MenuButtonKind::Miniprogram,
        _ => MenuButtonKind::Click,
    };
    MenuButton {
        name: text(v, "name"),
        kind,
        key: text(v, "key"),
        url: text(v, "url"),
        appid: text(v, "appid"),
        pagepath: text(v, "pagepath"),
        buttons: subs
            .map(|l| l.iter().map(button_from).collect())
            .unwrap_or_default(),
    }
}

/// The menu in WeChat's JSON (`menu/get`'s `menu`, or `menu/create`'s
/// body): `{"button": [...]}`.
pub fn from_wechat(v: &Value) -> WechatMenu {
    WechatMenu {
        buttons: v
            .get("button")
            .and_then(Value::as_array)
            .map(|l| l.iter().map(button_from).collect())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn click(name: &str, key: &str) -> MenuButton {
        MenuButton {
            name: name.into(),
            kind: MenuButtonKind::Click,
            key: key.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_menu_round_trips_through_wechat_json() {
        let menu = WechatMenu {
            buttons: vec![
                click("营业时间", "HOURS"),
                MenuButton {
                    name: "服务".into(),
                    kind: MenuButtonKind::Group,
                    buttons: vec![
                        MenuButton {
                            name: "官网".into(),
                            kind: MenuButtonKind::View,
                            url: "https://example.com".into(),
                            ..Default::default()
                        },
                        click("人工客服", "AGENT"),
                    ],
                    ..Default::default()
                },
            ],
        };
        assert!(check(&menu).is_empty());
        let wire = to_wechat(&menu);
        assert_eq!(wire["button"][1]["sub_button"][0]["type"], "view");
        assert_eq!(from_wechat(&wire), menu);
    }

    #[test]
    fn wechats_limits_are_field_errors() {
        let four = WechatMenu {
            buttons: vec![
                click("a", "1"),
                click("b", "2"),
                click("c", "3"),
                click("d", "4"),
            ],
        };
        assert_eq!(check(&four), vec![("buttons".to_owned(), "too_many")]);
        let group = MenuButton {
            name: "组".into(),
            kind: MenuButtonKind::Group,
            buttons: (0..6).map(|i| click("x", &i.to_string())).collect(),
            ..Default::default()
        };
        let errors = check(&WechatMenu {
            buttons: vec![group, click("超过十六个字节的名字", "k")],
        });
        assert!(errors.contains(&("buttons.0.buttons".to_owned(), "too_many")));
        assert!(errors.contains(&("buttons.1.name".to_owned(), "too_long")));
        let nested = MenuButton {
            name: "组".into(),
            kind: MenuButtonKind::Group,
            buttons: vec![MenuButton {
                name: "子组".into(),
                kind: MenuButtonKind::Group,
                ..Default::default()
            }],
            ..Default::default()
        };
        assert_eq!(
            check(&WechatMenu {
                buttons: vec![nested]
            }),
            vec![("buttons.0.buttons.0.kind".to_owned(), "invalid")]
        );
    }
}
