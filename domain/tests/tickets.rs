//! Tickets (R7): filters, assignment, comments and history.

use crate::common;
use crate::common::*;
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
                ..Default::default()
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
    // (Out of b's sight now that it is a's: it looks missing, issue 11.)
    assert!(matches!(denied, Err(Error::NotFound)));
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
    // Now b's: b reads its history, a no longer sees it.
    let detail = tickets.get(&b, from_chat.id).await.unwrap();
    assert!(matches!(
        tickets.get(&a, from_chat.id).await,
        Err(Error::NotFound)
    ));
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

/// Tickets follow their reader (issue 11, defect 1): without "view all
/// tickets" an agent reads their own tickets, their groups' and nobody's,
/// through the list, its filters, the detail, comments and changes.
#[tokio::test]
async fn an_agent_reads_only_their_own_their_groups_and_unassigned_tickets() {
    let env = common::env().await;
    let s = &env.services;
    let tickets = &s.tickets;
    let a = online_agent(&env, "a@example.com", None).await;
    let b = online_agent(&env, "b@example.com", None).await;
    let sales = group(&env, &[&a], model::automation::AssignmentMode::Load, false).await;
    let new = |subject: &str, assignee_id: Option<i32>| TicketInput {
        subject: subject.into(),
        description: "private details".into(),
        priority: TicketPriority::Normal,
        assignee_id,
        conversation_id: None,
        ..Default::default()
    };
    let admin = &env.admin;
    let a_own = tickets
        .create(admin, new("a's", Some(a.agent_id)))
        .await
        .unwrap();
    let b_own = tickets
        .create(admin, new("b's", Some(b.agent_id)))
        .await
        .unwrap();
    let nobodys = tickets.create(admin, new("nobody's", None)).await.unwrap();
    // A conversation of the Sales group (b is not in it) becomes a ticket
    // of that group; so does a message left through the Sales link.
    let link = s
        .links
        .save_link(
            admin,
            None,
            model::chat::ChatLinkInput {
                slug: "sales".into(),
                name: "Sales".into(),
                group_id: Some(sales),
                agent_id: None,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let (v, _) = visitor(&env).await;
    let left = s
        .leave_message
        .submit(
            v,
            model::automation::LeaveMessageInput {
                link: Some(link.slug.clone()),
                message: "call me back".into(),
                email: Some("v@example.com".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(left.group_id, Some(sales));
    assert_eq!(left.group_name.as_deref(), Some("G1"));

    let ids = |list: Vec<model::tickets::Ticket>| {
        let mut ids: Vec<i64> = list.into_iter().map(|t| t.id).collect();
        ids.sort_unstable();
        ids
    };
    let all = TicketFilter::default();
    assert_eq!(
        ids(tickets.list(&a, &all).await.unwrap()),
        vec![a_own.id, nobodys.id, left.id]
    );
    assert_eq!(
        ids(tickets.list(&b, &all).await.unwrap()),
        vec![b_own.id, nobodys.id]
    );
    // Filters cannot widen it.
    let someone_else = TicketFilter {
        assignee: AssigneeFilter::Agent(a.agent_id),
        ..Default::default()
    };
    assert!(tickets.list(&b, &someone_else).await.unwrap().is_empty());
    // Detail, comment and change look as if it did not exist.
    assert!(matches!(
        tickets.get(&b, a_own.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        tickets.get(&b, left.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        tickets.comment(&b, a_own.id, "peek").await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        tickets
            .update(
                &b,
                left.id,
                TicketUpdate {
                    status: Some(TicketStatus::Closed),
                    ..Default::default()
                }
            )
            .await,
        Err(Error::NotFound)
    ));
    assert!(
        tickets
            .get(&env.admin, a_own.id)
            .await
            .unwrap()
            .activities
            .len()
            == 1,
        "no comment was stored"
    );
    // Asking by conversation tells nothing about a conversation b cannot see.
    let (v, conv) = start(&env, "hello").await;
    let by_conv = TicketFilter {
        conversation_id: Some(conv),
        ..Default::default()
    };
    let agent_of_conv = status(&env, v, conv).await.agent_id;
    let outsider = if agent_of_conv == Some(b.agent_id) {
        &a
    } else {
        &b
    };
    assert!(matches!(
        tickets.list(outsider, &by_conv).await,
        Err(Error::NotFound)
    ));
    // With "view all tickets" everything is in sight, read-only.
    let supervisor = domain::test_support::agent_with(
        &env,
        "sup@example.com",
        &[model::Permission::ViewAllTickets],
    )
    .await;
    assert_eq!(tickets.list(&supervisor, &all).await.unwrap().len(), 4);
    assert!(tickets.get(&supervisor, b_own.id).await.is_ok());
    assert!(matches!(
        tickets
            .update(
                &supervisor,
                b_own.id,
                TicketUpdate {
                    status: Some(TicketStatus::Closed),
                    ..Default::default()
                }
            )
            .await,
        Err(Error::Forbidden)
    ));
}
