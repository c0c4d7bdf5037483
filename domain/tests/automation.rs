//! Assignment, queue, timers, survey, leave-a-message and tickets against a
//! real database, with a clock the tests move (no sleeping).

mod common;

use chrono::Duration;
use common::{online_agent, visitor, TestEnv};
use domain::chat::{Party, StartInfo};
use domain::{Actor, Error};
use model::automation::{
    AssignmentMode, AutomationSettings, LeaveMessageInput, RatingInput, SurveySettings,
    WorkingHours,
};
use model::chat::{ConversationStatus, Sender};
use model::people::{AgentStatus, GroupInput};
use model::tickets::{
    AssigneeFilter, TicketFilter, TicketInput, TicketPriority, TicketSource, TicketStatus,
    TicketUpdate,
};

/// A visitor says hello and sends one message: their conversation id.
async fn start(env: &TestEnv, text: &str) -> (i64, i64) {
    start_at(env, text, StartInfo::default()).await
}

async fn start_at(env: &TestEnv, text: &str, info: StartInfo) -> (i64, i64) {
    let (v, _) = visitor(env).await;
    let m = env
        .services
        .conversations
        .visitor_send(v, None, "first", text, &info)
        .await
        .unwrap();
    (v, m.conversation_id)
}

async fn status(env: &TestEnv, v: i64, id: i64) -> model::chat::Conversation {
    env.services
        .conversations
        .get(&Party::Visitor(v), id)
        .await
        .unwrap()
}

async fn set_automation(env: &TestEnv, f: impl FnOnce(&mut AutomationSettings)) {
    let s = &env.services;
    let mut a = s.settings.automation().await.unwrap();
    f(&mut a);
    s.rules.set(&env.admin, a).await.unwrap();
}

