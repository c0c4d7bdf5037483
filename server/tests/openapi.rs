//! The OpenAPI document is generated from the handlers: every `/api/v1`
//! route is in it (routes can only be added through `routes!`, which
//! documents them) and every documented operation is routed.

use crate::common;
use std::collections::BTreeSet;

use serde_json::Value;

/// Routes under `/api/v1` are registered in `server/src/http/`; a plain
/// axum `.route(…)` there would serve a path the document does not show.
#[test]
fn api_routes_are_registered_only_through_documented_handlers() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/http");
    let mut files = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        files += 1;
        let src = std::fs::read_to_string(&path).unwrap();
        for (n, line) in src.lines().enumerate() {
            assert!(
                !line.contains(".route(") && !line.contains("axum::Router::new") && !line.contains(".nest_service("),
                "{}:{}: register routes with `.routes(routes!(handler))` so they are documented: {line}",
                path.display(),
                n + 1
            );
        }
        // Every handler a module defines is documented.
        let handlers = src.matches("\nasync fn ").count();
        let documented = src.matches("#[utoipa::path(").count();
        let helpers = src.matches("\nasync fn widget_config(").count();
        assert_eq!(
            handlers - helpers,
            documented,
            "{}: every handler needs #[utoipa::path]",
            path.display()
        );
    }
    assert!(files >= 10, "found the http modules");
}

fn operations(doc: &Value) -> BTreeSet<(String, String)> {
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                ops.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    ops
}

#[tokio::test]
async fn the_served_document_lists_every_operation_and_each_is_routed() {
    let server = common::start().await;
    let http = reqwest::Client::new();
    let doc: Value = http
        .get(format!("{}/api/v1/openapi.json", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let ops = operations(&doc);
    // The operations the API offers today; a new route shows up here.
    let expected: BTreeSet<(String, String)> = [
        ("GET", "/api/v1/openapi.json"),
        ("POST", "/api/v1/visitor/hello"),
        ("POST", "/api/v1/visitor/file-ticket"),
        ("GET", "/api/v1/visitor/messages"),
        ("POST", "/api/v1/visitor/messages"),
        ("POST", "/api/v1/visitor/conversations/{id}/end"),
        ("POST", "/api/v1/visitor/conversations/{id}/rating"),
        ("POST", "/api/v1/visitor/leave-message"),
        ("POST", "/api/v1/uploads"),
        ("GET", "/api/v1/files/{key}"),
        ("GET", "/api/v1/widget/{link}"),
        ("GET", "/api/v1/agent/conversations"),
        ("GET", "/api/v1/agent/conversations/{id}/messages"),
        ("POST", "/api/v1/agent/conversations/{id}/messages"),
        ("POST", "/api/v1/agent/conversations/{id}/end"),
        ("POST", "/api/v1/agent/conversations/{id}/transfer"),
        ("POST", "/api/v1/agent/conversations/{id}/rating-invite"),
        ("GET", "/api/v1/agent/queue"),
        ("GET", "/api/v1/agent/tickets"),
        ("POST", "/api/v1/agent/tickets"),
        ("GET", "/api/v1/agent/tickets/{id}"),
        ("PATCH", "/api/v1/agent/tickets/{id}"),
        ("POST", "/api/v1/agent/tickets/{id}/comments"),
        ("GET", "/api/v1/agent/audit-log"),
        ("GET", "/api/v1/agent/customers"),
        ("GET", "/api/v1/agent/customers/{id}"),
        ("PATCH", "/api/v1/agent/customers/{id}"),
        ("GET", "/api/v1/agent/customers/{id}/history"),
        ("GET", "/api/v1/agent/customers/{id}/records"),
        ("PUT", "/api/v1/agent/customers/{id}/tags/{tag_id}"),
        ("DELETE", "/api/v1/agent/customers/{id}/tags/{tag_id}"),
        ("POST", "/api/v1/agent/customers/{id}/merge"),
        ("GET", "/api/v1/agent/companies"),
        ("GET", "/api/v1/agent/companies/{id}"),
        ("GET", "/api/v1/agent/tags"),
        ("GET", "/api/v1/agent/fields"),
        ("GET", "/api/v1/agent/canned-replies"),
        ("PUT", "/api/v1/agent/agents/{id}/avatar"),
        ("DELETE", "/api/v1/agent/agents/{id}/avatar"),
        ("GET", "/api/v1/avatars/{key}"),
        ("GET", "/api/v1/agent/online-visitors"),
        ("GET", "/api/v1/agent/online-visitors/{id}"),
        ("POST", "/api/v1/agent/online-visitors/{id}/invite"),
        ("POST", "/api/v1/visitor/conversations/{id}/handoff"),
        ("POST", "/api/v1/visitor/bot-ratings"),
        ("GET", "/api/v1/agent/knowledge-base"),
        ("POST", "/api/v1/agent/knowledge-base"),
        ("PUT", "/api/v1/agent/knowledge-base/{id}"),
        ("DELETE", "/api/v1/agent/knowledge-base/{id}"),
        ("POST", "/api/v1/agent/knowledge-base/import"),
        ("GET", "/api/v1/agent/knowledge-base/export"),
        ("GET", "/api/v1/agent/bot/figures"),
        ("GET", "/api/v1/agent/channel-accounts"),
        ("POST", "/api/v1/agent/channel-accounts"),
        ("PUT", "/api/v1/agent/channel-accounts/{id}"),
        ("DELETE", "/api/v1/agent/channel-accounts/{id}"),
        ("GET", "/api/v1/agent/conversations/{id}/follower"),
        ("GET", "/api/v1/agent/transcripts"),
        ("GET", "/api/v1/agent/conversations/{id}/transcript"),
        ("GET", "/api/v1/agent/reports/conversations"),
        ("GET", "/api/v1/agent/reports/exports/{id}/file"),
    ]
    .into_iter()
    .map(|(m, p)| (m.to_owned(), p.to_owned()))
    .collect();
    assert_eq!(ops, expected);
    // Each documented operation is served: called without credentials it
    // answers as the document says, never "no such route" (405) or a 5xx.
    for (method, path) in &ops {
        let url = format!(
            "{}{}",
            server.base,
            path.replace("{id}", "1")
                .replace("{key}", "nope")
                .replace("{link}", "default")
        );
        let res = http
            .request(method.parse().unwrap(), &url)
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        assert_ne!(status, 405, "{method} {path}");
        assert!(status < 500, "{method} {path}: {status}");
        let documented = doc["paths"][path][method.to_lowercase()]["responses"]
            .as_object()
            .unwrap();
        assert!(
            documented.contains_key(&status.to_string()),
            "{method} {path} answered {status}, which its document does not list"
        );
        // The router knows the path: a missing route would be 404 for
        // every caller, but these answer 401 or a real result.
        if !path.contains("{key}") {
            assert_ne!(status, 404, "{method} {path}");
        }
    }
}
