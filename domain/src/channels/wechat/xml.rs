//! WeChat's callback XML: a flat `<xml>` of named fields, read into a map
//! and then into a typed [`Inbound`]; and the XML of our passive replies.
//!
//! The reader never expands entities beyond XML's five predefined ones:
//! a `<!DOCTYPE>` (where an entity bomb would be declared) refuses the
//! whole body, so a billion-laughs body costs nothing.

use std::collections::HashMap;

use quick_xml::events::Event as XmlEvent;
use quick_xml::Reader;

/// Most fields one callback may carry (WeChat's have about a dozen).
const FIELDS_MAX: usize = 64;
/// Deepest nesting read (`<xml><ScanCodeInfo><ScanResult>`).
const DEPTH_MAX: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    #[error("not XML: {0}")]
    Syntax(String),
    #[error("a DOCTYPE is not accepted")]
    Doctype,
    #[error("too many fields or nested too deep")]
    TooBig,
    #[error("the root element is not <xml>")]
    NoRoot,
    #[error("field {0} is missing")]
    Missing(&'static str),
}

/// The text of each field under `<xml>` (nested fields by their own names;
/// the first of a name wins).
pub fn fields(body: &str) -> Result<HashMap<String, String>, XmlError> {
    let mut reader = Reader::from_str(body);
    reader.config_mut().trim_text(true);
    let mut out = HashMap::new();
    let mut path: Vec<String> = vec![];
    let mut text = String::new();
    let mut seen_root = false;
    loop {
        match reader.read_event() {
            Ok(XmlEvent::Start(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if path.is_empty() {
                    if name != "xml" || seen_root {
                        return Err(XmlError::NoRoot);
                    }
                    seen_root = true;
                }
                path.push(name);
                if path.len() > DEPTH_MAX {
                    return Err(XmlError::TooBig);
                }
                text.clear();
            }
            Ok(XmlEvent::Empty(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if path.is_empty() {
                    if name != "xml" || seen_root {
                        return Err(XmlError::NoRoot);
                    }
                    seen_root = true;
                    continue;
                }
                out.entry(name).or_default();
            }
            Ok(XmlEvent::Text(t)) => {
                let t = t.unescape().map_err(|e| XmlError::Syntax(e.to_string()))?;
                text.push_str(&t);
            }
            Ok(XmlEvent::CData(c)) => {
                text.push_str(&String::from_utf8_lossy(&c.into_inner()));
            }
            Ok(XmlEvent::End(_)) => {
                let name = path.pop().ok_or(XmlError::NoRoot)?;
                if !path.is_empty() && !out.contains_key(&name) {
                    if out.len() >= FIELDS_MAX {
                        return Err(XmlError::TooBig);
                    }
                    out.insert(name, std::mem::take(&mut text));
                }
                text.clear();
            }
            Ok(XmlEvent::DocType(_)) => return Err(XmlError::Doctype),
            Ok(XmlEvent::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(XmlError::Syntax(e.to_string())),
        }
    }
    if !seen_root || !path.is_empty() {
        return Err(XmlError::NoRoot);
    }
    Ok(out)
}

/// A follower's message or event, as our service needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Inbound {
    /// Our account's original id (`gh_…`).
    pub to_user: String,
    /// The follower's openid.
    pub from_user: String,
    pub create_time: i64,
    /// Absent on events.
    pub msg_id: Option<String>,
    pub kind: InboundKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum InboundKind {
    Text {
        content: String,
    },
    Image {
        pic_url: String,
        media_id: String,
    },
    Voice {
        media_id: String,
        format: String,
        /// WeChat's speech recognition, when the account has it on.
        recognition: Option<String>,
    },
    Video {
        media_id: String,
    },
    Location {
        lat: String,
        lng: String,
        label: String,
    },
    Link {
        title: String,
        description: String,
        url: String,
    },
    /// Followed, perhaps by scanning a QR code with a scene.
    Subscribe {
        scene: Option<String>,
    },
    Unsubscribe,
    /// A follower scanned a QR code with a scene.
    Scan {
        scene: String,
    },
    /// A menu button of type click.
    MenuClick {
        key: String,
    },
    /// A menu button that opens a page.
    MenuView {
        url: String,
    },
    /// The follower's position, reported by WeChat (when allowed).
    ReportedLocation {
        lat: String,
        lng: String,
    },
    /// A type we do not handle (logged and answered `success`).
    Other {
        msg_type: String,
    },
}

impl Inbound {
    /// What makes a retried callback the same one: the MsgId, or for
    /// events the sender and CreateTime (and the event, for two events
    /// in the same second).
    pub fn dedup_key(&self) -> String {
        match &self.msg_id {
            Some(id) => format!("msg:{id}"),
            None => format!(
                "evt:{}:{}:{}",
                self.from_user,
                self.create_time,
                self.kind_key()
            ),
        }
    }

    fn kind_key(&self) -> &str {
        match &self.kind {
            InboundKind::Subscribe { .. } => "subscribe",
            InboundKind::Unsubscribe => "unsubscribe",
            InboundKind::Scan { .. } => "scan",
            InboundKind::MenuClick { .. } => "click",
            InboundKind::MenuView { .. } => "view",
            InboundKind::ReportedLocation { .. } => "location",
            _ => "message",
        }
    }
}

/// Read a decrypted or plain callback body.
pub fn parse(body: &str) -> Result<Inbound, XmlError> {
    let f = fields(body)?;
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let need = |k: &'static str| f.get(k).cloned().ok_or(XmlError::Missing(k));
    let msg_type = need("MsgType")?;
    let kind = match msg_type.as_str() {
        "text" => InboundKind::Text {
            content: need("Content")?,
        },
        "image" => InboundKind::Image {
            pic_url: get("PicUrl"),
            media_id: need("MediaId")?,
        },
        "voice" => InboundKind::Voice {
            media_id: need("MediaId")?,
            format: get("Format"),
            recognition: f.get("Recognition").filter(|r| !r.is_empty()).cloned(),
        },
        "video" | "shortvideo" => InboundKind::Video {
            media_id: need("MediaId")?,
        },
        "location" => InboundKind::Location {
            lat: get("Location_X"),
            lng: get("Location_Y"),
            label: get("Label"),
        },
        "link" => InboundKind::Link {
            title: get("Title"),
            description: get("Description"),
            url: get("Url"),
        },
        "event" => {
            let key = get("EventKey");
            match get("Event").to_ascii_lowercase().as_str() {
                "subscribe" => InboundKind::Subscribe {
                    scene: key
                        .strip_prefix("qrscene_")
                        .map(str::to_owned)
                        .filter(|s| !s.is_empty()),
                },
                "unsubscribe" => InboundKind::Unsubscribe,
                "scan" => InboundKind::Scan { scene: key },
                "click" => InboundKind::MenuClick { key },
                "view" => InboundKind::MenuView { url: key },
                "location" => InboundKind::ReportedLocation {
                    lat: get("Latitude"),
                    lng: get("Longitude"),
                },
                other => InboundKind::Other {
                    msg_type: format!("event:{other}"),
                },
            }
        }
        other => InboundKind::Other {
            msg_type: other.to_owned(),
        },
    };
    Ok(Inbound {
        to_user: need("ToUserName")?,
        from_user: need("FromUserName")?,
        create_time: get("CreateTime").trim().parse().unwrap_or(0),
        msg_id: f.get("MsgId").filter(|m| !m.is_empty()).cloned(),
        kind,
    })
}

/// `text` as CDATA: a `]]>` inside is split across two sections.
fn cdata(text: &str) -> String {
    format!("<![CDATA[{}]]>", text.replace("]]>", "]]]]><![CDATA[>"))
}

/// A news card of a passive reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub title: String,
    pub description: String,
    pub pic_url: String,
    pub url: String,
}

/// A passive text reply to `to` (the follower) from `from` (our account).
pub fn text_reply(to: &str, from: &str, now: i64, content: &str) -> String {
    format!(
        "<xml><ToUserName>{}</ToUserName><FromUserName>{}</FromUserName>\
         <CreateTime>{now}</CreateTime><MsgType>{}</MsgType><Content>{}</Content></xml>",
        cdata(to),
        cdata(from),
        cdata("text"),
        cdata(content)
    )
}

/// A passive news reply (one or more cards).
pub fn news_reply(to: &str, from: &str, now: i64, articles: &[Article]) -> String {
    let items: String = articles
        .iter()
        .map(|a| {
            format!(
                "<item><Title>{}</Title><Description>{}</Description>\
                 <PicUrl>{}</PicUrl><Url>{}</Url></item>",
                cdata(&a.title),
                cdata(&a.description),
                cdata(&a.pic_url),
                cdata(&a.url)
            )
        })
        .collect();
    format!(
        "<xml><ToUserName>{}</ToUserName><FromUserName>{}</FromUserName>\
         <CreateTime>{now}</CreateTime><MsgType>{}</MsgType>\
         <ArticleCount>{}</ArticleCount><Articles>{items}</Articles></xml>",
        cdata(to),
        cdata(from),
        cdata("news"),
        articles.len()
    )
}

/// The safe-mode envelope of an encrypted reply.
pub fn encrypted_reply(encrypt: &str, signature: &str, timestamp: &str, nonce: &str) -> String {
    format!(
        "<xml><Encrypt>{}</Encrypt><MsgSignature>{}</MsgSignature>\
         <TimeStamp>{}</TimeStamp><Nonce>{}</Nonce></xml>",
        cdata(encrypt),
        cdata(signature),
        timestamp,
        cdata(nonce)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName>\
        <FromUserName><![CDATA[oABC]]></FromUserName><CreateTime>1348831860</CreateTime>\
        <MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好 & <b>]]></Content>\
        <MsgId>1234567890123456</MsgId></xml>";

    #[test]
    fn a_text_message() {
        let m = parse(TEXT).unwrap();
        assert_eq!(m.from_user, "oABC");
        assert_eq!(m.create_time, 1348831860);
        assert_eq!(m.msg_id.as_deref(), Some("1234567890123456"));
        assert_eq!(
            m.kind,
            InboundKind::Text {
                content: "你好 & <b>".into()
            }
        );
        assert_eq!(m.dedup_key(), "msg:1234567890123456");
    }

    #[test]
    fn escaped_text_and_events() {
        let body = "<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName>\
            <CreateTime>5</CreateTime><MsgType>event</MsgType><Event>subscribe</Event>\
            <EventKey>qrscene_spring &amp; sale</EventKey></xml>";
        let m = parse(body).unwrap();
        assert_eq!(
            m.kind,
            InboundKind::Subscribe {
                scene: Some("spring & sale".into())
            }
        );
        assert_eq!(m.dedup_key(), "evt:o1:5:subscribe");
    }

    #[test]
    fn doctype_and_entity_bombs_are_refused() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>"#;
        assert_eq!(fields(bomb), Err(XmlError::Doctype));
        // An undeclared entity is an error, never expanded.
        assert!(fields("<xml><Content>&lol;</Content></xml>").is_err());
    }

    #[test]
    fn not_xml_and_wrong_roots() {
        assert!(parse("hello").is_err());
        assert!(parse("").is_err());
        assert!(parse("<root><MsgType>text</MsgType></root>").is_err());
        assert!(parse("<xml><MsgType>text</MsgType>").is_err());
        assert_eq!(
            parse("<xml><MsgType>text</MsgType></xml>"),
            Err(XmlError::Missing("Content"))
        );
        let deep = format!("<xml>{}x{}</xml>", "<a>".repeat(10), "</a>".repeat(10));
        assert_eq!(fields(&deep), Err(XmlError::TooBig));
    }

    #[test]
    fn replies_escape_cdata() {
        let x = text_reply("o1", "gh", 7, "a]]>b");
        let f = fields(&x).unwrap();
        assert_eq!(f["Content"], "a]]>b");
        let n = news_reply(
            "o1",
            "gh",
            7,
            &[Article {
                title: "T".into(),
                description: "D".into(),
                pic_url: "http://p".into(),
                url: "http://u".into(),
            }],
        );
        let f = fields(&n).unwrap();
        assert_eq!(f["ArticleCount"], "1");
        assert_eq!(f["Title"], "T");
    }
}
