//! The REST API's rows of the matrix (see `main.rs`).

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::fixture::Who::{self, *};
use super::fixture::{callers, credential, fixture, may, snapshot, Fixture, EVERYONE};
use crate::common::{self, start_with, TestServer};
use model::access::Permission;

/// One operation: how to call it, and who may.
struct Row {
    method: Method,
    /// The documented path (`{id}` as in the document).
    path: &'static str,
    /// The concrete URL path and body, from the fixtures.
    call: fn(&Fixture) -> (String, Option<Value>),
    allowed: &'static [Who],
    /// Single permissions that also let their holder in.
    grants: &'static [Permission],
}

/// The single permissions that open a row to their holder, beyond its
/// `allowed` callers: reading every transcript (files, messages, the
/// queue), managing automation (the queue), seeing or managing every ticket.
/// Watching is read-only: none of them lets its holder act in a chat.
fn grants(method: &Method, path: &str) -> &'static [Permission] {
    use Permission::*;
    match (method.as_str(), path) {
        (
            "GET",
            "/api/v1/files/{key}"
            | "/api/v1/agent/conversations/{id}/messages"
            | "/api/v1/agent/conversations/{id}/transcript",
        ) => &[ViewAllTranscripts],
        ("GET", "/api/v1/agent/queue") => &[ViewAllTranscripts, ManageAutomation],
        ("GET", "/api/v1/agent/tickets/{id}") | ("POST", "/api/v1/agent/tickets/{id}/comments") => {
            &[ManageTickets, ViewAllTickets]
        }
        ("PATCH", "/api/v1/agent/tickets/{id}") => &[ManageTickets],
        ("GET", "/api/v1/agent/audit-log") => &[ViewAuditLog],
        ("GET", "/api/v1/agent/reports/conversations") => &[ViewReports],
        (_, "/api/v1/agent/channel-accounts" | "/api/v1/agent/channel-accounts/{id}") => {
            &[ManageChannels]
        }
        ("GET", "/api/v1/agent/conversations/{id}/follower") => &[ViewAllTranscripts],
        (_, p)
            if p.starts_with("/api/v1/agent/knowledge-base")
                || p == "/api/v1/agent/bot/figures" =>
        {
            &[ManageBot]
        }
        (
            _,
            "/api/v1/agent/customers/{id}"
            | "/api/v1/agent/customers/{id}/history"
            | "/api/v1/agent/customers/{id}/records"
            | "/api/v1/agent/customers/{id}/tags/{tag_id}"
            | "/api/v1/agent/customers/{id}/merge",
        ) => &[ViewAllTranscripts],
        _ => &[],
    }
}

