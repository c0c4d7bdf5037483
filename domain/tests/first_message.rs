//! A visitor's first message starts one conversation, however many tabs
//! (or server processes) send it at once.

use crate::common;
use crate::common::visitor;
use domain::chat::{Party, StartInfo};
use model::chat::ConversationStatus;

#[tokio::test]
async fn first_messages_sent_at_once_share_one_conversation_and_are_stored_once() {
    let env = common::env().await;
    let s = &env.services;
    let (v, _) = visitor(&env).await;
    let info = StartInfo::default();
    // Two tabs resend the same kept first message while a third sends its own.
    let send = |client_id: &'static str, body: &'static str| {
        let conversations = s.conversations.clone();
        let info = info.clone();
        async move {
            conversations
                .visitor_send(v, None, client_id, body, &info)
                .await
        }
    };
    let (a, b, c) = tokio::join!(
        send("tab-1", "my order is late"),
        send("tab-1", "my order is late"),
        send("tab-2", "order 1234")
    );
    let (a, b, c) = (a.unwrap(), b.unwrap(), c.unwrap());
    assert_eq!(a.conversation_id, b.conversation_id);
    assert_eq!(a.conversation_id, c.conversation_id);
    assert_eq!(a.seq, b.seq, "the same message, stored once");

    let history = s
        .conversations
        .history(&Party::Visitor(v), a.conversation_id, 0)
        .await
        .unwrap();
    let sent: Vec<&str> = history
        .iter()
        .filter(|m| m.client_id.starts_with("tab-"))
        .map(|m| m.client_id.as_str())
        .collect();
    assert_eq!(sent.len(), 2, "{sent:?}");
    let conv = s
        .conversations
        .get(&Party::Visitor(v), a.conversation_id)
        .await
        .unwrap();
    assert_ne!(conv.status, ConversationStatus::Ended);
}
