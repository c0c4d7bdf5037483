//! A stand-in for the WeChat and Weibo APIs our server calls (C4, C5),
//! for tests only. It knows the apps it was told about (AppID and secret),
//! issues access tokens and refuses any other, records every message sent
//! through it, and answers the next sends with an error code when a test
//! asks it to (`POST /_standin/fail`).
//!
//! - `GET /cgi-bin/token`, `POST /cgi-bin/message/custom/send`,
//!   `POST /cgi-bin/media/upload`, `GET /cgi-bin/media/get`,
//!   `POST /cgi-bin/menu/create`, `GET /cgi-bin/menu/get` (WeChat)
//! - `POST /2/messages/reply.json` (Weibo)
//! - `GET /_standin/sent`, `POST /_standin/fail`, `POST /_standin/expire`,
//!   `POST /_standin/reset` (the tests' side)

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Form, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

/// A one-pixel PNG, what `media/get` returns for ids starting `img`.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];
/// The start of an AMR voice file, for ids starting `voice`.
pub const AMR: &[u8] = b"#!AMR\n\x3c\x00\x00\x00\x00\x00\x00\x00";

#[derive(Default)]
struct Inner {
    /// AppID → secret.
    apps: HashMap<String, String>,
    /// Weibo access tokens accepted.
    weibo_tokens: Vec<String>,
    /// Issued token → AppID.
    tokens: HashMap<String, String>,
    issued: u64,
    sent: Vec<Value>,
    /// Error codes the next sends answer with, first first.
    failures: Vec<i64>,
    /// AppID → the menu last created.
    menus: HashMap<String, Value>,
    token_requests: u64,
}

#[derive(Clone, Default)]
pub struct Standin {
    inner: Arc<Mutex<Inner>>,
}

