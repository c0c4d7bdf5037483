//! The browser side of `/ws`: one socket per tab that reconnects with
//! backoff + jitter, re-sends unacknowledged messages with their original
//! client ids and resumes each conversation from the last seq it saw.
//! On the server (SSR) it is inert.

use std::collections::BTreeMap;

use leptos::prelude::*;
use model::chat::{ClientMsg, Message, ServerEvent};

#[cfg(feature = "hydrate")]
mod browser;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    Connecting,
    Open,
    Reconnecting,
}

/// A new client-generated message id.
pub fn new_client_id() -> String {
    #[cfg(feature = "hydrate")]
    {
        let now = js_sys::Date::now() as u64;
        let r1 = (js_sys::Math::random() * 4_294_967_296.0) as u64;
        let r2 = (js_sys::Math::random() * 4_294_967_296.0) as u64;
        format!("{now:x}-{r1:08x}{r2:08x}")
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

/// At most one "typing" event every few seconds while someone types, so
/// each keystroke does not become a frame (the widget and the workbench).
#[derive(Clone, Copy)]
pub struct TypingThrottle {
    last_sent_ms: StoredValue<f64>,
}

impl TypingThrottle {
    const EVERY_MS: f64 = 3000.0;

    pub fn new() -> Self {
        Self {
            last_sent_ms: StoredValue::new(f64::MIN),
        }
    }

    /// Whether a keystroke now should tell the other side.
    pub fn due(&self) -> bool {
        #[cfg(feature = "hydrate")]
        {
            let now = js_sys::Date::now();
            if now - self.last_sent_ms.get_value() < Self::EVERY_MS {
                return false;
            }
            self.last_sent_ms.set_value(now);
            true
        }
        #[cfg(not(feature = "hydrate"))]
        {
            // Nobody types on the server.
            let _ = (self.last_sent_ms, Self::EVERY_MS);
            false
        }
    }
}

impl Default for TypingThrottle {
    fn default() -> Self {
        Self::new()
    }
}

/// Insert `msg` into a seq-ordered list unless already there (a message can
/// arrive as an ack, a broadcast and a resume replay).
pub fn merge_message(list: &mut Vec<Message>, msg: Message) {
    match list.binary_search_by_key(&msg.seq, |m| m.seq) {
        Ok(_) => {}
        Err(pos) => list.insert(pos, msg),
    }
}

/// A kept send: client id, conversation, body.
type Kept = (String, Option<i64>, String);

/// Messages sent but not yet acknowledged, in send order.
#[derive(Debug, Clone, Default)]
pub struct Outbox {
    pending: BTreeMap<u64, (String, ClientMsg)>,
    next: u64,
    /// Client ids this tab saw acknowledged (the latest `ACKED_KEPT`): what
    /// it may take out of the kept outbox other tabs share.
    acked: std::collections::VecDeque<String>,
}

const ACKED_KEPT: usize = 512;

impl Outbox {
    pub fn push(&mut self, client_id: String, msg: ClientMsg) {
        self.pending.insert(self.next, (client_id, msg));
        self.next += 1;
    }

    pub fn ack(&mut self, client_id: &str) {
        self.pending.retain(|_, (id, _)| id != client_id);
        if !self.acked.iter().any(|id| id == client_id) {
            if self.acked.len() == ACKED_KEPT {
                self.acked.pop_front();
            }
            self.acked.push_back(client_id.to_owned());
        }
    }

    pub fn has(&self, client_id: &str) -> bool {
        self.pending.values().any(|(id, _)| id == client_id)
    }

    pub fn all(&self) -> Vec<ClientMsg> {
        self.pending.values().map(|(_, m)| m.clone()).collect()
    }

    pub fn bodies(&self) -> Vec<(String, ClientMsg)> {
        self.pending.values().cloned().collect()
    }

    /// The sends among the pending messages, as they are kept (only sends
    /// are kept; a plain tuple keeps the widget's bundle free of a decoder
    /// for every client frame).
    fn kept(&self) -> Vec<Kept> {
        self.pending
            .values()
            .filter_map(|(_, m)| match m {
                ClientMsg::Send {
                    conversation_id,
                    client_id,
                    body,
                } => Some((client_id.clone(), *conversation_id, body.clone())),
                _ => None,
            })
            .collect()
    }

    /// As kept in `localStorage`: `[[client_id, conversation_id, body], …]`
    /// in send order.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.kept()).unwrap_or_else(|_| "[]".into())
    }

    /// What to keep now that this tab's outbox changed, given what the
    /// tabs kept so far (`stored`): every kept send this tab has not seen
    /// acknowledged, in its place, then this tab's new ones. So one tab
    /// never drops another tab's unsent message.
    pub fn merged_with(&self, stored: &str) -> String {
        let stored: Vec<Kept> = serde_json::from_str(stored).unwrap_or_default();
        let mut out: Vec<Kept> = stored
            .into_iter()
            .filter(|(id, _, _)| !self.acked.contains(id))
            .collect();
        for mine in self.kept() {
            if !out.iter().any(|(id, _, _)| *id == mine.0) {
                out.push(mine);
            }
        }
        serde_json::to_string(&out).unwrap_or_else(|_| "[]".into())
    }

    /// The outbox a page kept; anything unreadable counts as empty.
    pub fn from_json(json: &str) -> Outbox {
        let mut outbox = Outbox::default();
        let kept: Vec<Kept> = serde_json::from_str(json).unwrap_or_default();
        for (client_id, conversation_id, body) in kept {
            let msg = ClientMsg::Send {
                conversation_id,
                client_id: client_id.clone(),
                body,
            };
            outbox.push(client_id, msg);
        }
        outbox
    }
}

/// Handle to the tab's socket; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct ChatSocket {
    pub connection: RwSignal<Connection>,
    /// Unacknowledged sends, shown as "sending…" in the UI.
    pub outbox: RwSignal<Outbox>,
    #[cfg(feature = "hydrate")]
    inner: StoredValue<std::rc::Rc<browser::Inner>, LocalStorage>,
}

