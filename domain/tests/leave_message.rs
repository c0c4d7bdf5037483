//! Leave a message (R6) and working hours.

use crate::common;
use crate::common::*;
use chrono::Duration;
use domain::Error;
use model::automation::{LeaveMessageInput, WorkingHours};
use model::tickets::{TicketFilter, TicketSource, TicketStatus};

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
