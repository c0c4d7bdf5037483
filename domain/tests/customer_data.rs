//! Tags (A3), companies (A4), business records (A2), canned replies (W7),
//! merging that loses nothing, and verified identity on a link (C3, C6),
//! against a real database.

use crate::common::*;
use domain::identity::token::{seal, sign};
use domain::Error;
use model::canned::CannedReplyInput;
use model::chat::{ChatLinkInput, VisitorHello};
use model::customers::{CompanyInput, CustomerFilter, IdentityStatus, TagInput};
use model::fields::{FieldDefInput, FieldEntity, FieldKind, FieldValue};
use model::identity::IdentityMode;
use model::records::{BusinessRecordInput, RecordTemplateInput};
use model::tickets::TicketInput;

fn field(entity: FieldEntity, key: &str, kind: FieldKind, required: bool) -> FieldDefInput {
    FieldDefInput {
        entity,
        key: key.into(),
        label: key.into(),
        kind,
        required,
        options: vec![],
    }
}

fn tag(name: &str) -> TagInput {
    TagInput {
        name: name.into(),
        color: "#2563EB".into(),
    }
}

fn invalid(e: &Error, field: &str, code: &str) -> bool {
    matches!(e, Error::Invalid(f) if f.iter().any(|f| f.field == field && f.code == code))
}

