//! zh-CN and en for every string. The server picks the language from the
//! `sb_lang` cookie or `Accept-Language` and writes it to `<html lang>`; the
//! browser reads it back from there, so hydration renders the same text.
//!
//! The strings live in `app/locales/<set>/<locale>/<namespace>.json` and are
//! compiled into typed keys by `leptos_i18n` (see `build.rs`): a key that
//! does not exist is a compile error, a missing translation a build error.
//! `text!(namespace.key)` names a string as a [`Text`] value, which
//! [`I18n::t`] renders in the current language:
//!
//! - `shared` (namespaces `common`, `widget`): what the widget can reach;
//! - `staff` (`staff` for both staff surfaces, `workbench`, `console`).

#[allow(clippy::all, unused)]
mod shared_set {
    include!(concat!(env!("OUT_DIR"), "/i18n_shared/mod.rs"));
}
#[allow(clippy::all, unused)]
mod staff_set {
    include!(concat!(env!("OUT_DIR"), "/i18n_staff/mod.rs"));
}

/// Strings the visitor widget can reach (namespaces `common`, `widget`).
pub use shared_set::i18n as shared;
/// Strings of the workbench and the console (`staff`, `workbench`, `console`).
pub use staff_set::i18n as staff;

/// A translatable string, made with `text!(namespace.key)`.
pub type Text = fn(Lang) -> &'static str;

/// `text!(common.save)`: the string `save` of namespace `common` as a
/// [`Text`]. Namespaces `common` and `widget` come from the shared set,
/// the others from the staff set.
macro_rules! text {
    (common . $($key:tt)+) => { $crate::i18n::__text!(shared, common . $($key)+) };
    (widget . $($key:tt)+) => { $crate::i18n::__text!(shared, widget . $($key)+) };
    ($($key:tt)+) => { $crate::i18n::__text!(staff, $($key)+) };
}

macro_rules! __text {
    ($set:ident, $($key:tt)+) => {
        (|lang: $crate::i18n::Lang| -> &'static str {
            leptos_i18n::td_string!($crate::i18n::$set::Locale::from(lang), $($key)+)
        }) as $crate::i18n::Text
    };
}
pub(crate) use __text;

mod labels;

pub use labels::*;

impl From<Lang> for shared::Locale {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::En => shared::Locale::en,
            Lang::Zh => shared::Locale::zh_CN,
        }
    }
}

impl From<Lang> for staff::Locale {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::En => staff::Locale::en,
            Lang::Zh => staff::Locale::zh_CN,
        }
    }
}

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

pub const LANG_COOKIE: &str = "sb_lang";

impl Lang {
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Lang::Zh)
        } else if tag.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The first supported language in an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .find_map(Lang::from_tag)
    }

    /// From a `Cookie` header's `sb_lang`, else `Accept-Language`, else English.
    pub fn negotiate(cookie_header: Option<&str>, accept_language: Option<&str>) -> Lang {
        cookie_header
            .and_then(|c| {
                c.split(';').find_map(|kv| {
                    let (k, v) = kv.trim().split_once('=')?;
                    (k == LANG_COOKIE).then(|| Lang::from_tag(v)).flatten()
                })
            })
            .or_else(|| accept_language.and_then(Lang::from_accept_language))
            .unwrap_or_default()
    }
}

/// The current language, provided at the root of every surface.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// A string in the current language (reactive).
    pub fn t(&self, text: Text) -> &'static str {
        text(self.lang.get())
    }

    /// The current language as a shared-set locale, for interpolated
    /// strings: `td_string!(i18n.shared(), widget.key, n = 1)` (reactive).
    pub fn shared(&self) -> shared::Locale {
        self.lang.get().into()
    }

    /// The current language as a staff-set locale (reactive).
    pub fn staff(&self) -> staff::Locale {
        self.lang.get().into()
    }

    pub fn set(&self, lang: Lang) {
        self.lang.set(lang);
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                if let Some(root) = doc.document_element() {
                    let _ = root.set_attribute("lang", lang.tag());
                }
                if let Ok(html) = doc.dyn_into::<web_sys::HtmlDocument>() {
                    let _ = html.set_cookie(&format!(
                        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                        lang.tag()
                    ));
                }
            }
        }
    }
}

/// The language this request/page renders in.
pub fn initial_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .map(|parts| {
                let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
                Lang::negotiate(header("cookie"), header("accept-language"))
            })
            .unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|l| Lang::from_tag(&l))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Lang::default()
    }
}

pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        lang: RwSignal::new(initial_lang()),
    };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n {
        lang: RwSignal::new(Lang::default()),
    })
}

#[cfg(test)]
#[path = "../../locale_check.rs"]
#[allow(dead_code)] // `files` is for build.rs
mod locale_check;

#[cfg(test)]
mod tests {
    use super::*;

    /// The check `build.rs` runs: the real files pass, a key missing from
    /// one locale or an empty string is reported.
    #[test]
    fn locale_check_finds_missing_and_empty_strings() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let locales = ["en", "zh-CN"];
        let shared = locale_check::problems(&root.join("shared"), &locales, &["common", "widget"]);
        let staff = locale_check::problems(
            &root.join("staff"),
            &locales,
            &["staff", "workbench", "console", "qa"],
        );
        assert!(
            shared.is_empty() && staff.is_empty(),
            "{shared:?} {staff:?}"
        );

        let dir = std::env::temp_dir().join(format!("sb-locales-{}", std::process::id()));
        for (locale, body) in [
            ("en", r#"{"a": {"b": "B", "c": "C"}}"#),
            ("zh-CN", r#"{"a": {"b": "乙", "c": " "}, "d": "丁"}"#),
        ] {
            std::fs::create_dir_all(dir.join(locale)).unwrap();
            std::fs::write(dir.join(locale).join("ns.json"), body).unwrap();
        }
        let problems = locale_check::problems(&dir, &locales, &["ns"]);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            problems.iter().any(|p| p.contains("en/ns.json lacks d")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("a.c is empty")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("zh-CN/ns.json lacks a.c")),
            "{problems:?}"
        );
    }

    #[test]
    fn texts_render_in_each_language() {
        let save = text!(staff.save);
        assert_eq!(save(Lang::En), "Save");
        assert_eq!(save(Lang::Zh), "保存");
        let waiting =
            |lang: Lang| leptos_i18n::td_string!(staff::Locale::from(lang), staff.waiting, n = 3);
        assert_eq!(waiting(Lang::En), "Queue: 3 waiting");
        assert_eq!(waiting(Lang::Zh), "排队：3 人等待");
    }

    #[test]
    fn negotiates_cookie_then_header() {
        assert_eq!(
            Lang::negotiate(Some("a=1; sb_lang=zh-CN"), Some("en")),
            Lang::Zh
        );
        assert_eq!(
            Lang::negotiate(None, Some("fr;q=0.9, zh-TW;q=0.8, en")),
            Lang::Zh
        );
        assert_eq!(Lang::negotiate(None, Some("fr")), Lang::En);
        assert_eq!(Lang::negotiate(Some("sb_lang=xx"), None), Lang::En);
    }
}
