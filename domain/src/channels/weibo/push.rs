//! Weibo's private-message pushes (C5): one JSON object a message, read
//! into a typed [`Push`]. Unknown types are kept as `Other` (and ignored),
//! fields we do not use are skipped, and a body over the callback limit
//! never reaches this parser.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PushError {
    #[error("not a Weibo push: {0}")]
    Syntax(String),
    #[error("field {0} is missing or malformed")]
    Missing(&'static str),
}

/// A follower's message or event.
#[derive(Debug, Clone, PartialEq)]
pub struct Push {
    /// The follower's uid.
    pub sender_id: String,
    /// Our account's uid.
    pub receiver_id: String,
    pub created_at: DateTime<Utc>,
    pub kind: PushKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PushKind {
    Text {
        text: String,
    },
    Image,
    Voice,
    Position {
        lat: String,
        lng: String,
    },
    /// follow, unfollow, subscribe, unsubscribe, scan, scan_follow, click…
    Event {
        subtype: String,
        key: Option<String>,
    },
    Other {
        kind: String,
    },
}

impl Push {
    /// What makes a repeated push the same one: sender and time.
    pub fn dedup_key(&self) -> String {
        format!("wb:{}:{}", self.sender_id, self.created_at.timestamp())
    }

    /// The client id its message is stored under.
    pub fn client_id(&self) -> String {
        let who: String = self
            .sender_id
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(40)
            .collect();
        format!("wb-{who}-{}", self.created_at.timestamp())
    }
}

#[derive(Deserialize)]
struct Raw {
    #[serde(rename = "type")]
    kind: Option<String>,
    sender_id: Option<Value>,
    receiver_id: Option<Value>,
    created_at: Option<String>,
    text: Option<String>,
    data: Option<Value>,
}

/// An id Weibo sends as a number or a string.
fn id(v: Option<Value>, field: &'static str) -> Result<String, PushError> {
    match v {
        Some(Value::Number(n)) => Ok(n.to_string()),
        Some(Value::String(s)) if !s.is_empty() && s.len() <= 64 => Ok(s),
        _ => Err(PushError::Missing(field)),
    }
}

/// `Mon Jul 16 18:09:20 +0800 2012`, as Weibo writes times.
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_str(s.trim(), "%a %b %d %H:%M:%S %z %Y")
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn text_of(data: &Value, key: &str) -> Option<String> {
    match data.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// Read a push body.
pub fn parse(body: &str) -> Result<Push, PushError> {
    let raw: Raw = serde_json::from_str(body).map_err(|e| PushError::Syntax(e.to_string()))?;
    let sender_id = id(raw.sender_id, "sender_id")?;
    let receiver_id = id(raw.receiver_id, "receiver_id")?;
    let created_at = raw
        .created_at
        .as_deref()
        .and_then(parse_time)
        .ok_or(PushError::Missing("created_at"))?;
    let data = raw.data.unwrap_or(Value::Null);
    let kind = match raw.kind.as_deref().unwrap_or_default() {
        "text" => PushKind::Text {
            text: raw.text.unwrap_or_default(),
        },
        "image" => PushKind::Image,
        "voice" => PushKind::Voice,
        "position" => PushKind::Position {
            lat: text_of(&data, "latitude").unwrap_or_default(),
            lng: text_of(&data, "longitude").unwrap_or_default(),
        },
        "event" => PushKind::Event {
            subtype: text_of(&data, "subtype").unwrap_or_default(),
            key: text_of(&data, "key"),
        },
        other => PushKind::Other {
            kind: other.chars().take(32).collect(),
        },
    };
    Ok(Push {
        sender_id,
        receiver_id,
        created_at,
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_text_push() {
        let body = r#"{"type":"text","receiver_id":1902538057,"sender_id":2489518277,
            "created_at":"Mon Jul 16 18:09:20 +0800 2012","text":"私信或留言内容","data":{}}"#;
        let p = parse(body).unwrap();
        assert_eq!(p.sender_id, "2489518277");
        assert_eq!(p.receiver_id, "1902538057");
        assert_eq!(p.created_at.timestamp(), 1_342_433_360);
        assert_eq!(
            p.kind,
            PushKind::Text {
                text: "私信或留言内容".into()
            }
        );
        assert_eq!(p.client_id(), "wb-2489518277-1342433360");
    }

    #[test]
    fn positions_events_and_unknown_types() {
        let at = "Mon Jul 16 18:09:20 +0800 2012";
        let pos = format!(
            r#"{{"type":"position","receiver_id":1,"sender_id":"2","created_at":"{at}","data":{{"longitude":"116.3","latitude":"39.9"}}}}"#
        );
        assert_eq!(
            parse(&pos).unwrap().kind,
            PushKind::Position {
                lat: "39.9".into(),
                lng: "116.3".into()
            }
        );
        let follow = format!(
            r#"{{"type":"event","receiver_id":1,"sender_id":2,"created_at":"{at}","data":{{"subtype":"follow"}}}}"#
        );
        assert!(
            matches!(parse(&follow).unwrap().kind, PushKind::Event { subtype, .. } if subtype == "follow")
        );
        let odd =
            format!(r#"{{"type":"mention","receiver_id":1,"sender_id":2,"created_at":"{at}"}}"#);
        assert!(matches!(parse(&odd).unwrap().kind, PushKind::Other { .. }));
    }

    #[test]
    fn malformed_pushes_are_errors() {
        assert!(parse("not json").is_err());
        assert!(parse("[]").is_err());
        assert_eq!(
            parse(
                r#"{"type":"text","receiver_id":1,"created_at":"Mon Jul 16 18:09:20 +0800 2012"}"#
            ),
            Err(PushError::Missing("sender_id"))
        );
        assert_eq!(
            parse(r#"{"type":"text","receiver_id":1,"sender_id":2,"created_at":"yesterday"}"#),
            Err(PushError::Missing("created_at"))
        );
    }
}
