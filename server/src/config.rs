//! Configuration from environment variables (or the same as command-line
//! flags; `server --help` lists them), parsed by clap, with defaults that
//! let `target/release/server` run from the repository root with none set.
//! Tests start from `Config::default()` and override what they need.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::builder::BoolishValueParser;
use clap::{CommandFactory, FromArgMatches, Parser, ValueEnum};

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
    /// `SWITCHBOARD_WIDGET_SITES`: the sites that may frame the widget
    /// (space-separated origins, CSP `frame-ancestors`). Default `*`: any.
    pub widget_sites: String,
    /// `SWITCHBOARD_IP_REGION_DB`: the ip2region xdb file that places
    /// visitors for routing rules. Default: the one `scripts/setup.sh`
    /// fetches; without the file, region conditions match nobody.
    pub ip_region_db: PathBuf,
    /// `SWITCHBOARD_WECHAT_API_BASE`: WeChat's API (tests point it at a
    /// stand-in). Default `https://api.weixin.qq.com`.
    pub wechat_api_base: String,
    /// `SWITCHBOARD_WEIBO_API_BASE`: Weibo's API. Default `https://api.weibo.com`.
    pub weibo_api_base: String,
    /// `SWITCHBOARD_REDIS_URL`: the broker live events travel through
    /// between server processes (`redis://host:6379`). Unset: one process.
    pub redis_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Args::default().into()
    }
}

#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {0}")]
pub struct ConfigError(String);

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Sync {
    Normal,
    Full,
}

/// What clap reads; empty values count as unset.
#[derive(Debug, Parser)]
#[command(name = "server", about = "The Switchboard server", version)]
struct Args {
    /// SQLite or `postgres://user:pass@host/db`; migrations run at start-up.
    #[arg(long, env = "SWITCHBOARD_DATABASE_URL")]
    database_url: Option<String>,
    /// SQLite file and uploaded files (`files/`).
    #[arg(long, env = "SWITCHBOARD_DATA_DIR", default_value = "data")]
    data_dir: PathBuf,
    /// Listen address.
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    site_addr: SocketAddr,
    /// The built wasm / JS / CSS (`make site`).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    site_root: PathBuf,
    /// The first admin, used only while no enabled admin exists.
    #[arg(
        long,
        env = "SWITCHBOARD_ADMIN_EMAIL",
        default_value = "admin@localhost.localdomain"
    )]
    admin_email: String,
    /// The first admin's password; generated and printed when unset.
    #[arg(long, env = "SWITCHBOARD_ADMIN_PASSWORD", hide_env_values = true)]
    admin_password: Option<String>,
    /// Force `Secure` cookies on or off (default: on for an https public URL).
    #[arg(long, env = "SWITCHBOARD_SECURE_COOKIES", value_parser = BoolishValueParser::new())]
    secure_cookies: Option<bool>,
    /// Visitor API calls / socket upgrades per second per address (bursts of 10×).
    #[arg(long, env = "SWITCHBOARD_VISITOR_RATE", default_value_t = 5.0)]
    visitor_rate: f64,
    /// `normal`: WAL, commits survive a crash of the server; `full`: also power loss.
    #[arg(
        long,
        env = "SWITCHBOARD_SQLITE_SYNC",
        value_enum,
        default_value = "normal"
    )]
    sqlite_sync: Sync,
    /// The public address, used in the widget's embed code.
    #[arg(long, env = "SWITCHBOARD_PUBLIC_URL")]
    public_url: Option<String>,
    /// `1` behind a reverse proxy that sets `X-Forwarded-For`.
    #[arg(long, env = "SWITCHBOARD_TRUST_PROXY", value_parser = BoolishValueParser::new(), default_value = "0")]
    trust_proxy: bool,
    /// The largest file a chat accepts, in bytes.
    #[arg(long, env = "SWITCHBOARD_UPLOAD_MAX_BYTES", default_value_t = model::chat::UPLOAD_MAX_DEFAULT)]
    upload_max_bytes: usize,
    /// Sites that may embed the widget, e.g. `https://shop.example https://*.example.org`.
    #[arg(long, env = "SWITCHBOARD_WIDGET_SITES", default_value = "*")]
    widget_sites: String,
    /// The ip2region database (xdb v2) for region routing rules.
    #[arg(
        long,
        env = "SWITCHBOARD_IP_REGION_DB",
        default_value = "target/ip2region/ip2region.xdb"
    )]
    ip_region_db: PathBuf,
    /// WeChat's API base URL (a stand-in in tests).
    #[arg(
        long,
        env = "SWITCHBOARD_WECHAT_API_BASE",
        default_value = "https://api.weixin.qq.com"
    )]
    wechat_api_base: String,
    /// Weibo's API base URL (a stand-in in tests).
    #[arg(
        long,
        env = "SWITCHBOARD_WEIBO_API_BASE",
        default_value = "https://api.weibo.com"
    )]
    weibo_api_base: String,
    /// Redis for live events between several server processes.
    #[arg(long, env = "SWITCHBOARD_REDIS_URL")]
    redis_url: Option<String>,
}