#[tokio::test]
async fn full_agent_queues_the_next_visitor_with_position_and_connects_them_later() {
    let env = common::env().await;
    let chat = &env.services;
    let agent = online_agent(&env, "one@example.com", Some(1)).await;
    let (v1, c1) = start(&env, "first").await;
    assert_eq!(status(&env, v1, c1).await.agent_id, Some(agent.agent_id));

    let (v2, c2) = start(&env, "second").await;
    let (v3, c3) = start(&env, "third").await;
    assert_eq!(
        status(&env, v2, c2).await.status,
        ConversationStatus::Queued
    );
    let spot = chat.queue.spot(c2).await.unwrap().unwrap();
    assert_eq!(spot.position, 1);
    assert!(spot.eta_secs > 0);
    assert_eq!(chat.queue.spot(c3).await.unwrap().unwrap().position, 2);
    let queue = chat.queue.queue(&env.admin).await.unwrap();
    // Names and messages of waiting visitors are for supervisors only.
    assert!(matches!(
        chat.queue.queue(&agent).await,
        Err(Error::Forbidden)
    ));
    assert_eq!(
        queue
            .iter()
            .map(|q| (q.conversation_id, q.position))
            .collect::<Vec<_>>(),
        vec![(c2, 1), (c3, 2)]
    );

    chat.conversations
        .end(&Party::Agent(agent.clone()), c1)
        .await
        .unwrap();
    assert_eq!(status(&env, v2, c2).await.agent_id, Some(agent.agent_id));
    assert_eq!(
        status(&env, v3, c3).await.status,
        ConversationStatus::Queued
    );
    assert_eq!(chat.queue.spot(c3).await.unwrap().unwrap().position, 1);
    // A visitor leaving the queue frees their place.
    chat.conversations
        .end(&Party::Visitor(v3), c3)
        .await
        .unwrap();
    assert!(chat.queue.queue(&env.admin).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_visitors_never_push_an_agent_over_capacity() {
    let env = common::env().await;
    let a = online_agent(&env, "a@example.com", Some(2)).await;
    let b = online_agent(&env, "b@example.com", Some(3)).await;
    let mut tasks = vec![];
    for i in 0..16 {
        let chat = env.services.clone();
        let hello = chat.visitors.hello(Default::default()).await.unwrap();
        tasks.push(tokio::spawn(async move {
            chat.conversations
                .visitor_send(
                    hello.visitor_id,
                    None,
                    &format!("m-{i}"),
                    "hello",
                    &StartInfo::default(),
                )
                .await
                .map(|m| (hello.visitor_id, m.conversation_id))
        }));
    }
    let mut convs = vec![];
    for t in tasks {
        convs.push(t.await.unwrap().unwrap());
    }
    let mut per_agent = std::collections::HashMap::new();
    let mut queued = 0;
    for (v, c) in &convs {
        let conv = status(&env, *v, *c).await;
        match conv.agent_id {
            Some(x) => *per_agent.entry(x).or_insert(0) += 1,
            None => queued += 1,
        }
    }
    assert_eq!(per_agent.get(&a.agent_id), Some(&2));
    assert_eq!(per_agent.get(&b.agent_id), Some(&3));
    assert_eq!(queued, 11);
    let positions: Vec<i64> = env
        .services
        .queue
        .queue(&env.admin)
        .await
        .unwrap()
        .iter()
        .map(|q| q.position)
        .collect();
    assert_eq!(positions, (1..=11).collect::<Vec<_>>());
}

async fn group(env: &TestEnv, members: &[&Actor], mode: AssignmentMode, returning: bool) -> i32 {
    env.services
        .groups
        .create(
            &env.admin,
            GroupInput {
                name: format!("G{}", members.len()),
                member_ids: members.iter().map(|m| m.agent_id).collect(),
                assignment: mode,
                returning_first: returning,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn round_robin_group_takes_turns_and_skips_unavailable_agents() {
    let env = common::env().await;
    let a = online_agent(&env, "a@example.com", Some(10)).await;
    let b = online_agent(&env, "b@example.com", Some(10)).await;
    let c = online_agent(&env, "c@example.com", Some(10)).await;
    let g = group(&env, &[&a, &b, &c], AssignmentMode::RoundRobin, false).await;
    let link = env
        .services
        .links
        .save_link(
            &env.admin,
            None,
            model::chat::ChatLinkInput {
                name: "Sales".into(),
                slug: "sales".into(),
                group_id: Some(g),
                agent_id: None,
            },
        )
        .await
        .unwrap();
    let info = StartInfo {
        link: Some(link.slug.clone()),
        source_url: None,
    };
    let mut order = vec![];
    for i in 0..6 {
        if i == 3 {
            env.services
                .agents
                .set_status(&b, AgentStatus::Away)
                .await
                .unwrap();
        }
        env.clock.advance(Duration::seconds(1));
        let (v, id) = start_at(&env, "hi", info.clone()).await;
        order.push(status(&env, v, id).await.agent_id.unwrap());
    }
    let (a, b, c) = (a.agent_id, b.agent_id, c.agent_id);
    assert_eq!(order, vec![a, b, c, a, c, a]);
}

#[tokio::test]
async fn returning_visitor_gets_their_previous_agent() {
    let env = common::env().await;
    let a = online_agent(&env, "a@example.com", Some(10)).await;
    set_automation(&env, |s| s.returning_first = true).await;
    let chat = &env.services;
    let (v, first) = start(&env, "hello").await;
    assert_eq!(status(&env, v, first).await.agent_id, Some(a.agent_id));
    chat.conversations
        .end(&Party::Visitor(v), first)
        .await
        .unwrap();
    // A second, idle agent would win on load; the returning rule wins.
    let _b = online_agent(&env, "b@example.com", Some(10)).await;
    let (_, _busy) = start(&env, "someone else").await; // goes to b (lower load)
    let m = chat
        .conversations
        .visitor_send(v, None, "again", "back again", &StartInfo::default())
        .await
        .unwrap();
    assert_ne!(m.conversation_id, first);
    assert_eq!(
        status(&env, v, m.conversation_id).await.agent_id,
        Some(a.agent_id)
    );
}

#[tokio::test]
async fn idle_visitor_is_reminded_then_closed_by_the_moved_clock() {
    let env = common::env().await;
    let chat = &env.services;
    set_automation(&env, |s| {
        s.idle.enabled = true;
        s.idle.remind_after_mins = 3;
        s.idle.close_after_mins = 2;
        s.idle.reminder = "Still there?".into();
        s.idle.closing = "Closing, bye".into();
    })
    .await;
    let agent = online_agent(&env, "a@example.com", None).await;
    let (v, id) = start(&env, "hello").await;
    // The visitor spoke last: no reminder, however long we wait.
    env.clock.advance(Duration::minutes(30));
    assert_eq!(chat.timers.run().await.unwrap().reminded, 0);

    chat.conversations
        .agent_send(&agent, id, "r1", "How can I help?")
        .await
        .unwrap();
    env.clock.advance(Duration::minutes(2));
    assert_eq!(chat.timers.run().await.unwrap().reminded, 0);
    env.clock.advance(Duration::minutes(1));
    let run = chat.timers.run().await.unwrap();
    assert_eq!((run.reminded, run.closed), (1, 0));
    assert_eq!(chat.timers.run().await.unwrap().reminded, 0, "only once");

    // The visitor answers: the cycle starts over after the agent's next line.
    chat.conversations
        .visitor_send(v, Some(id), "v2", "yes", &StartInfo::default())
        .await
        .unwrap();
    env.clock.advance(Duration::minutes(10));
    assert_eq!(chat.timers.run().await.unwrap().closed, 0);
    chat.conversations
        .agent_send(&agent, id, "r2", "Anything else?")
        .await
        .unwrap();
    env.clock.advance(Duration::minutes(3));
    assert_eq!(chat.timers.run().await.unwrap().reminded, 1);
    env.clock.advance(Duration::minutes(2));
    assert_eq!(chat.timers.run().await.unwrap().closed, 1);

    let conv = status(&env, v, id).await;
    assert_eq!(conv.status, ConversationStatus::Ended);
    let bodies: Vec<String> = chat
        .conversations
        .history(&Party::Visitor(v), id, 0)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.sender == Sender::System)
        .map(|m| m.body)
        .collect();
    assert_eq!(
        bodies.iter().filter(|b| *b == "Still there?").count(),
        2,
        "{bodies:?}"
    );
    assert_eq!(bodies.last().map(String::as_str), Some("Closing, bye"));
}

#[tokio::test]
async fn unanswered_chat_turns_red_then_moves_to_another_agent() {
    let env = common::env().await;
    let chat = &env.services;
    set_automation(&env, |s| {
        s.unanswered.enabled = true;
        s.unanswered.alert_after_secs = 60;
        s.unanswered.reassign = true;
        s.unanswered.reassign_after_secs = 120;
    })
    .await;
    let a = online_agent(&env, "a@example.com", None).await;
    let (v, id) = start(&env, "help").await;
    let (v2, answered) = start(&env, "me too").await;
    chat.conversations
        .agent_send(&a, answered, "ok", "Hi!")
        .await
        .unwrap();
    let b = online_agent(&env, "b@example.com", None).await;

    env.clock.advance(Duration::seconds(59));
    assert_eq!(chat.timers.run().await.unwrap().alerted, 0);
    env.clock.advance(Duration::seconds(1));
    assert_eq!(chat.timers.run().await.unwrap().alerted, 1);
    assert!(status(&env, v, id).await.unanswered);
    assert!(!status(&env, v2, answered).await.unanswered);

    env.clock.advance(Duration::seconds(119));
    assert_eq!(chat.timers.run().await.unwrap().reassigned, 0);
    env.clock.advance(Duration::seconds(1));
    assert_eq!(chat.timers.run().await.unwrap().reassigned, 1);
    let conv = status(&env, v, id).await;
    assert_eq!(conv.agent_id, Some(b.agent_id));
    assert!(!conv.unanswered, "a fresh start for the new agent");

    // The new agent answers in time: no alert.
    chat.conversations
        .agent_send(&b, id, "b1", "Hello from B")
        .await
        .unwrap();
    env.clock.advance(Duration::minutes(10));
    let run = chat.timers.run().await.unwrap();
    assert_eq!((run.alerted, run.reassigned), (0, 0));
    // The old agent no longer sees it; an internal note says why.
    assert!(chat.conversations.get(&Party::Agent(a), id).await.is_err());
    let note = chat
        .conversations
        .history(&Party::Agent(b.clone()), id, 0)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.internal)
        .unwrap();
    assert!(note.body.starts_with("system.reassigned_unanswered|"));
}

#[tokio::test]
async fn replying_clears_the_alert() {
    let env = common::env().await;
    let chat = &env.services;
    let a = online_agent(&env, "a@example.com", None).await;
    let (v, id) = start(&env, "help").await;
    env.clock.advance(Duration::minutes(2));
    chat.timers.run().await.unwrap();
    assert!(status(&env, v, id).await.unanswered);
    // The agent's screen hears it at once, not only on the next reload
    // (the clock's sub-second part must not matter: PostgreSQL keeps
    // microseconds only).
    env.clock.advance(Duration::nanoseconds(123_456_789));
    let mut screen = chat.hub.subscribe(domain::hub::Topic::Agent(a.agent_id));
    chat.conversations
        .agent_send(&a, id, "x", "Sorry for the wait")
        .await
        .unwrap();
    assert!(!status(&env, v, id).await.unanswered);
    let mut cleared = false;
    while let Ok(event) = screen.try_recv() {
        if let model::chat::ServerEvent::Conversation { conversation, .. } = &*event {
            cleared |= conversation.id == id && !conversation.unanswered;
        }
    }
    assert!(
        cleared,
        "a conversation update without the alert was published"
    );
}

#[tokio::test]
async fn visitor_rates_an_ended_chat_on_a_custom_scale() {
    let env = common::env().await;
    let chat = &env.services;
    let s = &env.services;
    let bad = SurveySettings {
        levels: vec!["Only one".into()],
        ..Default::default()
    };
    assert!(matches!(
        s.survey.set_settings(&env.admin, bad).await,
        Err(Error::Invalid(_))
    ));
    s.survey
        .set_settings(
            &env.admin,
            SurveySettings {
                enabled: true,
                levels: vec!["Great".into(), "OK".into(), "Bad".into()],
                comment: true,
                ask_on_end: true,
            },
        )
        .await
        .unwrap();
    let a = online_agent(&env, "a@example.com", None).await;
    let (v, id) = start(&env, "hello").await;
    let rate = |level| RatingInput {
        level,
        comment: Some("  quick and kind ".into()),
    };
    let early = chat.survey.rate(v, id, rate(1)).await;
    assert!(
        matches!(early, Err(Error::Invalid(_))),
        "not before the end"
    );

    chat.conversations
        .end(&Party::Agent(a.clone()), id)
        .await
        .unwrap();
    assert!(matches!(
        chat.survey.rate(v, id, rate(4)).await,
        Err(Error::Invalid(_))
    ));
    let (stranger, _) = visitor(&env).await;
    assert!(matches!(
        chat.survey.rate(stranger, id, rate(1)).await,
        Err(Error::NotFound)
    ));
    chat.survey.rate(v, id, rate(2)).await.unwrap();
    assert!(
        matches!(
            chat.survey.rate(v, id, rate(1)).await,
            Err(Error::Invalid(_))
        ),
        "once"
    );
    assert!(status(&env, v, id).await.rated);

    let ratings = chat.survey.ratings(&env.admin, 10).await.unwrap();
    assert_eq!(ratings.len(), 1);
    let r = &ratings[0];
    assert_eq!((r.level, r.scale, r.label.as_str()), (2, 3, "OK"));
    assert_eq!(r.comment.as_deref(), Some("quick and kind"));
    assert_eq!(r.agent_id, Some(a.agent_id));
}

#[tokio::test]
async fn agent_invites_a_rating_during_the_chat() {
    let env = common::env().await;
    let chat = &env.services;
    let a = online_agent(&env, "a@example.com", None).await;
    let (v, id) = start(&env, "hello").await;
    // Typing the invitation's text does not unlock rating for the visitor.
    chat.conversations
        .visitor_send(
            v,
            Some(id),
            "fake",
            "system.rating_invited",
            &StartInfo::default(),
        )
        .await
        .unwrap();
    let early = chat
        .survey
        .rate(
            v,
            id,
            RatingInput {
                level: 1,
                comment: None,
            },
        )
        .await;
    assert!(matches!(early, Err(Error::Invalid(_))));
    chat.survey.invite_rating(&a, id).await.unwrap();
    chat.survey
        .rate(
            v,
            id,
            RatingInput {
                level: 1,
                comment: None,
            },
        )
        .await
        .unwrap();
    assert!(matches!(
        chat.survey.invite_rating(&a, id).await,
        Err(Error::Invalid(_))
    ));
}

#[tokio::test]
async fn leave_a_message_follows_the_field_rules_and_creates_a_ticket() {
    let env = common::env().await;
    let tickets = &env.services.tickets;
    let chat = &env.services;
    let opts = chat.availability.visitor_options(None).await.unwrap();
    assert!(opts.offline, "nobody online");
    let (v, _) = visitor(&env).await;
    // Defaults: email and message required.
    let missing = env
        .services
        .leave_message
        .submit(v, LeaveMessageInput::default())
        .await;
    let Err(Error::Invalid(errors)) = missing else {
        panic!("expected field errors")
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["email", "message"]);
    let bad_email = LeaveMessageInput {
        email: Some("not-an-email".into()),
        message: "Please call me".into(),
        ..Default::default()
    };
    assert!(env
        .services
        .leave_message
        .submit(v, bad_email)
        .await
        .is_err());
    let t = env
        .services
        .leave_message
        .submit(
            v,
            LeaveMessageInput {
                name: Some("Wang Fang".into()),
                email: Some("Fang@Example.com".into()),
                phone: Some("+86 138 0000 0000".into()), // hidden field: ignored
                message: "My order has not arrived.\nOrder 42.".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(t.subject, "My order has not arrived.");
    assert_eq!(t.contact_email.as_deref(), Some("fang@example.com"));
    assert_eq!(t.contact_phone, None);
    assert_eq!(
        (t.source, t.status),
        (TicketSource::LeaveMessage, TicketStatus::Open)
    );
    let listed = tickets
        .list(&env.admin, &TicketFilter::default())
        .await
        .unwrap();
    assert_eq!(listed[0].id, t.id);

    online_agent(&env, "a@example.com", None).await;
    assert!(
        !chat
            .availability
            .visitor_options(None)
            .await
            .unwrap()
            .offline
    );
}

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

#[tokio::test]
async fn automation_settings_are_validated() {
    let env = common::env().await;
    let s = &env.services;
    let mut bad = AutomationSettings {
        default_max_chats: 0,
        ..Default::default()
    };
    bad.idle.remind_after_mins = 0;
    bad.idle.reminder = "  ".into();
    bad.unanswered.alert_after_secs = 5;
    let Err(Error::Invalid(errors)) = s.rules.set(&env.admin, bad).await else {
        panic!("expected field errors")
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        vec![
            "default_max_chats",
            "idle.remind_after_mins",
            "idle.reminder",
            "unanswered.alert_after_secs"
        ]
    );
    // An agent without ManageAutomation cannot change them.
    let a = online_agent(&env, "a@example.com", None).await;
    let denied = s.rules.set(&a, AutomationSettings::default()).await;
    assert!(matches!(denied, Err(Error::Forbidden)));
}

#[tokio::test]
async fn outside_working_hours_visitors_get_the_form_even_with_agents_online() {
    let env = common::env().await;
    let s = &env.services;
    let chat = &env.services;
    online_agent(&env, "a@example.com", None).await;
    let mut lm = s.settings.leave_message().await.unwrap();
    lm.hours = WorkingHours {
        enabled: true,
        days: vec![2, 2, 1],
        start: "25:00".into(),
        end: "10:00".into(),
        utc_offset_mins: 2000,
    };
    let Err(Error::Invalid(errors)) = s.leave_message.set_settings(&env.admin, lm.clone()).await
    else {
        panic!("expected field errors")
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["hours.start", "hours.utc_offset_mins"]);
    // Tuesday, 10:00–18:00 in UTC+1; the test clock starts Tuesday 09:00 UTC.
    lm.hours.start = "10:00".into();
    lm.hours.end = "18:00".into();
    lm.hours.utc_offset_mins = 60;
    let saved = s.leave_message.set_settings(&env.admin, lm).await.unwrap();
    assert_eq!(saved.hours.days, vec![1, 2], "sorted, without repeats");
    assert!(
        !chat
            .availability
            .visitor_options(None)
            .await
            .unwrap()
            .offline,
        "10:00 local"
    );
    env.clock.advance(Duration::hours(8));
    assert!(
        chat.availability
            .visitor_options(None)
            .await
            .unwrap()
            .offline,
        "18:00 local"
    );
}

#[tokio::test]
async fn a_group_transfer_follows_the_group_rules_and_skips_the_sender() {
    let env = common::env().await;
    let chat = &env.services;
    let a = online_agent(&env, "a@example.com", Some(5)).await;
    let (v, id) = start(&env, "hello").await;
    assert_eq!(status(&env, v, id).await.agent_id, Some(a.agent_id));
    let b = online_agent(&env, "b@example.com", Some(1)).await;
    let c = online_agent(&env, "c@example.com", Some(1)).await;
    let g = group(&env, &[&a, &b, &c], AssignmentMode::RoundRobin, false).await;
    // With c away, another visitor fills b (load: 0/1 beats a's 1/5).
    env.services
        .agents
        .set_status(&c, AgentStatus::Away)
        .await
        .unwrap();
    let (v2, other) = start(&env, "someone").await;
    assert_eq!(status(&env, v2, other).await.agent_id, Some(b.agent_id));
    env.services
        .agents
        .set_status(&c, AgentStatus::Online)
        .await
        .unwrap();
    env.clock.advance(Duration::seconds(5));
    let moved = chat
        .transfer
        .transfer(&a, id, domain::chat::TransferTarget::Group(g), "VIP")
        .await
        .unwrap();
    // b is full (1/1), a is the sender: c gets it.
    assert_eq!(moved.agent_id, Some(c.agent_id));
    assert_eq!(moved.group_id, Some(g));
    let note = chat
        .conversations
        .history(&Party::Agent(c.clone()), id, 0)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.internal)
        .unwrap();
    assert_eq!(note.body, "a → c: VIP");
    // Nobody else free: the next transfer waits in the group's queue.
    let again = chat
        .transfer
        .transfer(&c, id, domain::chat::TransferTarget::Group(g), "")
        .await
        .unwrap();
    assert_eq!(
        again.agent_id,
        Some(a.agent_id),
        "a has room and is not the sender"
    );
    let third = chat
        .transfer
        .transfer(&a, id, domain::chat::TransferTarget::Group(g), "")
        .await
        .unwrap();
    assert_eq!(third.agent_id, Some(c.agent_id));
    assert_eq!(status(&env, v, id).await.status, ConversationStatus::Active);
}
