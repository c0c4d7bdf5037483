//! Where a visitor came from (P2): the referrer's domain, and for the search
//! engines Chinese and international sites see most, the engine and the
//! words searched for. Pure; malformed referrers are simply "no referrer".

use serde::{Deserialize, Serialize};

pub use model::routing::SearchEngine;

/// The engine whose site `host` is, and the query parameters that hold the
/// keyword there (in the order they are tried).
fn engine_of_host(host: &str) -> Option<(SearchEngine, &'static [&'static str])> {
    let has = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    // google.com, google.de, google.com.hk, google.co.jp: what follows
    // "google" is com, a country code, or com/co and a country code.
    let labels: Vec<&str> = host.split('.').collect();
    let country = |l: &str| l.len() == 2 && l.bytes().all(|b| b.is_ascii_lowercase());
    let google =
        labels
            .iter()
            .position(|l| *l == "google")
            .is_some_and(|i| match &labels[i + 1..] {
                [one] => *one == "com" || country(one),
                [a, b] => (*a == "com" || *a == "co") && country(b),
                _ => false,
            });
    Some(if has("baidu.com") {
        (SearchEngine::Baidu, &["wd", "word", "kw", "query"])
    } else if google {
        (SearchEngine::Google, &["q"])
    } else if has("bing.com") {
        (SearchEngine::Bing, &["q"])
    } else if has("sogou.com") {
        (SearchEngine::Sogou, &["query", "keyword"])
    } else if has("so.com") || has("haosou.com") {
        (SearchEngine::So360, &["q"])
    } else if has("sm.cn") {
        (SearchEngine::Shenma, &["q"])
    } else if has("search.yahoo.com") || has("search.yahoo.co.jp") {
        (SearchEngine::Yahoo, &["p"])
    } else if has("duckduckgo.com") {
        (SearchEngine::DuckDuckGo, &["q"])
    } else if has("yandex.ru") || has("yandex.com") {
        (SearchEngine::Yandex, &["text"])
    } else {
        return None;
    })
}

/// What a referrer says about where the visitor came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referrer {
    /// The referring site's host, lower-case, without `www.`.
    pub domain: Option<String>,
    pub engine: Option<SearchEngine>,
    /// The words searched for, when the engine still sends them.
    pub keyword: Option<String>,
}

/// Longest keyword kept.
pub const KEYWORD_MAX: usize = 200;

/// Read a referrer URL. Anything that is not an http(s) URL with a host
/// is no referrer at all.
pub fn parse(referrer: &str) -> Referrer {
    let Ok(url) = url::Url::parse(referrer.trim()) else {
        return Referrer::default();
    };
    if !matches!(url.scheme(), "http" | "https") {
        return Referrer::default();
    }
    let Some(host) = url.host_str().map(|h| h.to_ascii_lowercase()) else {
        return Referrer::default();
    };
    let domain = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    let Some((engine, params)) = engine_of_host(&host) else {
        return Referrer {
            domain: Some(domain),
            ..Default::default()
        };
    };
    let keyword = params
        .iter()
        .find_map(|p| query_value(url.query().unwrap_or_default(), p))
        .or_else(|| {
            // Some mobile pages carry the query in the fragment.
            params
                .iter()
                .find_map(|p| query_value(url.fragment().unwrap_or_default(), p))
        })
        .map(|k| k.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|k| !k.is_empty())
        .map(|k| k.chars().take(KEYWORD_MAX).collect());
    Referrer {
        domain: Some(domain),
        engine: Some(engine),
        keyword,
    }
}

/// The value of `name` in a query string, percent-decoded as UTF-8, or as
/// GBK when the bytes are not UTF-8 (older Baidu and Sogou links).
fn query_value(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        if k != name {
            return None;
        }
        let raw: Vec<u8> = percent_decode(&v.replace('+', " "));
        Some(match String::from_utf8(raw) {
            Ok(s) => s,
            Err(e) => {
                let (text, _, _) = encoding_rs::GBK.decode(e.as_bytes());
                text.into_owned()
            }
        })
    })
}

fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine_and_keyword(url: &str) -> (Option<SearchEngine>, Option<String>) {
        let r = parse(url);
        (r.engine, r.keyword)
    }

    #[test]
    fn real_world_search_referrers() {
        use SearchEngine::*;
        let cases: &[(&str, SearchEngine, Option<&str>)] = &[
            // Baidu desktop (UTF-8), mobile (`word`), and GBK from old links.
            ("https://www.baidu.com/s?ie=utf-8&f=8&rsv_bp=1&wd=%E5%AE%A2%E6%9C%8D%E7%B3%BB%E7%BB%9F&rsv_idx=1", Baidu, Some("客服系统")),
            ("https://m.baidu.com/s?from=1086k&word=%E5%9C%A8%E7%BA%BF%E5%AE%A2%E6%9C%8D", Baidu, Some("在线客服")),
            ("http://www.baidu.com/s?ie=gbk&wd=%BF%CD%B7%FE", Baidu, Some("客服")),
            ("https://www.baidu.com/link?url=abc123&wd=&eqid=f00", Baidu, None),
            // Google keeps the keyword to itself nowadays; country domains too.
            ("https://www.google.com/", Google, None),
            ("https://www.google.com.hk/search?q=switchboard+live+chat&hl=zh-CN", Google, Some("switchboard live chat")),
            ("https://www.google.co.jp/url?sa=t&q=%E3%83%81%E3%83%A3%E3%83%83%E3%83%88", Google, Some("チャット")),
            ("https://cn.bing.com/search?q=%E5%AE%A2%E6%9C%8D+%E8%BD%AF%E4%BB%B6&form=QBLH", Bing, Some("客服 软件")),
            ("https://www.bing.com/search?q=help+desk", Bing, Some("help desk")),
            ("https://www.sogou.com/web?query=%E5%94%AE%E5%90%8E&_asf=www.sogou.com", Sogou, Some("售后")),
            ("https://wap.sogou.com/web/searchList.jsp?keyword=%E9%80%80%E6%AC%BE", Sogou, Some("退款")),
            ("https://www.so.com/s?ie=utf-8&src=hao_360so&q=%E5%8F%91%E7%A5%A8", So360, Some("发票")),
            ("https://m.so.com/s?q=order+status&src=home", So360, Some("order status")),
            ("https://m.sm.cn/s?q=%E5%BF%AB%E9%80%92%E6%9F%A5%E8%AF%A2&from=smor", Shenma, Some("快递查询")),
            ("https://yz.m.sm.cn/s?q=%E5%AE%A2%E6%9C%8D", Shenma, Some("客服")),
            ("https://search.yahoo.com/search?p=return+policy", Yahoo, Some("return policy")),
            ("https://duckduckgo.com/?q=self+hosted+chat", DuckDuckGo, Some("self hosted chat")),
            ("https://yandex.ru/search/?text=%D1%87%D0%B0%D1%82", Yandex, Some("чат")),
        ];
        for (url, engine, keyword) in cases {
            assert_eq!(
                engine_and_keyword(url),
                (Some(*engine), keyword.map(str::to_owned)),
                "{url}"
            );
        }
    }

    #[test]
    fn other_sites_give_their_domain_only() {
        let r = parse("https://www.zhihu.com/question/123?utm_source=x");
        assert_eq!(r.domain.as_deref(), Some("zhihu.com"));
        assert_eq!((r.engine, r.keyword), (None, None));
        // Look-alikes are not engines.
        assert_eq!(parse("https://notbaidu.com/s?wd=x").engine, None);
        assert_eq!(parse("https://google.example.com/?q=x").engine, None);
        assert_eq!(parse("https://mygoogle.com/?q=x").engine, None);
        assert_eq!(
            parse("https://BAIDU.COM/s?wd=x").engine,
            Some(SearchEngine::Baidu)
        );
    }

    #[test]
    fn what_is_not_a_web_url_is_no_referrer() {
        for junk in [
            "",
            "not a url",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "//baidu.com/s?wd=x",
            "https://",
            "android-app://com.example",
        ] {
            assert_eq!(parse(junk), Referrer::default(), "{junk:?}");
        }
    }

    #[test]
    fn broken_escapes_and_long_keywords_are_survived() {
        let r = parse("https://www.baidu.com/s?wd=%E5%AE%2%ZZ100%");
        assert_eq!(r.engine, Some(SearchEngine::Baidu));
        assert!(r.keyword.is_some());
        let long = format!("https://www.bing.com/search?q={}", "a".repeat(5000));
        assert_eq!(parse(&long).keyword.unwrap().len(), KEYWORD_MAX);
    }
}
