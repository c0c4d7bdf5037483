//! The platforms' HTTP APIs we call (C4, C5): WeChat's access token,
//! customer-service messages, media and custom menu; Weibo's private-message
//! reply. Base URLs are configurable so tests run against a local stand-in.
//! Every answer is read as the platform's JSON (`errcode`/`errmsg`, Weibo's
//! `error_code`/`error`) and turned into a [`PlatformError`].

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

/// Where the platforms' APIs are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformBases {
    pub wechat: String,
    pub weibo: String,
}

impl Default for PlatformBases {
    fn default() -> Self {
        Self {
            wechat: "https://api.weixin.qq.com".into(),
            weibo: "https://api.weibo.com".into(),
        }
    }
}

/// A platform call that did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlatformError {
    /// The platform answered with an error code.
    #[error("platform error {code}: {message}")]
    Api { code: i64, message: String },
    /// No answer, or not one we can read: worth trying again later.
    #[error("platform unreachable: {0}")]
    Network(String),
}

impl PlatformError {
    pub fn code(&self) -> Option<i64> {
        match self {
            PlatformError::Api { code, .. } => Some(*code),
            PlatformError::Network(_) => None,
        }
    }

    /// The access token was refused: expired (42001), invalid (40001) or
    /// not the latest (40014). Fetch a new one and try once more.
    pub fn token_refused(&self) -> bool {
        matches!(self.code(), Some(40001 | 40014 | 42001))
    }

    /// The platform asks us to slow down (quota reached, or busy).
    pub fn rate_limited(&self) -> bool {
        matches!(self.code(), Some(-1 | 45009 | 45011 | 45047))
    }
}

/// A fresh access token and how long it lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreshToken {
    pub token: String,
    pub expires_in: i64,
}

/// A file a platform holds (WeChat `media/get`).
#[derive(Debug, Clone)]
pub struct Media {
    pub bytes: Vec<u8>,
    pub content_type: String,
}

/// The platforms' APIs, one shared HTTP client.
#[derive(Clone)]
pub struct Platforms {
    http: reqwest::Client,
    bases: PlatformBases,
}

impl Default for Platforms {
    fn default() -> Self {
        Self::new(PlatformBases::default())
    }
}

/// Longest a platform call may take: WeChat's own limit for us is 5 s.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Largest media file taken from a platform (WeChat's limit is 10 MB).
const MEDIA_MAX: usize = 10 * 1024 * 1024;

impl Platforms {
    pub fn new(bases: PlatformBases) -> Self {
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .build()
            .unwrap_or_default();
        Self { http, bases }
    }

    pub fn bases(&self) -> &PlatformBases {
        &self.bases
    }

    fn wechat(&self, path: &str) -> String {
        format!("{}{path}", self.bases.wechat.trim_end_matches('/'))
    }

    /// `GET /cgi-bin/token`: a new access token for an account.
    pub async fn wechat_token(
        &self,
        app_id: &str,
        secret: &str,
    ) -> Result<FreshToken, PlatformError> {
        let request = self.http.get(self.wechat("/cgi-bin/token")).query(&[
            ("grant_type", "client_credential"),
            ("appid", app_id),
            ("secret", secret),
        ]);
        let body = wechat_json(request).await?;
        #[derive(Deserialize)]
        struct Token {
            access_token: String,
            expires_in: i64,
        }
        let t: Token = serde_json::from_value(body).map_err(|e| network(&e))?;
        Ok(FreshToken {
            token: t.access_token,
            expires_in: t.expires_in,
        })
    }

    /// `POST /cgi-bin/message/custom/send`: a customer-service message
    /// (`msgtype` and its part, e.g. `text` with `{"content": …}`).
    pub async fn wechat_send(
        &self,
        token: &str,
        open_id: &str,
        msgtype: &str,
        part: Value,
    ) -> Result<(), PlatformError> {
        let mut message = serde_json::json!({ "touser": open_id, "msgtype": msgtype });
        message[msgtype] = part;
        let request = self
            .http
            .post(self.wechat("/cgi-bin/message/custom/send"))
            .query(&[("access_token", token)])
            .json(&message);
        wechat_json(request).await.map(drop)
    }

