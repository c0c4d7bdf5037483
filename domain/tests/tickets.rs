//! Tickets (R7): filters, assignment, comments and history.

mod common;

use common::*;
use domain::Error;
use model::tickets::{
    AssigneeFilter, TicketFilter, TicketInput, TicketPriority, TicketStatus, TicketUpdate,
};

#[tokio::test]
async fn tickets_are_filtered_assigned_commented_and_keep_history() {
    let env = common::env().await;
    let tickets = &env.services.tickets;
    let a = online_agent(&env, "a@example.com", None).await;
    let b = online_agent(&env, "b@example.com", None).await;
    let (_, conv) = start(&env, "broken checkout").await;
    let from_chat = tickets
        .create(
            &a,
            TicketInput {
                subject: "Checkout fails".into(),
                description: "Card declined twice".into(),
                priority: TicketPriority::High,
                assignee_id: None,
                conversation_id: Some(conv),
            },
        )
        .await
        .unwrap();
    assert_eq!(from_chat.conversation_id, Some(conv));
    assert!(from_chat.visitor_id.is_some());
    // b cannot link a conversation they cannot see, nor assign to someone else.
    let sneaky = tickets
        .create(
            &b,
            TicketInput {
                subject: "x".into(),
                conversation_id: Some(conv),
                assignee_id: Some(a.agent_id),
                ..Default::default()
            },
        )
        .await;
    let Err(Error::Invalid(errors)) = sneaky else {
        panic!("expected field errors")
    };
    assert_eq!(errors.len(), 2);
    let other = tickets
        .create(
            &b,
            TicketInput {
                subject: "Invoice copy".into(),
                assignee_id: Some(b.agent_id),
                ..Default::default()
            },
        )
        .await
        .unwrap();

    let admin = env.admin.clone();
    let by = |f: TicketFilter| {
        let admin = admin.clone();
        async move {
            tickets
                .list(&admin, &f)
                .await
                .unwrap()
                .into_iter()
                .map(|t| t.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        by(TicketFilter {
            priority: Some(TicketPriority::High),
            ..Default::default()
        })
        .await,
        vec![from_chat.id]
    );
    assert_eq!(
        by(TicketFilter {
            assignee: AssigneeFilter::Agent(b.agent_id),
            ..Default::default()
        })
        .await,
        vec![other.id]
    );
    assert_eq!(
        by(TicketFilter {
            assignee: AssigneeFilter::Unassigned,
            ..Default::default()
        })
        .await,
        vec![from_chat.id]
    );
    assert_eq!(
        by(TicketFilter {
            from: Some("2026-11-25".into()),
            ..Default::default()
        })
        .await,
        Vec::<i64>::new()
    );
    assert_eq!(
        by(TicketFilter {
            from: Some("2026-11-24".into()),
            to: Some("2026-11-24".into()),
            ..Default::default()
        })
        .await
        .len(),
        2
    );
    let bad_day = tickets
        .list(
            &env.admin,
            &TicketFilter {
                from: Some("yesterday".into()),
                ..Default::default()
            },
        )
        .await;
    assert!(matches!(bad_day, Err(Error::Invalid(_))));

    // a takes the unassigned ticket, solves it; b may not touch a's ticket.
    tickets
        .update(
            &a,
            from_chat.id,
            TicketUpdate {
                assignee_id: Some(Some(a.agent_id)),
                status: Some(TicketStatus::Pending),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let denied = tickets
        .update(
            &b,
            from_chat.id,
            TicketUpdate {
                status: Some(TicketStatus::Closed),
                ..Default::default()
            },
        )
        .await;
    assert!(matches!(denied, Err(Error::Forbidden)));
    tickets
        .comment(&a, from_chat.id, "Refund issued")
        .await
        .unwrap();
    assert!(tickets.comment(&a, from_chat.id, "   ").await.is_err());
    // The admin (ManageTickets) reassigns to b.
    let t = tickets
        .update(
            &env.admin,
            from_chat.id,
            TicketUpdate {
                assignee_id: Some(Some(b.agent_id)),
                status: Some(TicketStatus::Solved),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(t.assignee_id, Some(b.agent_id));
    let detail = tickets.get(&a, from_chat.id).await.unwrap();
    let kinds: Vec<_> = detail
        .activities
        .iter()
        .map(|x| (x.kind, x.to_value.clone()))
        .collect();
    use model::tickets::ActivityKind::*;
    assert_eq!(
        kinds,
        vec![
            (Created, Some("agent".into())),
            (Status, Some("pending".into())),
            (Assignee, Some("a".into())),
            (Comment, None),
            (Status, Some("solved".into())),
            (Assignee, Some("b".into())),
        ]
    );
    assert!(matches!(tickets.get(&a, 9999).await, Err(Error::NotFound)));
}
