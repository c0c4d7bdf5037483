//! The web-sys WebSocket behind `ChatSocket` (browser only).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;
use model::chat::{ClientMsg, ServerEvent};
use model::AppError;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

use super::{Connection, Outbox};

/// The current socket's event handlers. Replaced (and the old ones freed)
/// on every reconnect, instead of leaking three closures each time.
struct Handlers {
    _open: Closure<dyn FnMut()>,
    _message: Closure<dyn FnMut(MessageEvent)>,
    _close: Closure<dyn FnMut(CloseEvent)>,
}

pub struct Inner {
    query: String,
    /// Sent in each connection's first frame (`/ws?auth=frame`); `None`
    /// for the session cookie.
    token: Option<String>,
    ws: RefCell<Option<WebSocket>>,
    handlers: RefCell<Option<Handlers>>,
    attempts: RefCell<u32>,
    last_seq: RefCell<HashMap<i64, i64>>,
    connection: RwSignal<Connection>,
    outbox: RwSignal<Outbox>,
    on_event: Box<dyn Fn(ServerEvent)>,
}

/// A page that goes (the console's monitor when the admin moves on) takes
/// its socket with it: closed, and never reconnected.
impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(ws) = self.ws.get_mut().take() {
            ws.set_onopen(None);
            ws.set_onmessage(None);
            ws.set_onclose(None);
            let _ = ws.close();
        }
    }
}

impl Inner {
    pub fn start(
        query: String,
        token: Option<String>,
        connection: RwSignal<Connection>,
        outbox: RwSignal<Outbox>,
        on_event: Box<dyn Fn(ServerEvent)>,
    ) -> Rc<Inner> {
        let inner = Rc::new(Inner {
            query,
            token,
            ws: RefCell::new(None),
            handlers: RefCell::new(None),
            attempts: RefCell::new(0),
            last_seq: RefCell::new(HashMap::new()),
            connection,
            outbox,
            on_event,
        });
        Inner::open(&inner);
        inner
    }

    /// Drop a message from the outbox, if it is there.
    fn forget(&self, client_id: &str) {
        if self.outbox.with_untracked(|o| o.has(client_id)) {
            self.outbox.update(|o| o.ack(client_id));
        }
    }

    fn url(&self) -> String {
        let loc = web_sys::window().map(|w| w.location());
        let (proto, host) = match loc {
            Some(l) => (
                l.protocol().unwrap_or_default(),
                l.host().unwrap_or_default(),
            ),
            None => (String::new(), String::new()),
        };
        let scheme = if proto == "https:" { "wss" } else { "ws" };
        match (&self.token, self.query.strip_prefix('?')) {
            (Some(_), Some(rest)) => format!("{scheme}://{host}/ws?auth=frame&{rest}"),
            (Some(_), None) => format!("{scheme}://{host}/ws?auth=frame"),
            (None, _) => format!("{scheme}://{host}/ws{}", self.query),
        }
    }

