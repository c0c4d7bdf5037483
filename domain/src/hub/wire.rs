//! How hub events cross processes: a topic's broker channel name, and a
//! payload of the publishing process's id and the event's JSON, encoded
//! once per publish. Pure.

use model::chat::ServerEvent;

use super::Topic;

/// Every channel name starts with this, so one Redis can serve others too.
pub const PREFIX: &str = "switchboard:";
/// The channel for what every process must hear (see [`Control`]).
pub const CONTROL: &str = "switchboard:control";

/// A process's id, random at start: a process skips its own publishes,
/// which it has already delivered to its own sockets.
pub type NodeId = u64;

pub fn channel(topic: Topic) -> String {
    match topic {
        Topic::Visitor(id) => format!("{PREFIX}v:{id}"),
        Topic::Agent(id) => format!("{PREFIX}a:{id}"),
        Topic::Agents => format!("{PREFIX}agents"),
        Topic::Supervisors => format!("{PREFIX}supervisors"),
    }
}

/// The topic of a channel name; `None` for any other channel.
pub fn topic(channel: &str) -> Option<Topic> {
    let rest = channel.strip_prefix(PREFIX)?;
    match rest {
        "agents" => Some(Topic::Agents),
        "supervisors" => Some(Topic::Supervisors),
        _ => {
            let (kind, id) = rest.split_once(':')?;
            match kind {
                "v" => id.parse().ok().map(Topic::Visitor),
                "a" => id.parse().ok().map(Topic::Agent),
                _ => None,
            }
        }
    }
}

/// What a process tells all the others on [`CONTROL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// The sender could not publish some events: every process tells its
    /// sockets to resume from the database.
    Resync,
}

pub fn encode(node: NodeId, event: &ServerEvent) -> Vec<u8> {
    let mut out = node.to_be_bytes().to_vec();
    // ServerEvent serialises to JSON without fail (no maps with non-string keys).
    serde_json::to_writer(&mut out, event).expect("event to JSON");
    out
}

pub fn encode_control(node: NodeId, control: Control) -> Vec<u8> {
    let mut out = node.to_be_bytes().to_vec();
    out.extend_from_slice(match control {
        Control::Resync => b"resync",
    });
    out
}

/// The publisher and the event of a payload; `None` if it is not one.
pub fn decode(payload: &[u8]) -> Option<(NodeId, ServerEvent)> {
    let (node, json) = split(payload)?;
    Some((node, serde_json::from_slice(json).ok()?))
}

pub fn decode_control(payload: &[u8]) -> Option<(NodeId, Control)> {
    match split(payload)? {
        (node, b"resync") => Some((node, Control::Resync)),
        _ => None,
    }
}

fn split(payload: &[u8]) -> Option<(NodeId, &[u8])> {
    let (node, rest) = payload.split_first_chunk::<8>()?;
    Some((u64::from_be_bytes(*node), rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_name_their_topics_and_nothing_else() {
        for t in [
            Topic::Visitor(42),
            Topic::Agent(7),
            Topic::Agents,
            Topic::Supervisors,
        ] {
            assert_eq!(topic(&channel(t)), Some(t));
        }
        assert_eq!(channel(Topic::Visitor(42)), "switchboard:v:42");
        for other in [
            "v:1",
            "switchboard:x:1",
            "switchboard:v:",
            "switchboard:v:1a",
            CONTROL,
        ] {
            assert_eq!(topic(other), None, "{other}");
        }
    }

    #[test]
    fn payloads_carry_their_publisher() {
        let p = encode(9, &ServerEvent::Pong);
        assert_eq!(decode(&p), Some((9, ServerEvent::Pong)));
        assert_eq!(decode_control(&p), None);
        let c = encode_control(3, Control::Resync);
        assert_eq!(decode_control(&c), Some((3, Control::Resync)));
        assert_eq!(decode(&c), None);
        assert_eq!(decode(b"short"), None);
        assert_eq!(decode(b"12345678{not json"), None);
    }
}
