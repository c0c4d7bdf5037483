//! REST for the survey, leave-a-message, the queue and tickets (R4–R7).

use crate::common::{admin_actor, client, hello, send_text, start};
use model::automation::QueueEntry;
use model::people::AgentStatus;
use model::tickets::{Ticket, TicketDetail, TicketStatus};
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn visitors_leave_messages_and_rate_and_apps_work_the_tickets() {
    let s = start().await;
    let c = client();
    let actor = admin_actor(&s).await;
    let admin_id = actor.agent_id;
    let token = s.services.api_tokens.create(&actor, "CRM").await.unwrap();
    let api = |path: &str| format!("{}/api/v1{path}", s.base);

    // Nobody online: the visitor leaves a message instead.
    let visitor = hello(&s).await;
    assert!(visitor.options.offline);
    let left = c
        .post(api("/visitor/leave-message"))
        .bearer_auth(&visitor.token)
        .json(&json!({ "email": "nope", "message": "" }))
        .send()
        .await
        .unwrap();
    assert_eq!(left.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let errors: Value = left.json().await.unwrap();
    let fields: Vec<&str> = errors["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["message", "email"]);
    let left = c
        .post(api("/visitor/leave-message"))
        .bearer_auth(&visitor.token)
        .json(&json!({ "email": "li@example.com", "message": "Call me back please" }))
        .send()
        .await
        .unwrap();
    assert_eq!(left.status(), StatusCode::CREATED);
    let ticket_id = left.json::<Value>().await.unwrap()["ticket_id"]
        .as_i64()
        .unwrap();
    let unknown = c
        .post(api("/visitor/leave-message"))
        .bearer_auth("not-a-token")
        .json(&json!({ "message": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);

    // The app lists open tickets, unassigned, and takes it.
    let open: Vec<Ticket> = c
        .get(api("/agent/tickets?status=open&assignee=unassigned"))
        .bearer_auth(&token.secret)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        open.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![ticket_id]
    );
    let bad = c
        .get(api("/agent/tickets?status=sleeping"))
        .bearer_auth(&token.secret)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // As documented, a ticket needs only its subject.
    let minimal = c
        .post(api("/agent/tickets"))
        .bearer_auth(&token.secret)
        .json(&json!({ "subject": "Call back about the invoice" }))
        .send()
        .await
        .unwrap();
    assert_eq!(minimal.status(), StatusCode::CREATED);
    let minimal: Ticket = minimal.json().await.unwrap();
    assert_eq!(minimal.priority, model::tickets::TicketPriority::Normal);
    // A day that is not a day is a field error, not an empty list.
    let bad_day = c
        .get(api("/agent/tickets?to=yesterday"))
        .bearer_auth(&token.secret)
        .send()
        .await
        .unwrap();
    assert_eq!(bad_day.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // axum's own rejections come in the same JSON shape.
    let bad_path = c
        .get(api("/agent/tickets/abc"))
        .bearer_auth(&token.secret)
        .send()
        .await
        .unwrap();
    assert_eq!(bad_path.status(), StatusCode::BAD_REQUEST);
    let body: Value = bad_path.json().await.unwrap();
    assert_eq!(body["error"]["kind"], "invalid");
    let wrong_method = c
        .delete(api("/agent/tickets"))
        .bearer_auth(&token.secret)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        wrong_method.json::<Value>().await.unwrap()["error"]["fields"][0]["code"],
        "not_allowed"
    );
    let taken: Ticket = c
        .patch(api(&format!("/agent/tickets/{ticket_id}")))
        .bearer_auth(&token.secret)
        .json(&json!({ "assignee_id": admin_id, "status": "pending" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (taken.assignee_id, taken.status),
        (Some(admin_id), TicketStatus::Pending)
    );
    // `null` unassigns; leaving the field out would have kept it.
    let freed: Ticket = c
        .patch(api(&format!("/agent/tickets/{ticket_id}")))
        .bearer_auth(&token.secret)
        .json(&json!({ "assignee_id": null }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (freed.assignee_id, freed.status),
        (None, TicketStatus::Pending)
    );
    let detail: TicketDetail = c
        .post(api(&format!("/agent/tickets/{ticket_id}/comments")))
        .bearer_auth(&token.secret)
        .json(&json!({ "body": "Called back, no answer" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        detail.activities.len(),
        5,
        "created, status, assignee ×2, comment"
    );

    // With the admin online, a chat; ended, the visitor rates it.
    s.services
        .agents
        .set_status(&actor, AgentStatus::Online)
        .await
        .unwrap();
    let m = send_text(&s, &visitor.token, "v-1", "Hello again").await;
    let queue: Vec<QueueEntry> = c
        .get(api("/agent/queue"))
        .bearer_auth(&token.secret)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(queue.is_empty());
    let rate = |level: i64| {
        c.post(api(&format!(
            "/visitor/conversations/{}/rating",
            m.conversation_id
        )))
        .bearer_auth(&visitor.token)
        .json(&json!({ "level": level }))
        .send()
    };
    assert_eq!(
        rate(1).await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "not ended"
    );
    let invited = c
        .post(api(&format!(
            "/agent/conversations/{}/rating-invite",
            m.conversation_id
        )))
        .bearer_auth(&token.secret)
        .send()
        .await
        .unwrap();
    assert_eq!(invited.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        rate(9).await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(rate(1).await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(
        rate(1).await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "once"
    );
}
