//! The WeChat callback (C4): proving a request is WeChat's (signature over
//! the account's token, a timestamp within five minutes), opening safe-mode
//! envelopes, and wrapping our passive reply the same way. What a message
//! or event then does is `inbound`'s business.
//!
//! Refusals: an unknown or disabled account is `NotFound` (404), a bad
//! signature, a stale timestamp, the wrong mode or a ciphertext that is not
//! this account's is `Forbidden` (403), a body that is not XML is a field
//! error on `body` (400). Nothing is stored for any of them.

use model::channels::{ChannelKind, WechatMode};

use super::crypto::{self, MessageKey};
use super::inbound::{Passive, WechatInbound};
use super::xml;
use crate::channels::accounts::{in_window, ChannelAccountService};
use crate::clock::Clock;
use crate::entities::channel_account;
use crate::error::{Error, Result};

/// The query string WeChat signs its callbacks with.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct CallbackQuery {
    pub signature: Option<String>,
    pub timestamp: Option<String>,
    pub nonce: Option<String>,
    /// Only on the GET that checks the URL.
    pub echostr: Option<String>,
    /// `aes` when the body is a safe-mode envelope.
    pub encrypt_type: Option<String>,
    pub msg_signature: Option<String>,
    /// The follower's openid (WeChat adds it; we read the body's).
    pub openid: Option<String>,
}

#[derive(Clone)]
pub struct WechatService {
    accounts: ChannelAccountService,
    inbound: WechatInbound,
    clock: std::sync::Arc<dyn Clock>,
}

/// The body is not XML we can read.
fn not_xml(e: impl std::fmt::Display) -> Error {
    tracing::info!(error = %e, "wechat callback body refused");
    Error::field("body", "not_xml")
}

fn refused(why: &str) -> Error {
    tracing::info!(why, "wechat callback refused");
    Error::Forbidden
}

impl WechatService {
    pub(crate) fn new(
        accounts: ChannelAccountService,
        inbound: WechatInbound,
        clock: std::sync::Arc<dyn Clock>,
    ) -> Self {
        Self {
            accounts,
            inbound,
            clock,
        }
    }

    /// The account, and the timestamp and nonce once they are checked.
    async fn signed(
        &self,
        key: &str,
        q: &CallbackQuery,
    ) -> Result<(channel_account::Model, String, String)> {
        let account = self.accounts.by_callback(ChannelKind::Wechat, key).await?;
        let (Some(timestamp), Some(nonce)) = (&q.timestamp, &q.nonce) else {
            return Err(refused("no timestamp or nonce"));
        };
        let ts: i64 = timestamp.parse().map_err(|_| refused("bad timestamp"))?;
        if !in_window(self.clock.now().timestamp(), ts) {
            return Err(refused("timestamp outside the window"));
        }
        Ok((account, timestamp.clone(), nonce.clone()))
    }

    /// `GET`: WeChat checks the URL; we answer its `echostr` if the
    /// signature is the account's.
    pub async fn verify(&self, key: &str, q: &CallbackQuery) -> Result<String> {
        let (account, timestamp, nonce) = self.signed(key, q).await?;
        let given = q.signature.as_deref().unwrap_or_default();
        if !crypto::signature_matches(
            given,
            &[account.token.as_str(), timestamp.as_str(), nonce.as_str()],
        ) {
            return Err(refused("bad signature"));
        }
        q.echostr
            .clone()
            .ok_or_else(|| Error::field("echostr", "required"))
    }

    /// `POST`: a follower's message or event. Returns the response body:
    /// `success`, or a passive reply (encrypted when the request was).
    pub async fn receive(&self, key: &str, q: &CallbackQuery, body: &str) -> Result<String> {
        let (account, timestamp, nonce) = self.signed(key, q).await?;
        let mode = WechatMode::from_key(&account.mode).unwrap_or_default();
        let encrypted = q.encrypt_type.as_deref() == Some("aes");
        let (inner, message_key) = if encrypted {
            if mode == WechatMode::Plaintext {
                return Err(refused("encrypted body to a plaintext account"));
            }
            let envelope = xml::fields(body).map_err(not_xml)?;
            let cipher = envelope
                .get("Encrypt")
                .ok_or_else(|| not_xml("no Encrypt"))?;
            let given = q.msg_signature.as_deref().unwrap_or_default();
            let parts = [
                account.token.as_str(),
                timestamp.as_str(),
                nonce.as_str(),
                cipher.as_str(),
            ];
            if !crypto::signature_matches(given, &parts) {
                return Err(refused("bad msg_signature"));
            }
            let message_key = MessageKey::new(&account.aes_key)
                .map_err(|e| Error::Internal(format!("stored EncodingAESKey: {e}")))?;
            let inner = message_key
                .decrypt(cipher, &account.app_id)
                .map_err(|e| refused(&e.to_string()))?;
            (inner, Some(message_key))
        } else {
            if mode == WechatMode::Safe {
                return Err(refused("plain body to a safe-mode account"));
            }
            let given = q.signature.as_deref().unwrap_or_default();
            if !crypto::signature_matches(
                given,
                &[account.token.as_str(), timestamp.as_str(), nonce.as_str()],
            ) {
                return Err(refused("bad signature"));
            }
            (body.to_owned(), None)
        };
        let message = xml::parse(&inner).map_err(not_xml)?;
        let reply = self.inbound.handle(&account, &message).await?;
        let Some(reply) = reply else {
            return Ok("success".into());
        };
        let now = self.clock.now().timestamp();
        let (to, from) = (&message.from_user, &message.to_user);
        let plain = match reply {
            Passive::Text(text) => xml::text_reply(to, from, now, &text),
            Passive::News(articles) => xml::news_reply(to, from, now, &articles),
        };
        Ok(match message_key {
            None => plain,
            Some(k) => {
                let cipher = k.encrypt(&plain, &account.app_id);
                let ts = now.to_string();
                let sig = crypto::signature(&[
                    account.token.as_str(),
                    ts.as_str(),
                    nonce.as_str(),
                    cipher.as_str(),
                ]);
                xml::encrypted_reply(&cipher, &sig, &ts, &nonce)
            }
        })
    }
}