impl ChatSocket {
    /// Open `/ws` with the given query string, authenticated by the session
    /// cookie (agents' browsers); `on_event` sees every event.
    pub fn connect(query: String, on_event: impl Fn(ServerEvent) + 'static) -> Self {
        Self::open(query, None, Outbox::default(), on_event)
    }

    /// Open `/ws?auth=frame` + `query`, sending `token` in the first frame
    /// of every connection (so it is never in a URL), and keep
    /// unacknowledged messages in `localStorage` under `key`: after a
    /// reload (or in a new tab) they show as "sending…" and are resent when
    /// the socket opens; the server's client-id check stores each once.
    pub fn connect_keeping(
        query: String,
        token: String,
        key: &'static str,
        on_event: impl Fn(ServerEvent) + 'static,
    ) -> Self {
        let kept = crate::browser::load(key)
            .map(|json| Outbox::from_json(&json))
            .unwrap_or_default();
        let socket = Self::open(query, Some(token), kept, on_event);
        let outbox = socket.outbox;
        // Read-merge-write: other tabs keep their unsent messages here too.
        Effect::new(move |_| {
            outbox.with(|o| {
                let stored = crate::browser::load(key).unwrap_or_default();
                crate::browser::save(key, &o.merged_with(&stored));
            })
        });
        socket
    }

    fn open(
        query: String,
        token: Option<String>,
        kept: Outbox,
        on_event: impl Fn(ServerEvent) + 'static,
    ) -> Self {
        let connection = RwSignal::new(Connection::Connecting);
        let outbox = RwSignal::new(kept);
        #[cfg(feature = "hydrate")]
        {
            let inner = browser::Inner::start(query, token, connection, outbox, Box::new(on_event));
            ChatSocket {
                connection,
                outbox,
                inner: StoredValue::new_local(inner),
            }
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (query, token, on_event);
            ChatSocket { connection, outbox }
        }
    }

