//! Reports over REST (M3): a token whose agent reads reports gets the
//! conversation report of what was stored; others are refused; bad
//! parameters get field errors.

use crate::common::{admin_actor, client, hello, send_text, start};
use domain::chat::Party;
use model::access::BuiltinRole;
use model::people::AgentStatus;
use model::reports::Report;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn a_report_reader_gets_the_report_and_others_are_refused() {
    let s = start().await;
    let admin = admin_actor(&s).await;
    s.services
        .agents
        .set_status(&admin, AgentStatus::Online)
        .await
        .unwrap();
    let visitor = hello(&s).await;
    let first = send_text(&s, &visitor.token, "v-1", "hello").await;
    s.services
        .conversations
        .end(&Party::Visitor(visitor.visitor_id), first.conversation_id)
        .await
        .unwrap();
    let reader = s
        .services
        .api_tokens
        .create(&admin, "reports")
        .await
        .unwrap();
    let role = domain::test_support::builtin_role(&s.services, &admin, BuiltinRole::Agent)
        .await
        .unwrap();
    let plain = domain::test_support::online_agent_in(
        &s.services,
        &admin,
        "plain@reports.test",
        role,
        Some(3),
    )
    .await
    .unwrap();
    let plain = s.services.api_tokens.create(&plain, "none").await.unwrap();

    let c = client();
    let get = |token: &str, query: &str| {
        c.get(format!(
            "{}/api/v1/agent/reports/conversations?{query}",
            s.base
        ))
        .bearer_auth(token.to_owned())
        .send()
    };
    // The day the conversation started, in the company's zone (UTC here).
    s.services
        .reports
        .save_settings(
            &admin,
            model::reports::ReportSettings {
                time_zone: "UTC".into(),
            },
        )
        .await
        .unwrap();
    let day = chrono::Utc::now().date_naive();
    let query = format!("from={day}&to={day}&breakdown=agent");
    let res = get(&reader.secret, &query).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let report: Report = res.json().await.unwrap();
    assert_eq!(report.total.started, 1);
    assert_eq!(report.total.missed, 1, "no agent wrote");
    assert_eq!(report.rows[0].key, admin.agent_id.to_string());

    let refused = get(&plain.secret, &query).await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    for (bad, field) in [
        ("from=2026-13-01&to=2026-12-01", "from"),
        (&*format!("from={day}&to={day}&grouping=decade"), "grouping"),
        ("from=2026-12-01&to=2026-11-01", "to"),
        ("from=2020-01-01&to=2026-01-01", "to"),
        ("to=2026-01-01", "from"),
        ("preset=fortnight", "preset"),
    ] {
        let res = get(&reader.secret, bad).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["fields"][0]["field"], field, "{bad}: {body}");
    }
}
