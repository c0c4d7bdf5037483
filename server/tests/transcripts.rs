//! Transcripts over REST (M2): a token finds what its agent may see, marked
//! where the words matched, and opens a conversation in full; bad queries
//! get field errors.

use crate::common::{admin_actor, client, hello, send_text, start};
use model::access::BuiltinRole;
use model::people::AgentStatus;
use model::transcripts::{Transcript, TranscriptPage};
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn a_token_searches_and_opens_only_what_its_agent_may_see() {
    let s = start().await;
    let admin = admin_actor(&s).await;
    s.services
        .agents
        .set_status(&admin, AgentStatus::Online)
        .await
        .unwrap();
    let visitor = hello(&s).await;
    let first = send_text(&s, &visitor.token, "v-1", "我想申请退款").await;
    let lead = s
        .services
        .api_tokens
        .create(&admin, "archive")
        .await
        .unwrap();
    let role = domain::test_support::builtin_role(&s.services, &admin, BuiltinRole::Agent)
        .await
        .unwrap();
    let plain = domain::test_support::online_agent_in(
        &s.services,
        &admin,
        "plain@transcripts.test",
        role,
        Some(3),
    )
    .await
    .unwrap();
    let plain = s.services.api_tokens.create(&plain, "own").await.unwrap();

    let c = client();
    let get = |token: &str, path: &str| {
        c.get(format!("{}/api/v1/agent/{path}", s.base))
            .bearer_auth(token.to_owned())
            .send()
    };
    let page: TranscriptPage = get(&lead.secret, "transcripts?text=退款")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page.hits.len(), 1);
    assert_eq!(page.hits[0].conversation.id, first.conversation_id);
    let marked: Vec<&str> = page.hits[0].lines[0]
        .fragments
        .iter()
        .filter(|f| f.mark)
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(marked, ["退款"]);
    // The admin's chat is not the plain agent's to find or open.
    let page: TranscriptPage = get(&plain.secret, "transcripts?text=退款")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(page.hits.is_empty());
    let path = format!("conversations/{}/transcript", first.conversation_id);
    let refused = get(&plain.secret, &path).await.unwrap();
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    let full: Transcript = get(&lead.secret, &path)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(full.conversation.id, first.conversation_id);
    assert!(full.messages.iter().any(|m| m.body == "我想申请退款"));
    assert!(full.rating.is_none());

    // A bad day or state is the field's error, not a server error.
    for (query, field) in [
        ("transcripts?from=2026-13-01", "from"),
        ("transcripts?state=archived", "state"),
        ("transcripts?from=1900-01-01", "from"),
        ("transcripts?cursor=abc", "cursor"),
        ("transcripts?agent_id=x", "query"),
    ] {
        let r = get(&lead.secret, query).await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let body: Value = r.json().await.unwrap();
        assert!(
            body.to_string().contains(&format!("\"{field}\"")),
            "{query}: {body}"
        );
    }
}