#[tokio::test]
async fn merging_keeps_every_conversation_ticket_record_and_tag_of_both() {
    let env = env().await;
    let s = &env.services;
    let ann = online_agent(&env, "ann@example.com", None).await;
    let order = s
        .fields
        .create(
            &env.admin,
            field(FieldEntity::Record, "order_no", FieldKind::Text, true),
        )
        .await
        .unwrap();
    let template = s
        .record_templates
        .save(
            &env.admin,
            None,
            RecordTemplateInput {
                name: "Order issue".into(),
                fields: vec![order.id],
            },
        )
        .await
        .unwrap();
    let vip = s.tags.save(&env.admin, None, tag("VIP")).await.unwrap();
    let refund = s.tags.save(&env.admin, None, tag("Refund")).await.unwrap();
    let mut customers = vec![];
    for (text, tags) in [("phone", vec![vip.id, refund.id]), ("laptop", vec![vip.id])] {
        let (_, conv) = start(&env, text).await;
        let c = s.customers.of_conversation(&ann, conv).await.unwrap();
        for t in tags {
            s.customers.set_tag(&ann, c.id, t, true).await.unwrap();
        }
        s.tickets
            .create(
                &ann,
                TicketInput {
                    subject: format!("about {text}"),
                    conversation_id: Some(conv),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let values = [(
            "order_no".to_owned(),
            FieldValue::Text(format!("SO-{text}")),
        )]
        .into();
        s.records
            .save(
                &ann,
                conv,
                None,
                BusinessRecordInput {
                    template_id: template.id,
                    values,
                },
            )
            .await
            .unwrap();
        customers.push(c.id);
    }
    let merged = s
        .customers
        .merge(&ann, customers[0], customers[1])
        .await
        .unwrap();
    assert_eq!(merged.visitors, 2);
    let names: Vec<_> = merged.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Refund", "VIP"]);
    let history = s.customers.history(&ann, merged.id).await.unwrap();
    assert_eq!(history.conversations.len(), 2);
    assert_eq!(history.tickets.len(), 2);
    let records = s.records.of_customer(&ann, merged.id).await.unwrap();
    let mut orders: Vec<_> = records
        .iter()
        .map(|r| r.values["order_no"].clone())
        .collect();
    orders.sort_by_key(|v| format!("{v:?}"));
    assert_eq!(
        orders,
        [
            FieldValue::Text("SO-laptop".into()),
            FieldValue::Text("SO-phone".into())
        ]
    );
    // A customer's earlier conversation opens read-only for the agent.
    let first = history.conversations.last().unwrap().id;
    assert!(!s
        .customers
        .history_messages(&ann, merged.id, first)
        .await
        .unwrap()
        .is_empty());
    let tagged = s
        .customers
        .list(
            &ann,
            &CustomerFilter {
                tag_id: Some(refund.id),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(tagged.iter().map(|c| c.id).collect::<Vec<_>>(), [merged.id]);
    // Another agent lists none of them.
    let bo = online_agent(&env, "bo@example.com", None).await;
    assert!(s
        .customers
        .list(&bo, &CustomerFilter::default())
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        s.customers.history(&bo, merged.id).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn the_tag_set_is_admins_and_refuses_bad_names_and_colours() {
    let env = env().await;
    let s = &env.services;
    s.tags.save(&env.admin, None, tag("VIP")).await.unwrap();
    let dup = s.tags.save(&env.admin, None, tag("vip")).await.unwrap_err();
    assert!(invalid(&dup, "name", "duplicate"), "{dup:?}");
    let colour = s
        .tags
        .save(
            &env.admin,
            None,
            TagInput {
                name: "Late".into(),
                color: "red".into(),
            },
        )
        .await
        .unwrap_err();
    assert!(invalid(&colour, "color", "invalid_color"));
    let ann = online_agent(&env, "ann@example.com", None).await;
    assert!(matches!(
        s.tags.save(&ann, None, tag("Mine")).await,
        Err(Error::Forbidden)
    ));
    assert_eq!(s.tags.list(&ann).await.unwrap().len(), 1);
    let (_, conv) = start(&env, "hi").await;
    let c = s.customers.of_conversation(&ann, conv).await.unwrap();
    let unknown = s
        .customers
        .set_tag(&ann, c.id, 999, true)
        .await
        .unwrap_err();
    assert!(invalid(&unknown, "tag", "not_found"));
}

#[tokio::test]
async fn companies_have_fields_and_unique_names() {
    let env = env().await;
    let s = &env.services;
    s.fields
        .create(
            &env.admin,
            field(FieldEntity::Company, "industry", FieldKind::Text, true),
        )
        .await
        .unwrap();
    let ann = online_agent(&env, "ann@example.com", None).await;
    let missing = s
        .companies
        .create(
            &ann,
            CompanyInput {
                name: "Acme".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(
        invalid(&missing, "fields.industry", "required"),
        "{missing:?}"
    );
    let fields = [("industry".to_owned(), FieldValue::Text("Retail".into()))].into();
    let acme = s
        .companies
        .create(
            &ann,
            CompanyInput {
                name: "Acme".into(),
                fields,
            },
        )
        .await
        .unwrap();
    let dup = s
        .companies
        .create(
            &ann,
            CompanyInput {
                name: "Acme".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(invalid(&dup, "name", "duplicate"));
    let (_, conv) = start(&env, "hi").await;
    let c = s.customers.of_conversation(&ann, conv).await.unwrap();
    let c = s
        .customers
        .set_company(&ann, c.id, Some(acme.id))
        .await
        .unwrap();
    assert_eq!(c.company.unwrap().name, "Acme");
    // Ann serves one of Acme's customers, so she may edit it; Bo may not.
    let renamed = CompanyInput {
        name: "Acme Ltd".into(),
        ..Default::default()
    };
    assert_eq!(
        s.companies
            .update(&ann, acme.id, renamed.clone())
            .await
            .unwrap()
            .customers,
        1
    );
    let bo = online_agent(&env, "bo@example.com", None).await;
    assert!(matches!(
        s.companies.update(&bo, acme.id, renamed).await,
        Err(Error::Forbidden)
    ));
}

#[tokio::test]
async fn a_record_needs_its_templates_required_fields() {
    let env = env().await;
    let s = &env.services;
    let amount = s
        .fields
        .create(
            &env.admin,
            field(FieldEntity::Record, "refund", FieldKind::Number, true),
        )
        .await
        .unwrap();
    let bad = s
        .record_templates
        .save(
            &env.admin,
            None,
            RecordTemplateInput {
                name: "Refund".into(),
                fields: vec![amount.id, 9999],
            },
        )
        .await
        .unwrap_err();
    assert!(invalid(&bad, "fields", "unknown_field"));
    let t = s
        .record_templates
        .save(
            &env.admin,
            None,
            RecordTemplateInput {
                name: "Refund".into(),
                fields: vec![amount.id],
            },
        )
        .await
        .unwrap();
    let ann = online_agent(&env, "ann@example.com", None).await;
    let (_, conv) = start(&env, "refund please").await;
    let none = BusinessRecordInput {
        template_id: t.id,
        ..Default::default()
    };
    let e = s.records.save(&ann, conv, None, none).await.unwrap_err();
    assert!(invalid(&e, "fields.refund", "required"), "{e:?}");
    let wrong = BusinessRecordInput {
        template_id: t.id,
        values: [("refund".to_owned(), FieldValue::Text("lots".into()))].into(),
    };
    assert!(s.records.save(&ann, conv, None, wrong).await.is_err());
    assert!(
        s.records
            .of_conversation(&ann, conv)
            .await
            .unwrap()
            .is_empty(),
        "nothing stored"
    );
    let ok = BusinessRecordInput {
        template_id: t.id,
        values: [("refund".to_owned(), FieldValue::Number(12.5))].into(),
    };
    let r = s.records.save(&ann, conv, None, ok).await.unwrap();
    assert_eq!(r.author_name, "ann");
    let bo = online_agent(&env, "bo@example.com", None).await;
    assert!(matches!(
        s.records.of_conversation(&bo, conv).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn canned_replies_are_personal_or_shared_by_admins() {
    let env = env().await;
    let s = &env.services;
    let ann = online_agent(&env, "ann@example.com", None).await;
    let bo = online_agent(&env, "bo@example.com", None).await;
    let reply = |shared| CannedReplyInput {
        shared,
        title: "Hi".into(),
        body: "Hello {customer.name}".into(),
        ..Default::default()
    };
    assert!(matches!(
        s.canned.save(&ann, None, reply(true)).await,
        Err(Error::Forbidden)
    ));
    let mine = s.canned.save(&ann, None, reply(false)).await.unwrap();
    s.canned.save(&env.admin, None, reply(true)).await.unwrap();
    assert_eq!(s.canned.list(&ann).await.unwrap().len(), 2);
    assert_eq!(
        s.canned.list(&bo).await.unwrap().len(),
        1,
        "Ann's own is hers"
    );
    assert!(matches!(
        s.canned.delete(&bo, mine.id).await,
        Err(Error::NotFound)
    ));
    let empty = CannedReplyInput {
        title: " ".into(),
        ..reply(false)
    };
    assert!(invalid(
        &s.canned.save(&ann, None, empty).await.unwrap_err(),
        "title",
        "required"
    ));
}

/// Turn on `mode` for the default link; its fresh secret.
async fn identity_link(env: &TestEnv, mode: IdentityMode, required: bool) -> String {
    let s = &env.services;
    s.links.ensure_default_link().await.unwrap();
    let link = s
        .links
        .list_links(&env.admin)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.is_default)
        .unwrap();
    let input = ChatLinkInput {
        name: link.name,
        slug: link.slug,
        identity_mode: mode,
        identity_required: required,
        ..Default::default()
    };
    s.links
        .save_link(&env.admin, Some(link.id), input)
        .await
        .unwrap();
    s.links
        .rotate_identity_secret(&env.admin, link.id)
        .await
        .unwrap()
}

fn hello(identity: Option<String>) -> VisitorHello {
    VisitorHello {
        identity,
        link: Some("default".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_verified_identity_joins_the_visitor_to_the_customer_with_that_external_id() {
    let env = env().await;
    let s = &env.services;
    s.fields
        .create(
            &env.admin,
            field(FieldEntity::Customer, "plan", FieldKind::Text, false),
        )
        .await
        .unwrap();
    let secret = identity_link(&env, IdentityMode::Signed, true).await;
    let ann = online_agent(&env, "ann@example.com", None).await;
    let claims = r#"{"external_id":"u-7","name":"王芳","fields":{"plan":"gold"},"exp":4102444800}"#;
    let mut convs = vec![];
    for text in ["from the phone", "from the laptop"] {
        let session = s
            .visitors
            .hello(hello(Some(sign(&secret, claims))))
            .await
            .unwrap();
        let m = s
            .conversations
            .visitor_send(session.visitor_id, None, "c1", text, &Default::default())
            .await
            .unwrap();
        s.conversations
            .end(
                &domain::chat::Party::Visitor(session.visitor_id),
                m.conversation_id,
            )
            .await
            .unwrap();
        convs.push(m.conversation_id);
    }
    let a = s.customers.of_conversation(&ann, convs[0]).await.unwrap();
    let b = s.customers.of_conversation(&ann, convs[1]).await.unwrap();
    assert_eq!(a.id, b.id, "the same external id is the same customer");
    assert_eq!(b.identity, IdentityStatus::Verified);
    assert_eq!(b.external_id.as_deref(), Some("u-7"));
    assert_eq!(b.name.as_deref(), Some("王芳"));
    assert_eq!(b.fields["plan"], FieldValue::Text("gold".into()));
    assert_eq!(
        s.customers
            .history(&ann, b.id)
            .await
            .unwrap()
            .conversations
            .len(),
        2
    );
}

#[tokio::test]
async fn a_required_link_refuses_missing_tampered_and_expired_identity() {
    let env = env().await;
    let s = &env.services;
    let secret = identity_link(&env, IdentityMode::Encrypted, true).await;
    let before = s
        .customers
        .list(&env.admin, &CustomerFilter::default())
        .await
        .unwrap()
        .len();
    let e = s.visitors.hello(hello(None)).await.unwrap_err();
    assert!(invalid(&e, "identity", "identity_required"), "{e:?}");
    let signed = sign(&secret, r#"{"external_id":"u-1","exp":4102444800}"#);
    let e = s.visitors.hello(hello(Some(signed))).await.unwrap_err();
    assert!(invalid(&e, "identity", "identity_malformed"), "{e:?}");
    let expired = seal(&secret, [7; 12], r#"{"external_id":"u-1","exp":1000}"#);
    let e = s.visitors.hello(hello(Some(expired))).await.unwrap_err();
    assert!(invalid(&e, "identity", "identity_expired"), "{e:?}");
    let other = seal(
        &domain::identity::token::new_secret(),
        [7; 12],
        r#"{"external_id":"u-1","exp":4102444800}"#,
    );
    let e = s.visitors.hello(hello(Some(other))).await.unwrap_err();
    assert!(invalid(&e, "identity", "identity_undecryptable"), "{e:?}");
    assert_eq!(
        s.customers
            .list(&env.admin, &CustomerFilter::default())
            .await
            .unwrap()
            .len(),
        before
    );
    let good = seal(
        &secret,
        [7; 12],
        r#"{"external_id":"u-1","exp":4102444800}"#,
    );
    assert!(s.visitors.hello(hello(Some(good))).await.is_ok());
}

#[tokio::test]
async fn unverified_details_are_marked_and_never_merge() {
    let env = env().await;
    let s = &env.services;
    identity_link(&env, IdentityMode::Signed, false).await;
    let ann = online_agent(&env, "ann@example.com", None).await;
    let mut ids = vec![];
    for _ in 0..2 {
        let h = VisitorHello {
            external_id: Some("u-9".into()),
            name: Some("Claimed".into()),
            ..hello(None)
        };
        let session = s.visitors.hello(h).await.unwrap();
        let m = s
            .conversations
            .visitor_send(session.visitor_id, None, "hi", "hi", &Default::default())
            .await
            .unwrap();
        s.conversations
            .end(
                &domain::chat::Party::Visitor(session.visitor_id),
                m.conversation_id,
            )
            .await
            .unwrap();
        ids.push(
            s.customers
                .of_conversation(&ann, m.conversation_id)
                .await
                .unwrap(),
        );
    }
    assert_ne!(ids[0].id, ids[1].id, "anyone can type an id");
    assert_eq!(ids[0].identity, IdentityStatus::Unverified);
    assert_eq!(ids[0].claimed_id.as_deref(), Some("u-9"));
    assert_eq!(ids[0].external_id, None);
}

#[tokio::test]
async fn leave_a_message_fills_ticket_and_customer_fields() {
    use model::automation::{LeaveCustomField, LeaveMessageInput};
    let env = env().await;
    let s = &env.services;
    let order = s
        .fields
        .create(
            &env.admin,
            field(FieldEntity::Ticket, "order_no", FieldKind::Text, false),
        )
        .await
        .unwrap();
    let mut city = field(
        FieldEntity::Customer,
        "city",
        FieldKind::SingleSelect,
        false,
    );
    city.options = vec![model::fields::FieldOption {
        key: "bj".into(),
        label: "Beijing".into(),
    }];
    let city = s.fields.create(&env.admin, city).await.unwrap();
    let mut settings = s.leave_message.settings(&env.admin).await.unwrap();
    settings.custom_fields = vec![
        LeaveCustomField {
            field_id: order.id,
            required: true,
        },
        LeaveCustomField {
            field_id: city.id,
            required: false,
        },
    ];
    let mut bad = settings.clone();
    bad.custom_fields.push(LeaveCustomField {
        field_id: 999,
        required: false,
    });
    let e = s
        .leave_message
        .set_settings(&env.admin, bad)
        .await
        .unwrap_err();
    assert!(invalid(&e, "custom_fields", "unknown_field"));
    s.leave_message
        .set_settings(&env.admin, settings)
        .await
        .unwrap();
    let options = s.availability.visitor_options(None).await.unwrap();
    assert_eq!(
        options
            .leave_fields
            .iter()
            .map(|d| d.key.as_str())
            .collect::<Vec<_>>(),
        ["order_no", "city"]
    );
    assert!(options.leave_fields[0].required);

    let (v, _) = visitor(&env).await;
    let input = |fields: model::fields::FieldValues| LeaveMessageInput {
        email: Some("li@example.com".into()),
        message: "Where is my parcel?".into(),
        fields,
        ..Default::default()
    };
    let e = s
        .leave_message
        .submit(v, input(Default::default()))
        .await
        .unwrap_err();
    assert!(invalid(&e, "fields.order_no", "required"), "{e:?}");
    let wrong = [
        ("order_no".to_owned(), FieldValue::Text("SO-9".into())),
        ("city".to_owned(), FieldValue::Text("sh".into())),
    ]
    .into();
    let e = s.leave_message.submit(v, input(wrong)).await.unwrap_err();
    assert!(invalid(&e, "fields.city", "unknown_option"), "{e:?}");
    let good = [
        ("order_no".to_owned(), FieldValue::Text("SO-9".into())),
        ("city".to_owned(), FieldValue::Text("bj".into())),
    ]
    .into();
    let ticket = s.leave_message.submit(v, input(good)).await.unwrap();
    let detail = s.tickets.get(&env.admin, ticket.id).await.unwrap();
    assert_eq!(detail.fields["order_no"], FieldValue::Text("SO-9".into()));
    let customers = s
        .customers
        .list(&env.admin, &CustomerFilter::default())
        .await
        .unwrap();
    let c = s.customers.get(&env.admin, customers[0].id).await.unwrap();
    assert_eq!(c.fields["city"], FieldValue::Text("bj".into()));
}

#[tokio::test]
async fn a_conversation_from_an_app_is_labelled_with_its_channel_and_name() {
    let env = env().await;
    let s = &env.services;
    let (v, _) = visitor(&env).await;
    let from_app = domain::chat::StartInfo {
        app: Some("Acme iOS".into()),
        ..Default::default()
    };
    let m = s
        .conversations
        .visitor_send(v, None, "app-1", "hi from the app", &from_app)
        .await
        .unwrap();
    let c = status(&env, v, m.conversation_id).await;
    assert_eq!(
        (c.channel.as_str(), c.channel_name.as_deref()),
        ("app", Some("Acme iOS"))
    );
    let (_, web) = start(&env, "hi from the site").await;
    let w = s
        .conversations
        .get(&domain::chat::Party::Agent(env.admin.clone()), web)
        .await
        .unwrap();
    assert_eq!((w.channel.as_str(), w.channel_name), ("web", None));
}

#[tokio::test]
async fn a_second_person_signing_in_on_a_shared_browser_gets_a_visitor_of_their_own() {
    let env = env().await;
    let s = &env.services;
    let secret = identity_link(&env, IdentityMode::Signed, false).await;
    let ann = online_agent(&env, "ann@example.com", None).await;
    let a = sign(
        &secret,
        r#"{"external_id":"u-a","name":"A","exp":4102444800}"#,
    );
    let first = s.visitors.hello(hello(Some(a))).await.unwrap();
    let m = s
        .conversations
        .visitor_send(first.visitor_id, None, "a1", "I am A", &Default::default())
        .await
        .unwrap();
    s.conversations
        .end(
            &domain::chat::Party::Visitor(first.visitor_id),
            m.conversation_id,
        )
        .await
        .unwrap();
    let customer_a = s
        .customers
        .of_conversation(&ann, m.conversation_id)
        .await
        .unwrap();
    // B signs in on the same browser (the same visitor token).
    let b = sign(
        &secret,
        r#"{"external_id":"u-b","name":"B","exp":4102444800}"#,
    );
    let second = s
        .visitors
        .hello(VisitorHello {
            token: Some(first.token.clone()),
            ..hello(Some(b))
        })
        .await
        .unwrap();
    assert_ne!(
        second.visitor_id, first.visitor_id,
        "a visitor of their own"
    );
    assert!(second.conversation.is_none(), "B does not see A's chat");
    let still_a = s.customers.get(&ann, customer_a.id).await.unwrap();
    assert_eq!(still_a.external_id.as_deref(), Some("u-a"));
    assert_eq!(still_a.name.as_deref(), Some("A"));
    // Two verified people are not merged by hand either.
    let m = s
        .conversations
        .visitor_send(second.visitor_id, None, "b1", "I am B", &Default::default())
        .await
        .unwrap();
    let customer_b = s
        .customers
        .of_conversation(&ann, m.conversation_id)
        .await
        .unwrap();
    let e = s
        .customers
        .merge(&ann, customer_a.id, customer_b.id)
        .await
        .unwrap_err();
    assert!(invalid(&e, "into", "different_identity"), "{e:?}");
}

#[tokio::test]
async fn a_required_link_cannot_be_reached_around_the_hello() {
    let env = env().await;
    let s = &env.services;
    identity_link(&env, IdentityMode::Signed, true).await;
    // A hello for no link (no rules), then a first message on the default link.
    let session = s
        .visitors
        .hello(VisitorHello {
            link: Some("no-such-link".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let start = domain::chat::StartInfo {
        link: Some("default".into()),
        ..Default::default()
    };
    let e = s
        .conversations
        .visitor_send(session.visitor_id, None, "x1", "hi", &start)
        .await
        .unwrap_err();
    assert!(invalid(&e, "identity", "identity_required"), "{e:?}");
}

#[tokio::test]
async fn every_customer_change_is_announced_to_agents_by_id_only() {
    let env = env().await;
    let s = &env.services;
    let ann = online_agent(&env, "ann@example.com", None).await;
    let (_, conv) = start(&env, "hi").await;
    let c = s.customers.of_conversation(&ann, conv).await.unwrap();
    let vip = s.tags.save(&env.admin, None, tag("VIP")).await.unwrap();
    let mut agents = s.hub.subscribe(domain::hub::Topic::Agents);
    s.customers.set_tag(&ann, c.id, vip.id, true).await.unwrap();
    let event = agents.try_recv().expect("an event");
    assert_eq!(
        *event,
        model::chat::ServerEvent::CustomerChanged { customer_id: c.id }
    );
}
