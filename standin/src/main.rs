//! The stand-in as a process, for Playwright: `standin` listens on
//! `STANDIN_ADDR` (default 127.0.0.1:3190) and knows the WeChat apps in
//! `STANDIN_APPS` (`appid:secret,…`) and the Weibo tokens in
//! `STANDIN_WEIBO_TOKENS` (comma-separated).

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::var("STANDIN_ADDR").unwrap_or_else(|_| "127.0.0.1:3190".into());
    let apps = std::env::var("STANDIN_APPS").unwrap_or_default();
    let apps: Vec<(&str, &str)> = apps
        .split(',')
        .filter_map(|pair| pair.split_once(':'))
        .collect();
    let tokens = std::env::var("STANDIN_WEIBO_TOKENS").unwrap_or_default();
    let tokens: Vec<&str> = tokens.split(',').filter(|t| !t.is_empty()).collect();
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("stand-in for the WeChat and Weibo APIs on http://{addr}");
    standin::Standin::new(&apps, &tokens).serve(listener).await
}
