//! Configuration from environment variables, with defaults that let
//! `target/release/server` run from the repository root with none set.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    /// `SWITCHBOARD_DATABASE_URL`; default: SQLite file in the data dir.
    pub database_url: String,
    /// `SWITCHBOARD_DATA_DIR`; uploads and the SQLite file. Default `./data`.
    pub data_dir: PathBuf,
    /// `LEPTOS_SITE_ADDR`; default `127.0.0.1:3000`.
    pub site_addr: SocketAddr,
    /// `LEPTOS_SITE_ROOT`; the built wasm/js/css. Default `target/site`.
    pub site_root: PathBuf,
    /// `SWITCHBOARD_ADMIN_EMAIL`; the first admin (only used when none exists).
    pub admin_email: String,
    /// `SWITCHBOARD_ADMIN_PASSWORD`; generated and printed when unset.
    pub admin_password: Option<String>,
    /// `SWITCHBOARD_SECURE_COOKIES`; mark cookies `Secure` (serve over HTTPS).
    /// Default: on when `SWITCHBOARD_PUBLIC_URL` starts with `https://`.
    pub secure_cookies: bool,
    /// `SWITCHBOARD_VISITOR_RATE`: visitor requests/sockets per second per
    /// address (bursts of ten times that). Default 5.
    pub visitor_rate: f64,
    /// `SWITCHBOARD_SQLITE_SYNC`: `normal` (default; commits survive a
    /// server crash) or `full` (also power loss, far fewer writes/s).
    pub sqlite_sync: domain::db::SqliteSync,
    /// `SWITCHBOARD_PUBLIC_URL`: the address visitors reach the server at
    /// (used in the embed code); default: the address of each request.
    pub public_url: Option<String>,
    /// `SWITCHBOARD_TRUST_PROXY`: `1` when a reverse proxy sets
    /// `X-Forwarded-For`, so visitor rate limits apply per real visitor.
    pub trust_proxy: bool,
    /// `SWITCHBOARD_UPLOAD_MAX_BYTES`: largest file a chat accepts. Default 10 MiB.
    pub upload_max_bytes: usize,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {0}")]
pub struct ConfigError(String);

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let data_dir = PathBuf::from(var("SWITCHBOARD_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = var("SWITCHBOARD_DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}/switchboard.db", data_dir.display()));
        let site_addr = var("LEPTOS_SITE_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|e| ConfigError(format!("LEPTOS_SITE_ADDR: {e}")))?;
        let public_https = var("SWITCHBOARD_PUBLIC_URL").is_some_and(|u| u.starts_with("https://"));
        let secure_cookies = match var("SWITCHBOARD_SECURE_COOKIES").as_deref() {
            Some("1" | "true" | "yes") => true,
            Some("0" | "false" | "no") => false,
            Some(other) => return Err(ConfigError(format!("SWITCHBOARD_SECURE_COOKIES: {other}"))),
            None => public_https,
        };
        Ok(Self {
            database_url,
            site_root: PathBuf::from(
                var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            ),
            data_dir,
            site_addr,
            admin_email: var("SWITCHBOARD_ADMIN_EMAIL")
                .unwrap_or_else(|| "admin@localhost.localdomain".into()),
            admin_password: var("SWITCHBOARD_ADMIN_PASSWORD"),
            secure_cookies,
            visitor_rate: match var("SWITCHBOARD_VISITOR_RATE") {
                Some(v) => v
                    .parse::<f64>()
                    .ok()
                    .filter(|r| *r > 0.0)
                    .ok_or_else(|| ConfigError(format!("SWITCHBOARD_VISITOR_RATE: {v}")))?,
                None => 5.0,
            },
            public_url: var("SWITCHBOARD_PUBLIC_URL"),
            trust_proxy: match var("SWITCHBOARD_TRUST_PROXY").as_deref() {
                None | Some("0" | "false" | "no") => false,
                Some("1" | "true" | "yes") => true,
                Some(other) => {
                    return Err(ConfigError(format!("SWITCHBOARD_TRUST_PROXY: {other}")))
                }
            },
            sqlite_sync: match var("SWITCHBOARD_SQLITE_SYNC").as_deref() {
                None | Some("normal") => domain::db::SqliteSync::Normal,
                Some("full") => domain::db::SqliteSync::Full,
                Some(other) => {
                    return Err(ConfigError(format!("SWITCHBOARD_SQLITE_SYNC: {other}")))
                }
            },
            upload_max_bytes: match var("SWITCHBOARD_UPLOAD_MAX_BYTES") {
                Some(v) => v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| ConfigError(format!("SWITCHBOARD_UPLOAD_MAX_BYTES: {v}")))?,
                None => model::chat::UPLOAD_MAX_DEFAULT,
            },
        })
    }
}