    /// Send a text message exactly once (retried across reconnects).
    pub fn send_text(&self, conversation_id: Option<i64>, body: String) -> String {
        let client_id = new_client_id();
        let msg = ClientMsg::Send {
            conversation_id,
            client_id: client_id.clone(),
            body,
        };
        self.outbox
            .update(|o| o.push(client_id.clone(), msg.clone()));
        self.send_now(&msg);
        client_id
    }

    /// Fire-and-forget frames (typing, read, resume); dropped while offline.
    pub fn send_now(&self, msg: &ClientMsg) {
        #[cfg(feature = "hydrate")]
        self.inner.with_value(|i| i.send(msg));
        #[cfg(not(feature = "hydrate"))]
        let _ = msg;
    }

    /// Remember the last seq seen in a conversation, for resume.
    pub fn track(&self, conversation_id: i64, last_seq: i64) {
        #[cfg(feature = "hydrate")]
        self.inner
            .with_value(|i| i.track(conversation_id, last_seq));
        #[cfg(not(feature = "hydrate"))]
        let _ = (conversation_id, last_seq);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use model::chat::Sender;

    fn m(seq: i64) -> Message {
        Message {
            conversation_id: 1,
            seq,
            client_id: format!("c{seq}"),
            sender: Sender::Visitor,
            agent_name: None,
            agent_avatar: None,
            body: "x".into(),
            system: None,
            internal: false,
            attachment: None,
            bot: None,
            delivery: None,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn merge_keeps_order_and_drops_duplicates() {
        let mut list = vec![];
        for s in [3, 1, 2, 3, 1] {
            merge_message(&mut list, m(s));
        }
        assert_eq!(
            list.iter().map(|m| m.seq).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
    }

    #[test]
    fn a_kept_outbox_reads_back_in_order_and_bad_json_is_empty() {
        let mut o = Outbox::default();
        for (id, body) in [("b", "first"), ("a", "second")] {
            o.push(
                id.into(),
                ClientMsg::Send {
                    conversation_id: Some(3),
                    client_id: id.into(),
                    body: body.into(),
                },
            );
        }
        let back = Outbox::from_json(&o.to_json());
        assert_eq!(back.bodies(), o.bodies());
        assert!(Outbox::from_json("{not json").all().is_empty());
    }

    fn send(id: &str, body: &str) -> (String, ClientMsg) {
        let msg = ClientMsg::Send {
            conversation_id: None,
            client_id: id.into(),
            body: body.into(),
        };
        (id.into(), msg)
    }

    fn kept_ids(json: &str) -> Vec<String> {
        Outbox::from_json(json)
            .bodies()
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    }

    /// Two tabs share one kept outbox: neither drops the other's message,
    /// and a message leaves it once a tab saw it acknowledged.
    #[test]
    fn tabs_keep_each_others_unsent_messages() {
        let (mut a, mut b) = (Outbox::default(), Outbox::default());
        let (id, msg) = send("a1", "from tab A");
        a.push(id, msg);
        let stored = a.merged_with("");
        let (id, msg) = send("b1", "from tab B");
        b.push(id, msg);
        let stored = b.merged_with(&stored);
        assert_eq!(kept_ids(&stored), vec!["a1", "b1"]);
        a.ack("a1");
        let stored = a.merged_with(&stored);
        assert_eq!(kept_ids(&stored), vec!["b1"]);
        b.ack("b1");
        assert!(kept_ids(&b.merged_with(&stored)).is_empty());
        assert_eq!(kept_ids(&a.merged_with("{bad")), Vec::<String>::new());
    }

    #[test]
    fn outbox_keeps_send_order_until_acked() {
        let mut o = Outbox::default();
        o.push("a".into(), ClientMsg::Ping);
        o.push("b".into(), ClientMsg::Ping);
        o.ack("a");
        assert_eq!(
            o.bodies().into_iter().map(|(id, _)| id).collect::<Vec<_>>(),
            vec!["b"]
        );
    }
}