    fn open(this: &Rc<Inner>) {
        let Ok(ws) = WebSocket::new(&this.url()) else {
            Inner::schedule_reconnect(this);
            return;
        };
        let weak = Rc::downgrade(this);
        let on_open = Closure::<dyn FnMut()>::new(move || {
            if let Some(inner) = weak.upgrade() {
                *inner.attempts.borrow_mut() = 0;
                inner.connection.set(Connection::Open);
                if let Some(token) = inner.token.clone() {
                    inner.send(&ClientMsg::Auth { token });
                }
                // Resume every conversation, then re-send what was never acked.
                let resumes: Vec<(i64, i64)> = inner
                    .last_seq
                    .borrow()
                    .iter()
                    .map(|(c, s)| (*c, *s))
                    .collect();
                for (conversation_id, after_seq) in resumes {
                    inner.send(&ClientMsg::Resume {
                        conversation_id,
                        after_seq,
                    });
                }
                for msg in inner.outbox.get_untracked().all() {
                    inner.send(&msg);
                }
            }
        });
        let weak = Rc::downgrade(this);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(inner) = weak.upgrade() else { return };
            let Some(text) = ev.data().as_string() else {
                return;
            };
            let Ok(event) = serde_json::from_str::<ServerEvent>(&text) else {
                return;
            };
            match &event {
                ServerEvent::Ack { client_id, message } => {
                    inner.outbox.update(|o| o.ack(client_id));
                    inner.track(message.conversation_id, message.seq);
                }
                ServerEvent::Message { message } => {
                    // Another tab (or a resend after a reload) stored it.
                    inner.forget(&message.client_id);
                    inner.track(message.conversation_id, message.seq)
                }
                // The server is briefly unavailable: try that one again later.
                ServerEvent::Error {
                    client_id: Some(client_id),
                    error:
                        Some(
                            AppError::Retry { retry_after_secs }
                            | AppError::RateLimited { retry_after_secs },
                        ),
                    ..
                } => Inner::resend_later(&inner, client_id.clone(), *retry_after_secs),
                // Refused for good (not "try later"): resending cannot help.
                ServerEvent::Error {
                    client_id: Some(client_id),
                    error: Some(AppError::Invalid { .. } | AppError::NotFound | AppError::Forbidden),
                    ..
                } => inner.forget(client_id),
                _ => {}
            }
            (inner.on_event)(event);
        });
        let weak = Rc::downgrade(this);
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |_ev: CloseEvent| {
            if let Some(inner) = weak.upgrade() {
                inner.ws.borrow_mut().take();
                inner.connection.set(Connection::Reconnecting);
                Inner::schedule_reconnect(&inner);
            }
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        // `open` runs from `start` or a reconnect timer, never inside one of
        // these handlers, so dropping the previous socket's is safe here.
        *this.handlers.borrow_mut() = Some(Handlers {
            _open: on_open,
            _message: on_message,
            _close: on_close,
        });
        *this.ws.borrow_mut() = Some(ws);
    }

    /// Exponential backoff (0.5 s … 15 s) with up to 50 % random jitter, so a
    /// restarted server is not hit by every client at the same instant.
    fn schedule_reconnect(this: &Rc<Inner>) {
        let attempt = {
            let mut a = this.attempts.borrow_mut();
            *a += 1;
            *a
        };
        let base = (500.0 * 2f64.powi(attempt.min(5) as i32 - 1)).min(15_000.0);
        let delay = base * (1.0 + js_sys::Math::random() * 0.5);
        let weak = Rc::downgrade(this);
        set_timeout(
            move || {
                if let Some(inner) = weak.upgrade() {
                    Inner::open(&inner);
                }
            },
            std::time::Duration::from_millis(delay as u64),
        );
    }

    /// Resend an unacknowledged message after the server's `retry_after`
    /// (plus jitter, so clients do not come back all at once).
    fn resend_later(this: &Rc<Inner>, client_id: String, after_secs: u64) {
        let delay =
            (after_secs.clamp(1, 60) as f64) * 1000.0 * (1.0 + js_sys::Math::random() * 0.5);
        let weak = Rc::downgrade(this);
        set_timeout(
            move || {
                let Some(inner) = weak.upgrade() else { return };
                let pending = inner.outbox.with_untracked(|o| {
                    o.all().into_iter().find(
                        |m| matches!(m, ClientMsg::Send { client_id: c, .. } if *c == client_id),
                    )
                });
                if let Some(msg) = pending {
                    inner.send(&msg);
                }
            },
            std::time::Duration::from_millis(delay as u64),
        );
    }

    pub fn send(&self, msg: &ClientMsg) {
        if let Some(ws) = self.ws.borrow().as_ref() {
            if ws.ready_state() == WebSocket::OPEN {
                if let Ok(text) = serde_json::to_string(msg) {
                    let _ = ws.send_with_str(&text);
                }
            }
        }
    }

    pub fn track(&self, conversation_id: i64, seq: i64) {
        let mut map = self.last_seq.borrow_mut();
        let entry = map.entry(conversation_id).or_insert(0);
        if seq > *entry {
            *entry = seq;
        }
    }
}