impl Default for Args {
    /// The defaults above, without reading the environment.
    fn default() -> Self {
        let cmd = Args::command().mut_args(|a| a.env(None::<&str>));
        let matches = cmd.get_matches_from(["server"]);
        Args::from_arg_matches(&matches).expect("the defaults parse")
    }
}

impl From<Args> for Config {
    fn from(a: Args) -> Self {
        let blank = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        let public_url = blank(a.public_url);
        let database_url = blank(a.database_url)
            .unwrap_or_else(|| format!("sqlite://{}/switchboard.db", a.data_dir.display()));
        let https = public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"));
        Config {
            database_url,
            data_dir: a.data_dir,
            site_addr: a.site_addr,
            site_root: a.site_root,
            admin_email: a.admin_email,
            admin_password: blank(a.admin_password),
            secure_cookies: a.secure_cookies.unwrap_or(https),
            visitor_rate: a.visitor_rate,
            sqlite_sync: match a.sqlite_sync {
                Sync::Normal => domain::db::SqliteSync::Normal,
                Sync::Full => domain::db::SqliteSync::Full,
            },
            public_url,
            trust_proxy: a.trust_proxy,
            upload_max_bytes: a.upload_max_bytes,
            widget_sites: a.widget_sites,
            ip_region_db: a.ip_region_db,
            wechat_api_base: a.wechat_api_base,
            weibo_api_base: a.weibo_api_base,
            redis_url: blank(a.redis_url),
        }
    }
}

impl Config {
    /// From the environment and the command line (`--help` lists both).
    pub fn load() -> Result<Self, ConfigError> {
        let args = Args::try_parse().map_err(|e| match e.kind() {
            clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                e.exit()
            }
            _ => ConfigError(e.to_string()),
        })?;
        let config = Config::from(args);
        if config.visitor_rate <= 0.0 {
            return Err(ConfigError(
                "SWITCHBOARD_VISITOR_RATE must be above 0".into(),
            ));
        }
        if config.upload_max_bytes == 0 {
            return Err(ConfigError(
                "SWITCHBOARD_UPLOAD_MAX_BYTES must be above 0".into(),
            ));
        }
        for (name, base) in [
            ("SWITCHBOARD_WECHAT_API_BASE", &config.wechat_api_base),
            ("SWITCHBOARD_WEIBO_API_BASE", &config.weibo_api_base),
        ] {
            if !(base.starts_with("https://") || base.starts_with("http://")) {
                return Err(ConfigError(format!("{name} must be an http(s) URL")));
            }
        }
        if !crate::security_headers::valid_sources(&config.widget_sites) {
            return Err(ConfigError(
                "SWITCHBOARD_WIDGET_SITES must be space-separated origins (or *)".into(),
            ));
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, clap::Error> {
        Args::try_parse_from(std::iter::once("server").chain(args.iter().copied()))
            .map(Config::from)
    }

    #[test]
    fn defaults_run_from_the_repository_root() {
        let c = Config::default();
        assert_eq!(c.database_url, "sqlite://data/switchboard.db");
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert!(!c.secure_cookies && !c.trust_proxy);
        assert_eq!(c.visitor_rate, 5.0);
    }

    #[test]
    fn an_https_public_url_turns_on_secure_cookies_unless_told_otherwise() {
        let c = parse(&["--public-url", "https://chat.example.com"]).unwrap();
        assert!(c.secure_cookies);
        let c = parse(&["--public-url", "https://x.example", "--secure-cookies", "0"]).unwrap();
        assert!(!c.secure_cookies);
    }

    #[test]
    fn bad_values_are_refused_with_the_setting_named() {
        let e = parse(&["--site-addr", "nowhere"]).unwrap_err().to_string();
        assert!(e.contains("site-addr") || e.contains("SITE_ADDR"), "{e}");
        assert!(parse(&["--sqlite-sync", "sometimes"]).is_err());
        assert!(parse(&["--trust-proxy", "maybe"]).is_err());
        assert!(parse(&["--visitor-rate", "fast"]).is_err());
    }
}