    /// `POST /cgi-bin/media/upload`: a temporary image for a message.
    pub async fn wechat_upload_image(
        &self,
        token: &str,
        name: &str,
        media: Media,
    ) -> Result<String, PlatformError> {
        let part = reqwest::multipart::Part::bytes(media.bytes)
            .file_name(name.to_owned())
            .mime_str(&media.content_type)
            .map_err(|e| network(&e))?;
        let request = self
            .http
            .post(self.wechat("/cgi-bin/media/upload"))
            .query(&[("access_token", token), ("type", "image")])
            .multipart(reqwest::multipart::Form::new().part("media", part));
        let body = wechat_json(request).await?;
        body.get("media_id")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| PlatformError::Network("no media_id".into()))
    }

    /// `GET /cgi-bin/media/get`: a follower's image or voice message.
    pub async fn wechat_media(&self, token: &str, media_id: &str) -> Result<Media, PlatformError> {
        let response = self
            .http
            .get(self.wechat("/cgi-bin/media/get"))
            .query(&[("access_token", token), ("media_id", media_id)])
            .send()
            .await
            .map_err(|e| network(&e))?;
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/octet-stream")
            .to_owned();
        if response.content_length().unwrap_or(0) as usize > MEDIA_MAX {
            return Err(PlatformError::Network("media too large".into()));
        }
        let bytes = response.bytes().await.map_err(|e| network(&e))?;
        // Errors come back as JSON instead of the file.
        if content_type.starts_with("application/json") || content_type.starts_with("text/") {
            let body: Value = serde_json::from_slice(&bytes).map_err(|e| network(&e))?;
            wechat_errors(body)?;
            return Err(PlatformError::Network("media answered with JSON".into()));
        }
        if bytes.len() > MEDIA_MAX {
            return Err(PlatformError::Network("media too large".into()));
        }
        Ok(Media {
            bytes: bytes.to_vec(),
            content_type,
        })
    }

    /// `POST /cgi-bin/menu/create`: publish an account's custom menu.
    pub async fn wechat_menu_create(&self, token: &str, menu: &Value) -> Result<(), PlatformError> {
        let request = self
            .http
            .post(self.wechat("/cgi-bin/menu/create"))
            .query(&[("access_token", token)])
            .json(menu);
        wechat_json(request).await.map(drop)
    }

    /// `GET /cgi-bin/menu/get`: the menu the platform has now.
    pub async fn wechat_menu_get(&self, token: &str) -> Result<Value, PlatformError> {
        let request = self
            .http
            .get(self.wechat("/cgi-bin/menu/get"))
            .query(&[("access_token", token)]);
        let body = wechat_json(request).await?;
        Ok(body.get("menu").cloned().unwrap_or(Value::Null))
    }

    /// `POST /2/messages/reply.json`: answer a Weibo private message.
    pub async fn weibo_reply(
        &self,
        token: &str,
        receiver_id: &str,
        text: &str,
    ) -> Result<(), PlatformError> {
        let data = serde_json::json!({ "text": text }).to_string();
        let form = [
            ("access_token", token),
            ("type", "text"),
            ("data", data.as_str()),
            ("receiver_id", receiver_id),
        ];
        let url = format!(
            "{}/2/messages/reply.json",
            self.bases.weibo.trim_end_matches('/')
        );
        let response = self
            .http
            .post(url)
            .form(&form)
            .send()
            .await
            .map_err(|e| network(&e))?;
        let body: Value = response.json().await.map_err(|e| network(&e))?;
        match body.get("error_code").and_then(Value::as_i64) {
            Some(code) if code != 0 => Err(PlatformError::Api {
                code,
                message: body
                    .get("error")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            }),
            _ => Ok(()),
        }
    }
}

fn network(e: &dyn std::fmt::Display) -> PlatformError {
    PlatformError::Network(e.to_string())
}

/// Send a WeChat request and read its JSON answer, errors as errors.
async fn wechat_json(request: reqwest::RequestBuilder) -> Result<Value, PlatformError> {
    let response = request.send().await.map_err(|e| network(&e))?;
    if response.status().is_server_error() {
        return Err(PlatformError::Network(format!(
            "status {}",
            response.status()
        )));
    }
    let body: Value = response.json().await.map_err(|e| network(&e))?;
    wechat_errors(body)
}

/// WeChat answers 200 with `errcode` ≠ 0 when it refuses.
fn wechat_errors(body: Value) -> Result<Value, PlatformError> {
    match body.get("errcode").and_then(Value::as_i64) {
        Some(code) if code != 0 => Err(PlatformError::Api {
            code,
            message: body
                .get("errmsg")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        }),
        _ => Ok(body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_read_and_classified() {
        let e = wechat_errors(serde_json::json!({"errcode": 42001, "errmsg": "expired"}));
        assert!(e.as_ref().unwrap_err().token_refused());
        let busy = wechat_errors(serde_json::json!({"errcode": -1, "errmsg": "busy"}));
        assert!(busy.unwrap_err().rate_limited());
        assert!(wechat_errors(serde_json::json!({"errcode": 0, "errmsg": "ok"})).is_ok());
        assert!(wechat_errors(serde_json::json!({"access_token": "t"})).is_ok());
    }
}
