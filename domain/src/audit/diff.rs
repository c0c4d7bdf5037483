//! What changed between two versions of a record, field by field: a pure
//! function over their JSON, so every kind of record is diffed the same way.

use model::audit::AuditChange;
use serde::Serialize;
use serde_json::{Map, Value};

/// Fields that are bookkeeping, not an administrator's decision.
const IGNORED: &[&str] = &[
    "id",
    "created_at",
    "updated_at",
    "last_used_at",
    "agent_count",
    "status",
    "role_id",
];

/// JSON of a record, or `Null` if it cannot be serialised (it always can
/// for our DTOs).
pub fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The changed fields from `before` to `after` (either may be `Null`, for a
/// creation or a deletion), nested objects flattened to dotted paths.
/// Arrays are compared whole. Unchanged fields are left out.
pub fn changes(before: &Value, after: &Value) -> Vec<AuditChange> {
    let mut out = Vec::new();
    walk("", before, after, &mut out);
    out
}

fn walk(path: &str, before: &Value, after: &Value, out: &mut Vec<AuditChange>) {
    let empty = Map::new();
    let (b, a) = match (before, after) {
        (Value::Object(b), Value::Object(a)) => (b, a),
        (Value::Object(b), Value::Null) => (b, &empty),
        (Value::Null, Value::Object(a)) => (&empty, a),
        _ => {
            if before != after {
                out.push(AuditChange {
                    field: path.to_owned(),
                    before: shown(before),
                    after: shown(after),
                });
            }
            return;
        }
    };
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        if path.is_empty() && IGNORED.contains(&key.as_str()) {
            continue;
        }
        let child = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        walk(
            &child,
            b.get(key).unwrap_or(&Value::Null),
            a.get(key).unwrap_or(&Value::Null),
            out,
        );
    }
}

/// A value as text: strings without quotes, empty for null.
fn shown(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(field: &str, before: Option<&str>, after: Option<&str>) -> AuditChange {
        AuditChange {
            field: field.into(),
            before: before.map(Into::into),
            after: after.map(Into::into),
        }
    }

    #[test]
    fn only_changed_fields_with_before_and_after() {
        let before = json!({"id": 3, "name": "Sales", "max": 5, "members": [1, 2]});
        let after = json!({"id": 3, "name": "Sales EU", "max": 5, "members": [1]});
        assert_eq!(
            changes(&before, &after),
            vec![
                change("members", Some("[1,2]"), Some("[1]")),
                change("name", Some("Sales"), Some("Sales EU")),
            ]
        );
    }

    #[test]
    fn nested_settings_become_dotted_paths() {
        let before = json!({"idle": {"enabled": false, "remind_after_mins": 5}});
        let after = json!({"idle": {"enabled": true, "remind_after_mins": 5}});
        assert_eq!(
            changes(&before, &after),
            vec![change("idle.enabled", Some("false"), Some("true"))]
        );
    }

    #[test]
    fn creation_and_deletion_list_every_field() {
        let record = json!({"name": "Night", "avatar_url": null, "created_at": "x"});
        assert_eq!(
            changes(&Value::Null, &record),
            vec![change("name", None, Some("Night"))]
        );
        assert_eq!(
            changes(&record, &Value::Null),
            vec![change("name", Some("Night"), None)]
        );
    }

    #[test]
    fn bookkeeping_fields_are_ignored_only_at_the_top() {
        let before = json!({"updated_at": "a", "idle": {"status": 1}});
        let after = json!({"updated_at": "b", "idle": {"status": 2}});
        assert_eq!(
            changes(&before, &after),
            vec![change("idle.status", Some("1"), Some("2"))]
        );
    }
}
