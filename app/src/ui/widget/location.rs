//! Where the widget page is: `/chat/{link}?embed=1&page=…&name=…&email=…`
//! (also `phone`, `external_id`, a verified `identity`, the visit's
//! `referrer` and the loader's browser id `vid`).
//! Read from the request on the server and from `window.location` in the
//! browser, so the widget bundle needs no router.

/// The chat link and the query of the current widget page.
#[derive(Debug, Clone, Default)]
pub struct WidgetLocation {
    pub link: String,
    query: Vec<(String, String)>,
}

impl WidgetLocation {
    fn parse(path: &str, query: Vec<(String, String)>) -> Self {
        let link = path
            .strip_prefix("/chat/")
            .unwrap_or_default()
            .split('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        Self { link, query }
    }

    pub fn param(&self, name: &str) -> Option<String> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

#[cfg(feature = "ssr")]
pub fn current() -> WidgetLocation {
    use std::collections::HashMap;
    let Some(parts) = leptos::prelude::use_context::<axum::http::request::Parts>() else {
        return WidgetLocation::default();
    };
    let query = axum::extract::Query::<HashMap<String, String>>::try_from_uri(&parts.uri)
        .map(|q| q.0.into_iter().collect())
        .unwrap_or_default();
    WidgetLocation::parse(parts.uri.path(), query)
}

#[cfg(not(feature = "ssr"))]
pub fn current() -> WidgetLocation {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return WidgetLocation::default();
    };
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let mut query = vec![];
    if let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) {
        for name in [
            "embed",
            "page",
            "name",
            "email",
            "phone",
            "external_id",
            "identity",
            "referrer",
            "vid",
        ] {
            if let Some(v) = params.get(name) {
                query.push((name.to_owned(), v));
            }
        }
    }
    WidgetLocation::parse(&path, query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_link_and_parameters() {
        let l = WidgetLocation::parse("/chat/vip-line", vec![("embed".into(), "1".into())]);
        assert_eq!(l.link, "vip-line");
        assert_eq!(l.param("embed").as_deref(), Some("1"));
        assert_eq!(l.param("page"), None);
        assert_eq!(WidgetLocation::parse("/other", vec![]).link, "");
    }
}
