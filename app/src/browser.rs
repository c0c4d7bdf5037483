//! Small browser helpers that are no-ops during server rendering.

/// Read a value from `localStorage`.
pub fn load(key: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()?
            .local_storage()
            .ok()??
            .get_item(key)
            .ok()?
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key;
        None
    }
}

/// Write a value to `localStorage` (silently ignored when storage is blocked).
pub fn save(key: &str, value: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(Ok(Some(s))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = s.set_item(key, value);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (key, value);
}

/// Tell the embedding page (the `/embed.js` loader) something, e.g. `close`.
pub fn post_to_parent(message: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        if let Ok(Some(parent)) = w.parent() {
            let _ = parent.post_message(&wasm_bindgen::JsValue::from_str(message), "*");
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = message;
}

/// A short, quiet notification tone (W1), via Web Audio.
pub fn beep() {
    #[cfg(feature = "hydrate")]
    {
        let Ok(ctx) = web_sys::AudioContext::new() else {
            return;
        };
        let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else {
            return;
        };
        osc.frequency().set_value(880.0);
        gain.gain().set_value(0.05);
        let _ = osc.connect_with_audio_node(&gain);
        let _ = gain.connect_with_audio_node(&ctx.destination());
        let now = ctx.current_time();
        let _ = osc.start();
        let _ = osc.stop_with_when(now + 0.15);
    }
}

/// A desktop notification when the tab is in the background (W1).
pub fn notify(title: &str, body: &str) {
    #[cfg(feature = "hydrate")]
    {
        use web_sys::{Notification, NotificationOptions, NotificationPermission};
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .map(|d| d.hidden())
            .unwrap_or(false);
        if !hidden {
            return;
        }
        if Notification::permission() == NotificationPermission::Granted {
            let opts = NotificationOptions::new();
            opts.set_body(body);
            let _ = Notification::new_with_options(title, &opts);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (title, body);
}

/// Ask once for permission to show desktop notifications.
pub fn request_notifications() {
    #[cfg(feature = "hydrate")]
    if web_sys::Notification::permission() == web_sys::NotificationPermission::Default {
        let _ = web_sys::Notification::request_permission();
    }
}

/// Current page URL (for a standalone chat page's "source page").
pub fn page_url() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()?.location().href().ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// Percent-encode a query value.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Upload a file into a conversation (`POST /api/v1/uploads`). Visitors pass
/// their token; agents are recognised by their session cookie. Returns the
/// stored message, which also arrives on the socket.
#[cfg(feature = "hydrate")]
pub async fn upload(
    file: web_sys::File,
    conversation_id: Option<i64>,
    client_id: String,
    bearer: Option<String>,
    // Chat link and page, used when the file starts a conversation.
    link: Option<String>,
    page_url: Option<String>,
) -> Result<model::chat::Message, model::AppError> {
    use model::AppError;
    let transport = |e: String| AppError::Transport { message: e };
    let form = web_sys::FormData::new().map_err(|_| transport("FormData".into()))?;
    if let Some(c) = conversation_id {
        let _ = form.append_with_str("conversation_id", &c.to_string());
    }
    let _ = form.append_with_str("client_id", &client_id);
    if let Some(l) = &link {
        let _ = form.append_with_str("link", l);
    }
    if let Some(p) = &page_url {
        let _ = form.append_with_str("page_url", p);
    }
    form.append_with_blob_and_filename("file", &file, &file.name())
        .map_err(|_| transport("FormData".into()))?;
    let mut req = gloo_net::http::Request::post("/api/v1/uploads");
    if let Some(t) = bearer {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    let req = req.body(form).map_err(|e| transport(e.to_string()))?;
    answer(req).await
}

/// Upload an image as agent `agent_id`'s avatar (`PUT
/// /api/v1/agent/agents/{id}/avatar`, with the session cookie).
#[cfg(feature = "hydrate")]
pub async fn upload_avatar(
    agent_id: i32,
    file: web_sys::File,
) -> Result<model::people::Agent, model::AppError> {
    let transport = |e: String| model::AppError::Transport { message: e };
    let form = web_sys::FormData::new().map_err(|_| transport("FormData".into()))?;
    form.append_with_blob_and_filename("file", &file, &file.name())
        .map_err(|_| transport("FormData".into()))?;
    let req = gloo_net::http::Request::put(&format!("/api/v1/agent/agents/{agent_id}/avatar"))
        .body(form)
        .map_err(|e| transport(e.to_string()))?;
    answer(req).await
}

/// Take agent `agent_id`'s avatar away.
#[cfg(feature = "hydrate")]
pub async fn remove_avatar(agent_id: i32) -> Result<model::people::Agent, model::AppError> {
    let req = gloo_net::http::Request::delete(&format!("/api/v1/agent/agents/{agent_id}/avatar"))
        .build()
        .map_err(|e| model::AppError::Transport {
            message: e.to_string(),
        })?;
    answer(req).await
}

/// Send a REST request and read its JSON answer or its `{ "error": … }`.
#[cfg(feature = "hydrate")]
async fn answer<T: serde::de::DeserializeOwned>(
    req: gloo_net::http::Request,
) -> Result<T, model::AppError> {
    use model::AppError;
    let transport = |e: String| AppError::Transport { message: e };
    let res = req.send().await.map_err(|e| transport(e.to_string()))?;
    if res.ok() {
        return res.json().await.map_err(|e| transport(e.to_string()));
    }
    #[derive(serde::Deserialize)]
    struct Body {
        error: AppError,
    }
    match res.json::<Body>().await {
        Ok(body) => Err(body.error),
        // A proxy's own 413 page, say.
        Err(_) if res.status() == 413 => Err(AppError::field("file", "file_too_large")),
        Err(e) => Err(transport(e.to_string())),
    }
}

/// A query parameter of the current page (`?question=…`).
pub fn query_param(name: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let search = web_sys::window()?.location().search().ok()?;
        web_sys::UrlSearchParams::new_with_str(&search)
            .ok()?
            .get(name)
            .filter(|v| !v.is_empty())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = name;
        None
    }
}

/// Save `text` as a file named `name` (an object URL on a clicked link).
pub fn download(name: &str, content_type: &str, text: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(content_type);
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
            return;
        };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
            return;
        };
        let link = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("a").ok())
            .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok());
        if let Some(a) = link {
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
        // Revoked later: the download reads it after the click returns.
        leptos::prelude::set_timeout(
            move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            },
            std::time::Duration::from_secs(10),
        );
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (name, content_type, text);
}