impl Standin {
    /// A stand-in that knows these WeChat apps and Weibo tokens.
    pub fn new(apps: &[(&str, &str)], weibo_tokens: &[&str]) -> Self {
        let s = Self::default();
        {
            let mut i = s.lock();
            for (id, secret) in apps {
                i.apps.insert((*id).into(), (*secret).into());
            }
            i.weibo_tokens = weibo_tokens.iter().map(|t| (*t).into()).collect();
        }
        s
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Everything sent so far.
    pub fn sent(&self) -> Vec<Value> {
        self.lock().sent.clone()
    }

    /// How many tokens were asked for.
    pub fn token_requests(&self) -> u64 {
        self.lock().token_requests
    }

    /// The next sends answer with these error codes.
    pub fn fail_next(&self, codes: &[i64]) {
        self.lock().failures.extend_from_slice(codes);
    }

    /// Every issued token stops working (WeChat's 42001).
    pub fn expire_tokens(&self) {
        self.lock().tokens.clear();
    }

    pub fn router(&self) -> Router {
        Router::new()
            .route("/cgi-bin/token", get(token))
            .route("/cgi-bin/message/custom/send", post(custom_send))
            .route("/cgi-bin/media/upload", post(media_upload))
            .route("/cgi-bin/media/get", get(media_get))
            .route("/cgi-bin/menu/create", post(menu_create))
            .route("/cgi-bin/menu/get", get(menu_get))
            .route("/2/messages/reply.json", post(weibo_reply))
            .route("/_standin/sent", get(sent))
            .route("/_standin/fail", post(fail))
            .route("/_standin/expire", post(expire))
            .route("/_standin/reset", post(reset))
            .with_state(self.clone())
    }

    /// Serve on `listener` until the process ends.
    pub async fn serve(self, listener: tokio::net::TcpListener) -> std::io::Result<()> {
        axum::serve(listener, self.router()).await
    }
}

fn error(code: i64, msg: &str) -> Json<Value> {
    Json(json!({ "errcode": code, "errmsg": msg }))
}

#[derive(Deserialize)]
struct TokenQuery {
    appid: Option<String>,
    secret: Option<String>,
    grant_type: Option<String>,
}

async fn token(State(s): State<Standin>, Query(q): Query<TokenQuery>) -> Json<Value> {
    let mut i = s.lock();
    i.token_requests += 1;
    if q.grant_type.as_deref() != Some("client_credential") {
        return error(40002, "invalid grant_type");
    }
    let (Some(appid), Some(secret)) = (q.appid, q.secret) else {
        return error(41002, "appid missing");
    };
    match i.apps.get(&appid) {
        None => return error(40013, "invalid appid"),
        Some(s) if *s != secret => return error(40125, "invalid appsecret"),
        Some(_) => {}
    }
    i.issued += 1;
    let token = format!("standin-token-{}-{}", i.issued, appid);
    i.tokens.insert(token.clone(), appid);
    Json(json!({ "access_token": token, "expires_in": 7200 }))
}

#[derive(Deserialize)]
struct TokenOnly {
    access_token: Option<String>,
}

/// The AppID a token was issued to, or the error to answer.
fn app_of(i: &Inner, token: Option<&str>) -> Result<String, Json<Value>> {
    match token {
        None => Err(error(41001, "access_token missing")),
        Some(t) => i.tokens.get(t).cloned().ok_or_else(|| {
            error(
                40001,
                "invalid credential, access_token is invalid or not latest",
            )
        }),
    }
}

async fn custom_send(
    State(s): State<Standin>,
    Query(q): Query<TokenOnly>,
    body: Bytes,
) -> Json<Value> {
    let mut i = s.lock();
    let app = match app_of(&i, q.access_token.as_deref()) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let Ok(message) = serde_json::from_slice::<Value>(&body) else {
        return error(47001, "data format error");
    };
    if !i.failures.is_empty() {
        let code = i.failures.remove(0);
        return error(code, "standin failure");
    }
    i.sent.push(json!({
        "api": "wechat",
        "appid": app,
        "access_token": q.access_token,
        "message": message,
    }));
    error(0, "ok")
}

async fn media_upload(
    State(s): State<Standin>,
    Query(q): Query<TokenOnly>,
    body: Bytes,
) -> Json<Value> {
    let mut i = s.lock();
    if let Err(e) = app_of(&i, q.access_token.as_deref()) {
        return e;
    }
    i.issued += 1;
    let id = format!("uploaded-{}", i.issued);
    i.sent
        .push(json!({ "api": "wechat_media_upload", "media_id": id, "bytes": body.len() }));
    Json(json!({ "type": "image", "media_id": id, "created_at": 0 }))
}

#[derive(Deserialize)]
struct MediaQuery {
    access_token: Option<String>,
    media_id: Option<String>,
}

async fn media_get(State(s): State<Standin>, Query(q): Query<MediaQuery>) -> Response {
    let i = s.lock();
    if let Err(e) = app_of(&i, q.access_token.as_deref()) {
        return e.into_response();
    }
    let id = q.media_id.unwrap_or_default();
    if id.starts_with("img") {
        ([(header::CONTENT_TYPE, "image/png")], PNG).into_response()
    } else if id.starts_with("voice") {
        ([(header::CONTENT_TYPE, "audio/amr")], AMR).into_response()
    } else {
        error(40007, "invalid media_id").into_response()
    }
}

async fn menu_create(
    State(s): State<Standin>,
    Query(q): Query<TokenOnly>,
    body: Bytes,
) -> Json<Value> {
    let mut i = s.lock();
    let app = match app_of(&i, q.access_token.as_deref()) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let Ok(menu) = serde_json::from_slice::<Value>(&body) else {
        return error(47001, "data format error");
    };
    if !menu.get("button").is_some_and(Value::is_array) {
        return error(40016, "invalid button size");
    }
    i.menus.insert(app, menu);
    error(0, "ok")
}

async fn menu_get(State(s): State<Standin>, Query(q): Query<TokenOnly>) -> Json<Value> {
    let i = s.lock();
    let app = match app_of(&i, q.access_token.as_deref()) {
        Ok(a) => a,
        Err(e) => return e,
    };
    match i.menus.get(&app) {
        Some(menu) => Json(json!({ "menu": menu })),
        None => error(46003, "menu no exist"),
    }
}

#[derive(Deserialize)]
struct WeiboReply {
    access_token: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    data: Option<String>,
    receiver_id: Option<String>,
}

async fn weibo_reply(State(s): State<Standin>, Form(f): Form<WeiboReply>) -> Json<Value> {
    let mut i = s.lock();
    let known = f
        .access_token
        .as_ref()
        .is_some_and(|t| i.weibo_tokens.contains(t));
    if !known {
        return Json(json!({ "error_code": 21332, "error": "invalid_access_token" }));
    }
    let data: Option<Value> = f.data.as_deref().and_then(|d| serde_json::from_str(d).ok());
    if f.receiver_id.is_none() || data.is_none() {
        return Json(json!({ "error_code": 10016, "error": "miss required parameter" }));
    }
    if !i.failures.is_empty() {
        let code = i.failures.remove(0);
        return Json(json!({ "error_code": code, "error": "standin failure" }));
    }
    i.sent.push(json!({
        "api": "weibo",
        "access_token": f.access_token,
        "type": f.kind,
        "receiver_id": f.receiver_id,
        "data": data,
    }));
    Json(json!({ "result": true }))
}

async fn sent(State(s): State<Standin>) -> Json<Value> {
    Json(Value::Array(s.sent()))
}

#[derive(Deserialize)]
struct Fail {
    codes: Vec<i64>,
}

async fn fail(State(s): State<Standin>, Json(f): Json<Fail>) -> Json<Value> {
    s.fail_next(&f.codes);
    error(0, "ok")
}

async fn expire(State(s): State<Standin>) -> Json<Value> {
    s.expire_tokens();
    error(0, "ok")
}

async fn reset(State(s): State<Standin>) -> Json<Value> {
    let mut i = s.lock();
    i.sent.clear();
    i.failures.clear();
    error(0, "ok")
}
