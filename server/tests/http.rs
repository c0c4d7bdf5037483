//! The HTTP surface against a real server on port 0 and a fresh SQLite file.

use crate::common;
use crate::common::{client, login, start, ADMIN};
use reqwest::StatusCode;
use server_fn::ServerFn;

#[tokio::test]
async fn console_redirects_to_login_when_signed_out_and_renders_after() {
    let s = start().await;
    let c = client();
    let res = c.get(format!("{}/admin", s.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login?next=/admin");

    let page = c.get(format!("{}/login", s.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("<h1>Sign in</h1>"), "{html}");
    assert!(
        html.contains("/pkg/switchboard.js"),
        "hydration script is linked"
    );

    let res = login(&c, &s.base, ADMIN.0, ADMIN.1).await;
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/admin");
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("sb_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    let page = c.get(format!("{}/admin", s.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Welcome to the console"), "{html}");
}

#[tokio::test]
async fn chinese_is_served_from_accept_language() {
    let s = start().await;
    let html = client()
        .get(format!("{}/login", s.base))
        .header("accept-language", "zh-CN,zh;q=0.9,en;q=0.8")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"<html lang="zh-CN">"#));
    assert!(html.contains("<h1>登录</h1>"));
}

#[tokio::test]
async fn the_chat_page_loads_only_the_widget_bundle() {
    let s = start().await;
    s.services.links.ensure_default_link().await.unwrap();
    let get = |path: &str| {
        let url = format!("{}{path}", s.base);
        async move {
            client()
                .get(url)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let chat = get("/chat/default").await;
    assert!(chat.contains("/pkg/widget.js"), "{chat}");
    assert!(chat.contains("/pkg/widget.css"));
    assert!(!chat.contains("/pkg/switchboard"));
    let login = get("/login").await;
    assert!(login.contains("/pkg/switchboard.js"));
    assert!(!login.contains("/pkg/widget"));
}

#[tokio::test]
async fn wrong_password_is_a_field_error_not_a_crash() {
    let s = start().await;
    let c = client();
    let res = c
        .post(format!("{}{}", s.base, app::api::auth::Login::PATH))
        .header("origin", &s.base)
        .header("accept", "application/json")
        .form(&[("email", ADMIN.0), ("password", "nope")])
        .send()
        .await
        .unwrap();
    // A field error, with the REST API's status for one (was a 500).
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("wrong_credentials"), "{body}");
}

#[tokio::test]
async fn server_functions_refuse_signed_out_callers_and_cross_site_posts() {
    let s = start().await;
    let c = client();
    let url = format!("{}{}", s.base, app::api::people::ListAgents::PATH);
    let res = c.post(&url).header("origin", &s.base).send().await.unwrap();
    // Each error kind has its status, as in the REST API (they were all 500).
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body = res.text().await.unwrap();
    assert!(body.contains("unauthenticated"), "{body}");

    login(&c, &s.base, ADMIN.0, ADMIN.1).await;
    let ok = c.post(&url).header("origin", &s.base).send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert!(ok.text().await.unwrap().contains(ADMIN.0));

    // Someone without the permission gets 403.
    let admin = common::admin_actor(&s).await;
    let role =
        domain::test_support::builtin_role(&s.services, &admin, model::access::BuiltinRole::Agent)
            .await
            .unwrap();
    domain::test_support::online_agent_in(&s.services, &admin, "plain@http.test", role, None)
        .await
        .unwrap();
    let agent = client();
    login(&agent, &s.base, "plain@http.test", "agent-password").await;
    let refused = agent
        .post(&url)
        .header("origin", &s.base)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.unwrap().contains("forbidden"));

    let forged = c
        .post(&url)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let body: serde_json::Value = forged.json().await.unwrap();
    assert_eq!(body["error"]["kind"], "forbidden");
}

#[tokio::test]
async fn oversized_and_malformed_input_is_rejected_cleanly() {
    let s = start().await;
    let c = client();
    login(&c, &s.base, ADMIN.0, ADMIN.1).await;
    let url = format!("{}{}", s.base, app::api::people::SaveAgent::PATH);
    let res = c
        .post(&url)
        .header("origin", &s.base)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error() || res.status().is_server_error());
    let long = "x".repeat(10_000);
    let res = c
        .post(&url)
        .header("origin", &s.base)
        .json(&serde_json::json!({"id": null, "input": {
            "email": format!("{long}@x.io"), "name": long, "display_name": "", "avatar_url": null,
            "role_id": 1, "group_ids": [], "max_chats": null, "password": "long-enough-pass"
        }}))
        .send()
        .await
        .unwrap();
    let body = res.text().await.unwrap();
    assert!(body.contains("too_long"), "{body}");
    // The server is still fine.
    let health = c.get(format!("{}/healthz", s.base)).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
}

#[tokio::test]
async fn every_public_endpoint_shares_the_visitors_budget() {
    // One request every 10 s per address, bursts of one hundred.
    let s = common::start_with(|c| c.visitor_rate = 0.1).await;
    let c = common::client();
    let availability = app::api::availability::WidgetAvailability::PATH;
    let mut limited = None;
    for _ in 0..101 {
        let res = c
            .post(format!("{}{availability}", s.base))
            .form(&[("link", "default")])
            .send()
            .await
            .unwrap();
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(res);
            break;
        }
        assert_eq!(res.status(), StatusCode::OK);
    }
    let res = limited.expect("the widget's availability poll is rate limited");
    assert_eq!(res.headers()["retry-after"], "1");
    // Server functions answer a bare AppError, which their client decodes.
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["kind"], "rate_limited");
    // The same address has used up its budget on REST and sockets too.
    let res = c
        .post(format!("{}/api/v1/visitor/hello", s.base))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["kind"], "rate_limited");
    let ws = format!("{}/ws?auth=frame", s.base.replace("http://", "ws://"));
    assert_eq!(
        common::refused_upgrade(ws).await,
        StatusCode::TOO_MANY_REQUESTS,
        "the socket upgrade too"
    );
    let file = c
        .get(format!("{}/api/v1/files/abc?ticket=1.2.3", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        file.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "file reads too"
    );
    // Signed-in pages and agent calls are not visitors' budget.
    let res = c.get(format!("{}/healthz", s.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

/// `/healthz` is liveness; `/readyz` asks the database and answers 503
/// once it cannot be reached (here: its pool closed under the server).
#[tokio::test]
async fn readiness_reports_the_database_and_liveness_does_not() {
    let s = common::start().await;
    let c = common::client();
    let ready = c.get(format!("{}/readyz", s.base)).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["database"], "ok");
    assert_eq!(body["broker"], "in_process");

    s.services.db.clone().close().await.unwrap();
    let ready = c.get(format!("{}/readyz", s.base)).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    let live = c.get(format!("{}/healthz", s.base)).send().await.unwrap();
    assert_eq!(live.status(), StatusCode::OK);

    // Calls that need the database fail fast with the documented `retry`
    // (503 and Retry-After), not a 500 or a hang.
    let res = c
        .post(format!("{}/api/v1/visitor/hello", s.base))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.headers()["retry-after"], "2");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["kind"], "retry");
}

