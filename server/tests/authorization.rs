//! The authorization matrix of the REST API: one table lists every
//! `/api/v1` operation and who may call it — nobody signed in, the visitor
//! whose conversation it is, another visitor, an agent whose role grants
//! nothing, an admin — and the test calls each operation as each of them.
//! An allowed caller gets past authorization (any answer but 401, 403 or
//! 404); a refused one gets 401, 403 or 404 and the database is exactly as
//! it was. An operation of the API document missing from the table fails
//! the test, so a new route cannot forget its row.

mod common;

use std::collections::BTreeSet;

use common::{hello, send_text, start_with, TestServer};
use model::people::AgentInput;
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    Visitor,
    OtherVisitor,
    AgentWithout,
    Admin,
}
use Who::*;

const EVERYONE: &[Who] = &[Anonymous, Visitor, OtherVisitor, AgentWithout, Admin];

/// One operation: how to call it, and who may.
struct Row {
    method: Method,
    /// The documented path (`{id}` as in the document).
    path: &'static str,
    /// The concrete URL path and body, from the fixtures.
    call: fn(&Fixture) -> (String, Option<Value>),
    allowed: &'static [Who],
}

struct Fixture {
    visitor: String,
    other_visitor: String,
    agent_without: String,
    admin: String,
    conversation: i64,
    file_key: String,
    hidden_ticket: i64,
}

fn rows() -> Vec<Row> {
    use Method as M;
    let r = |method, path, call, allowed| Row {
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

async fn fixture(s: &TestServer) -> Fixture {
    let services = &s.services;
    let admin = common::admin_actor(s).await;
    // The admin is online, so the visitor's chat is theirs: the admin acts
    // in it as its agent, the agent without permissions may not.
    services
        .agents
        .set_status(&admin, model::people::AgentStatus::Online)
        .await
        .unwrap();
    let visitor = hello(s).await;
    let other = hello(s).await;
    let first = send_text(s, &visitor.token, "first", "I need help").await;
    let upload = reqwest::multipart::Form::new()
        .text("client_id", "photo-1")
        .text("conversation_id", first.conversation_id.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"%PDF-1.4 matrix".to_vec()).file_name("a.pdf"),
        );
    let uploaded: model::chat::Message = common::client()
        .post(format!("{}/api/v1/uploads", s.base))
        .bearer_auth(&visitor.token)
        .multipart(upload)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // A role that grants nothing, and an agent in it.
    let role = services
        .roles
        .create(
            &admin,
            model::people::RoleInput {
                name: "Nothing".into(),
                permissions: vec![],
            },
        )
        .await
        .unwrap();
    let input = AgentInput {
        email: "nothing@matrix.test".into(),
        name: "Nobody".into(),
        role_id: role.id,
        password: Some("nothing-password".into()),
        ..Default::default()
    };
    let without = domain::test_support::new_agent(services, &admin, input, false)
        .await
        .unwrap();
    let hidden = services
        .tickets
        .create(
            &admin,
            model::tickets::TicketInput {
                subject: "The admin's own".into(),
                assignee_id: Some(admin.agent_id),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    Fixture {
        visitor: visitor.token,
        other_visitor: other.token,
        agent_without: services
            .api_tokens
            .create(&without, "matrix")
            .await
            .unwrap()
            .secret,
        admin: services
            .api_tokens
            .create(&admin, "matrix")
            .await
            .unwrap()
            .secret,
        conversation: first.conversation_id,
        file_key: uploaded.attachment.expect("an attachment").key,
        hidden_ticket: hidden.id,
    }
}

/// Every row of every table but the sessions', as text: a refused call
/// must leave it exactly as it was.
async fn snapshot(s: &TestServer) -> Vec<String> {
    let db = &s.services.db;
    let backend = db.get_database_backend();
    let tables = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT IN ('tower_sessions', 'sessions', 'seaql_migrations') ORDER BY name",
        ))
        .await
        .unwrap();
    let mut out = vec![];
    for t in tables {
        let name: String = t.try_get("", "name").unwrap();
        let columns = db
            .query_all_raw(Statement::from_string(
                backend,
                format!("SELECT name FROM pragma_table_info('{name}')"),
            ))
            .await
            .unwrap();
        // A token's "last used" time is bookkeeping of the call itself.
        let row_text = columns
            .iter()
            .map(|c| c.try_get::<String>("", "name").unwrap())
            .filter(|c| c != "last_used_at")
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                format!("SELECT {row_text} AS r FROM \"{name}\" ORDER BY 1"),
            ))
            .await
            .unwrap();
        let rows: Vec<String> = rows.iter().map(|r| r.try_get("", "r").unwrap()).collect();
        out.push(format!("{name}: {rows:?}"));
    }
    out
}

fn credential(f: &Fixture, who: Who) -> Option<&str> {
    match who {
        Anonymous => None,
        Visitor => Some(&f.visitor),
        OtherVisitor => Some(&f.other_visitor),
        AgentWithout => Some(&f.agent_without),
        Admin => Some(&f.admin),
    }
}

async fn call(s: &TestServer, f: &Fixture, row: &Row, who: Who) -> StatusCode {
    let (path, body) = (row.call)(f);
    let mut req = common::client().request(row.method.clone(), format!("{}{path}", s.base));
    if let Some(token) = credential(f, who) {
        req = req.bearer_auth(token);
    }
    if row.path == "/api/v1/uploads" {
        let form = reqwest::multipart::Form::new()
            .text("client_id", format!("up-{who:?}"))
            .text("conversation_id", f.conversation.to_string())
            .part(
                "file",
                reqwest::multipart::Part::bytes(b"%PDF-1.4 again".to_vec()).file_name("b.pdf"),
            );
        req = req.multipart(form);
    } else if let Some(body) = body {
        req = req.json(&body);
    }
    req.send().await.unwrap().status()
}

fn refused(status: StatusCode) -> bool {
    matches!(status.as_u16(), 401 | 403 | 404)
}

#[tokio::test]
async fn every_operation_admits_exactly_its_callers() {
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
        let (allowed, others): (Vec<Who>, Vec<Who>) =
            EVERYONE.iter().partition(|w| row.allowed.contains(w));
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