fn rows() -> Vec<Row> {
    use Method as M;
    let r = |method: Method, path, call, allowed| Row {
        grants: grants(&method, path),
        method,
        path,
        call,
        allowed,
    };
    vec![
        r(
            M::GET,
            "/api/v1/openapi.json",
            |_| ("/api/v1/openapi.json".into(), None),
            EVERYONE,
        ),
        r(
            M::POST,
            "/api/v1/visitor/hello",
            |_| ("/api/v1/visitor/hello".into(), Some(json!({}))),
            EVERYONE,
        ),
        r(
            M::GET,
            "/api/v1/widget/{link}",
            |_| ("/api/v1/widget/default".into(), None),
            EVERYONE,
        ),
        r(
            M::POST,
            "/api/v1/visitor/file-ticket",
            |_| ("/api/v1/visitor/file-ticket".into(), None),
            &[Visitor, OtherVisitor],
        ),
        r(
            M::GET,
            "/api/v1/visitor/messages",
            |f| {
                (
                    format!(
                        "/api/v1/visitor/messages?conversation_id={}",
                        f.conversation
                    ),
                    None,
                )
            },
            &[Visitor],
        ),
        r(
            M::POST,
            "/api/v1/visitor/messages",
            |f| {
                (
                    "/api/v1/visitor/messages".into(),
                    Some(
                        json!({ "conversation_id": f.conversation, "client_id": "matrix-1", "body": "hi" }),
                    ),
                )
            },
            &[Visitor],
        ),
        r(
            M::POST,
            "/api/v1/visitor/leave-message",
            |_| {
                (
                    "/api/v1/visitor/leave-message".into(),
                    Some(json!({ "email": "a@b.test", "message": "call me" })),
                )
            },
            &[Visitor, OtherVisitor],
        ),
        r(
            M::POST,
            "/api/v1/visitor/conversations/{id}/rating",
            |f| {
                (
                    format!("/api/v1/visitor/conversations/{}/rating", f.conversation),
                    Some(json!({ "level": 1 })),
                )
            },
            &[Visitor],
        ),
        r(
            M::POST,
            "/api/v1/uploads",
            |_| ("/api/v1/uploads".into(), None),
            &[Visitor, Admin],
        ),
        r(
            M::GET,
            "/api/v1/files/{key}",
            |f| (format!("/api/v1/files/{}", f.file_key), None),
            &[Visitor, Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/conversations",
            |_| ("/api/v1/agent/conversations".into(), None),
            &[AgentWithout, Admin],
        ),
        // Report readers only.
        r(
            M::GET,
            "/api/v1/agent/reports/conversations",
            |_| {
                (
                    "/api/v1/agent/reports/conversations?from=2026-11-01&to=2026-11-07&breakdown=agent"
                        .into(),
                    None,
                )
            },
            &[Admin],
        ),
        // The admin's own export: no one else reads it.
        r(
            M::GET,
            "/api/v1/agent/reports/exports/{id}/file",
            |f| {
                (
                    format!("/api/v1/agent/reports/exports/{}/file", f.export),
                    None,
                )
            },
            &[Admin],
        ),
        // Everyone searches; without *View all transcripts* only their own.
        r(
            M::GET,
            "/api/v1/agent/transcripts",
            |_| {
                (
                    "/api/v1/agent/transcripts?text=hello&state=all".into(),
                    None,
                )
            },
            &[AgentWithout, Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/conversations/{id}/transcript",
            |f| {
                (
                    format!("/api/v1/agent/conversations/{}/transcript", f.conversation),
                    None,
                )
            },
            &[Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/conversations/{id}/messages",
            |f| {
                (
                    format!("/api/v1/agent/conversations/{}/messages", f.conversation),
                    None,
                )
            },
            &[Admin],
        ),
        r(
            M::POST,
            "/api/v1/agent/conversations/{id}/messages",
            |f| {
                (
                    format!("/api/v1/agent/conversations/{}/messages", f.conversation),
                    Some(json!({ "client_id": "matrix-2", "body": "hello" })),
                )
            },
            &[Admin],
        ),
        r(
            M::POST,
            "/api/v1/agent/conversations/{id}/transfer",
            |f| {
                (
                    format!("/api/v1/agent/conversations/{}/transfer", f.conversation),
                    Some(json!({ "target": { "kind": "agent", "id": 1 } })),
                )
            },
            &[Admin],
        ),
        r(
            M::POST,
            "/api/v1/agent/conversations/{id}/rating-invite",
            |f| {
                (
                    format!(
                        "/api/v1/agent/conversations/{}/rating-invite",
                        f.conversation
                    ),
                    None,
                )
            },
            &[Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/queue",
            |_| ("/api/v1/agent/queue".into(), None),
            &[Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/audit-log",
            |_| ("/api/v1/agent/audit-log".into(), None),
            &[Admin],
        ),
        // Who is on the site: every agent may look and invite.
        r(
            M::GET,
            "/api/v1/agent/online-visitors",
            |_| ("/api/v1/agent/online-visitors?q=&page=0".into(), None),
            &[AgentWithout, Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/online-visitors/{id}",
            |f| {
                (
                    format!("/api/v1/agent/online-visitors/{}", f.site_visitor),
                    None,
                )
            },
            &[AgentWithout, Admin],
        ),
        r(
            M::POST,
            "/api/v1/agent/online-visitors/{id}/invite",
            |f| {
                (
                    format!("/api/v1/agent/online-visitors/{}/invite", f.site_visitor),
                    Some(json!({ "text": "Hello" })),
                )
            },
            &[AgentWithout, Admin],
        ),
        // The bot (P3): the visitor's own chat (already with people: handing
        // it off changes nothing; seq 1 is no bot answer, a field error);
        // the knowledge base for who may manage the bot.
        r(
            M::POST,
            "/api/v1/visitor/conversations/{id}/handoff",
            |f| {
                (
                    format!("/api/v1/visitor/conversations/{}/handoff", f.conversation),
                    None,
                )
            },
            &[Visitor],
        ),
        r(
            M::POST,
            "/api/v1/visitor/bot-ratings",
            |f| {
                (
                    "/api/v1/visitor/bot-ratings".into(),
                    Some(json!({ "conversation_id": f.conversation, "seq": 1, "helpful": true })),
                )
            },
            &[Visitor],
        ),
        r(
            M::GET,
            "/api/v1/agent/knowledge-base",
            |_| ("/api/v1/agent/knowledge-base?search=matrix".into(), None),
            &[Admin],
        ),
        r(
            M::POST,
            "/api/v1/agent/knowledge-base",
            |_| {
                (
                    "/api/v1/agent/knowledge-base".into(),
                    Some(json!({ "question": "", "answer": "" })),
                )
            },
            &[Admin],
        ),
        r(
            M::PUT,
            "/api/v1/agent/knowledge-base/{id}",
            |f| {
                (
                    format!("/api/v1/agent/knowledge-base/{}", f.spare_kb_entry),
                    Some(json!({ "question": "", "answer": "" })),
                )
            },
            &[Admin],
        ),
        r(
            M::POST,
            "/api/v1/agent/knowledge-base/import",
            |_| {
                (
                    "/api/v1/agent/knowledge-base/import".into(),
                    Some(json!("question,answer")),
                )
            },
            &[Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/knowledge-base/export",
            |_| ("/api/v1/agent/knowledge-base/export".into(), None),
            &[Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/bot/figures",
            |_| ("/api/v1/agent/bot/figures?days=7".into(), None),
            &[Admin],
        ),
        r(
            M::DELETE,
            "/api/v1/agent/knowledge-base/{id}",
            |f| {
                (
                    format!("/api/v1/agent/knowledge-base/{}", f.spare_kb_entry),
                    None,
                )
            },
            &[Admin],
        ),
        // Platform channels (C4, C5).
        r(
            M::GET,
            "/api/v1/agent/channel-accounts",
            |_| ("/api/v1/agent/channel-accounts?kind=wechat".into(), None),
            &[Admin],
        ),
        r(
            M::POST,
            "/api/v1/agent/channel-accounts",
            |_| {
                (
                    "/api/v1/agent/channel-accounts".into(),
                    Some(json!({ "kind": "wechat", "name": "", "app_id": "" })),
                )
            },
            &[Admin],
        ),
        r(
            M::PUT,
            "/api/v1/agent/channel-accounts/{id}",
            |f| {
                (
                    format!("/api/v1/agent/channel-accounts/{}", f.spare_account),
                    Some(json!({ "name": "", "app_id": "" })),
                )
            },
            &[Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/conversations/{id}/follower",
            |f| {
                (
                    format!("/api/v1/agent/conversations/{}/follower", f.conversation),
                    None,
                )
            },
            &[Admin],
        ),
        r(
            M::DELETE,
            "/api/v1/agent/channel-accounts/{id}",
            |f| {
                (
                    format!("/api/v1/agent/channel-accounts/{}", f.spare_account),
                    None,
                )
            },
            &[Admin],
        ),
        // Customer data: a customer is read by who served them (the admin)
        // or a reader of every transcript; the lists hold what each may read.
        r(
            M::GET,
            "/api/v1/agent/customers",
            |_| ("/api/v1/agent/customers?query=a".into(), None),
            &[AgentWithout, Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/customers/{id}",
            |f| (format!("/api/v1/agent/customers/{}", f.customer), None),
            &[Admin],
        ),
        r(
            M::PATCH,
            "/api/v1/agent/customers/{id}",
            |f| {
                (
                    format!("/api/v1/agent/customers/{}", f.customer),
                    Some(json!({ "name": "Matrix" })),
                )
            },
            &[Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/customers/{id}/history",
            |f| {
                (
                    format!("/api/v1/agent/customers/{}/history", f.customer),
                    None,
                )
            },
            &[Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/customers/{id}/records",
            |f| {
                (
                    format!("/api/v1/agent/customers/{}/records", f.customer),
                    None,
                )
            },
            &[Admin],
        ),
        r(
            M::PUT,
            "/api/v1/agent/customers/{id}/tags/{tag_id}",
            |f| {
                (
                    format!("/api/v1/agent/customers/{}/tags/{}", f.customer, f.tag),
                    None,
                )
            },
            &[Admin],
        ),
        r(
            M::DELETE,
            "/api/v1/agent/customers/{id}/tags/{tag_id}",
            |f| {
                (
                    format!(
                        "/api/v1/agent/customers/{}/tags/{}",
                        f.customer, f.spare_tag
                    ),
                    None,
                )
            },
            &[Admin],
        ),
        // The admin's avatar: served to anyone, changed by the admin only
        // (a manager of people may not touch an admin's account). Read
        // first: changing it gives it a new key. An agent's own avatar and
        // a manager's rights over others are in domain/tests/avatars.rs.
        r(
            M::GET,
            "/api/v1/avatars/{key}",
            |f| (format!("/api/v1/avatars/{}", f.avatar_key), None),
            EVERYONE,
        ),
        r(
            M::PUT,
            "/api/v1/agent/agents/{id}/avatar",
            |f| (format!("/api/v1/agent/agents/{}/avatar", f.admin_id), None),
            &[Admin],
        ),
        r(
            M::DELETE,
            "/api/v1/agent/agents/{id}/avatar",
            |f| (format!("/api/v1/agent/agents/{}/avatar", f.admin_id), None),
            &[Admin],
        ),
        // Into itself: past authorization, refused as `same_customer`.
        r(
            M::POST,
            "/api/v1/agent/customers/{id}/merge",
            |f| {
                (
                    format!("/api/v1/agent/customers/{}/merge", f.customer),
                    Some(json!({ "into": f.customer })),
                )
            },
            &[Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/companies",
            |_| ("/api/v1/agent/companies?query=Matrix".into(), None),
            &[AgentWithout, Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/companies/{id}",
            |f| (format!("/api/v1/agent/companies/{}", f.company), None),
            &[AgentWithout, Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/tags",
            |_| ("/api/v1/agent/tags".into(), None),
            &[AgentWithout, Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/fields",
            |_| ("/api/v1/agent/fields?entity=customer".into(), None),
            &[AgentWithout, Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/canned-replies",
            |_| ("/api/v1/agent/canned-replies".into(), None),
            &[AgentWithout, Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/tickets",
            |_| ("/api/v1/agent/tickets".into(), None),
            &[AgentWithout, Admin],
        ),
        r(
            M::POST,
            "/api/v1/agent/tickets",
            |_| {
                (
                    "/api/v1/agent/tickets".into(),
                    Some(json!({ "subject": "From the matrix" })),
                )
            },
            &[AgentWithout, Admin],
        ),
        r(
            M::GET,
            "/api/v1/agent/tickets/{id}",
            |f| (format!("/api/v1/agent/tickets/{}", f.hidden_ticket), None),
            &[Admin],
        ),
        r(
            M::PATCH,
            "/api/v1/agent/tickets/{id}",
            |f| {
                (
                    format!("/api/v1/agent/tickets/{}", f.hidden_ticket),
                    Some(json!({ "priority": "high" })),
                )
            },
            &[Admin],
        ),
        r(
            M::POST,
            "/api/v1/agent/tickets/{id}/comments",
            |f| {
                (
                    format!("/api/v1/agent/tickets/{}/comments", f.hidden_ticket),
                    Some(json!({ "body": "noted" })),
                )
            },
            &[Admin],
        ),
        // Last: it ends the conversation the rows above use.
        r(
            M::POST,
            "/api/v1/agent/conversations/{id}/end",
            |f| {
                (
                    format!("/api/v1/agent/conversations/{}/end", f.conversation),
                    None,
                )
            },
            &[Admin],
        ),
        r(
            M::POST,
            "/api/v1/visitor/conversations/{id}/end",
            |f| {
                (
                    format!("/api/v1/visitor/conversations/{}/end", f.conversation),
                    None,
                )
            },
            &[Visitor],
        ),
    ]
}

async fn call(s: &TestServer, f: &Fixture, row: &Row, who: Who) -> StatusCode {
    let (path, body) = (row.call)(f);
    let mut req = common::client().request(row.method.clone(), format!("{}{path}", s.base));
    if let Some(token) = credential(f, who) {
        req = req.bearer_auth(token);
    }
    if row.path == "/api/v1/uploads" {
        let form = reqwest::multipart::Form::new()
            .text(
                "client_id",
                format!("up-{who:?}").replace(|c: char| !c.is_ascii_alphanumeric(), "-"),
            )
            .text("conversation_id", f.conversation.to_string())
            .part(
                "file",
                reqwest::multipart::Part::bytes(b"%PDF-1.4 again".to_vec()).file_name("b.pdf"),
            );
        req = req.multipart(form);
    } else if row.path == "/api/v1/agent/agents/{id}/avatar" && row.method == Method::PUT {
        let part =
            reqwest::multipart::Part::bytes(domain::test_support::PNG.to_vec()).file_name("me.png");
        req = req.multipart(reqwest::multipart::Form::new().part("file", part));
    } else if let Some(body) = body {
        req = req.json(&body);
    }
    req.send().await.unwrap().status()
}

fn refused(status: StatusCode) -> bool {
    matches!(status.as_u16(), 401 | 403 | 404)
}

#[tokio::test]
async fn every_rest_operation_admits_exactly_its_callers() {
    let s = start_with(|_| {}).await;
    let f = fixture(&s).await;

    // The table covers the document, operation by operation.
    let doc: Value = common::client()
        .get(format!("{}/api/v1/openapi.json", s.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    let table: BTreeSet<(String, String)> = rows()
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_owned()))
        .collect();
    assert_eq!(documented, table, "every documented operation has a row");

    let mut wrong = vec![];
    for row in rows() {
        // Refused callers first (nothing may change), then the allowed ones.
        let (allowed, others): (Vec<Who>, Vec<Who>) = callers()
            .into_iter()
            .partition(|w| may(*w, row.allowed, row.grants));
        for who in others {
            let before = snapshot(&s).await;
            let status = call(&s, &f, &row, who).await;
            if !refused(status) {
                wrong.push(format!(
                    "{} {} as {who:?}: {status}, expected a refusal",
                    row.method, row.path
                ));
            } else if snapshot(&s).await != before {
                wrong.push(format!(
                    "{} {} as {who:?}: refused but changed data",
                    row.method, row.path
                ));
            }
        }
        for who in allowed {
            let status = call(&s, &f, &row, who).await;
            if refused(status) || status.is_server_error() {
                wrong.push(format!(
                    "{} {} as {who:?}: {status}, expected to be let in",
                    row.method, row.path
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "authorization matrix:\n{}",
        wrong.join("\n")
    );
}

/// The snapshot sees a changed value, not only a changed row count.
#[tokio::test]
async fn the_snapshot_sees_a_changed_value() {
    let s = start_with(|_| {}).await;
    let f = fixture(&s).await;
    let before = snapshot(&s).await;
    let res = common::client()
        .patch(format!(
            "{}/api/v1/agent/tickets/{}",
            s.base, f.hidden_ticket
        ))
        .bearer_auth(&f.admin)
        .json(&json!({ "priority": "urgent" }))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    let after = snapshot(&s).await;
    let tickets = |snap: &[String]| snap.iter().find(|t| t.starts_with("tickets:")).cloned();
    assert_ne!(tickets(&before), tickets(&after));
}