/// Every page has a script policy whose nonce is the one on its inline
/// scripts; the console, workbench and login refuse to be framed; the
/// widget may be framed by the configured sites (`*` unless set).
#[tokio::test]
async fn pages_carry_a_script_policy_and_framing_rules() {
    let s = common::start_with(|c| c.widget_sites = "https://shop.example".into()).await;
    let c = common::client();
    let res = c.get(format!("{}/login", s.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    let policies: Vec<&str> = h
        .get_all("content-security-policy")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(policies.contains(&"frame-ancestors 'none'"), "{policies:?}");
    let script = policies
        .iter()
        .find(|p| p.contains("script-src"))
        .expect("a script policy");
    let nonce = script
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce");
    assert!(!script.contains("'unsafe-inline'; object") && script.contains("'wasm-unsafe-eval'"));
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
    let body = res.text().await.unwrap();
    assert!(
        body.contains(&format!("nonce=\"{nonce}\"")),
        "the inline scripts carry the nonce"
    );

    let widget = c
        .get(format!("{}/chat/default", s.base))
        .send()
        .await
        .unwrap();
    let policies = csp(&widget);
    assert!(
        policies
            .iter()
            .any(|p| p == "frame-ancestors https://shop.example"),
        "{policies:?}"
    );
    assert!(policies.iter().any(|p| p.contains("script-src")));
    assert!(widget.headers().get("x-frame-options").is_none());
}

/// The console's list of sites replaces the configured one for the
/// widget's framing, and an address that is not an origin is a field error.
#[tokio::test]
async fn the_widget_may_be_framed_by_the_sites_the_console_lists() {
    let s = common::start_with(|c| c.widget_sites = "https://configured.example".into()).await;
    let admin = common::admin_actor(&s).await;
    let mut settings = s.services.widget.settings(&admin).await.unwrap();
    settings.allowed_sites = vec!["nope".into()];
    let refused = s
        .services
        .widget
        .set_settings(&admin, settings.clone())
        .await;
    assert!(
        matches!(&refused, Err(domain::Error::Invalid(f)) if f[0].field == "allowed_sites" && f[0].code == "invalid_origin"),
        "{refused:?}"
    );
    settings.allowed_sites = vec![
        " https://Shop.Example/ ".into(),
        "https://*.example.org".into(),
    ];
    s.services
        .widget
        .set_settings(&admin, settings)
        .await
        .unwrap();

    let widget = common::client()
        .get(format!("{}/chat/default", s.base))
        .send()
        .await
        .unwrap();
    let policies = csp(&widget);
    assert!(
        policies
            .iter()
            .any(|p| p == "frame-ancestors https://shop.example https://*.example.org"),
        "{policies:?}"
    );
}

/// Every `Content-Security-Policy` header of a response.
fn csp(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get_all("content-security-policy")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}
