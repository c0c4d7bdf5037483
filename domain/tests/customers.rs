//! Customer records (A1, W3) against a real database: made for a visitor on
//! first sight, read only by agents who served them, edited with field
//! errors, merged without losing a visitor, conversation or value.

use crate::common::*;
use domain::Error;
use model::customers::CustomerInput;
use model::fields::{FieldDefInput, FieldEntity, FieldKind, FieldOption, FieldValue};
use model::Permission;

async fn level_field(env: &TestEnv) {
    env.services
        .fields
        .create(
            &env.admin,
            FieldDefInput {
                entity: FieldEntity::Customer,
                key: "level".into(),
                label: "Level".into(),
                kind: FieldKind::SingleSelect,
                required: false,
                options: ["gold", "silver"]
                    .map(|k| FieldOption {
                        key: k.into(),
                        label: k.into(),
                    })
                    .to_vec(),
            },
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_conversations_customer_is_made_once_and_read_only_by_who_served_them() {
    let env = env().await;
    let s = &env.services;
    let ann = online_agent(&env, "ann@example.com", None).await;
    let (_, conv) = start(&env, "hello").await;
    let first = s.customers.of_conversation(&ann, conv).await.unwrap();
    let again = s.customers.of_conversation(&ann, conv).await.unwrap();
    assert_eq!(first.id, again.id);
    assert_eq!(first.visitors, 1);

    let bo = online_agent(&env, "bo@example.com", None).await;
    assert!(matches!(
        s.customers.of_conversation(&bo, conv).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        s.customers.get(&bo, first.id).await,
        Err(Error::NotFound)
    ));
    let boss = agent_with(&env, "boss@example.com", &[Permission::ViewAllTranscripts]).await;
    assert_eq!(s.customers.get(&boss, first.id).await.unwrap().id, first.id);
}

#[tokio::test]
async fn agents_edit_details_and_fields_with_field_errors() {
    let env = env().await;
    let s = &env.services;
    level_field(&env).await;
    let ann = online_agent(&env, "ann@example.com", None).await;
    let (_, conv) = start(&env, "hello").await;
    let c = s.customers.of_conversation(&ann, conv).await.unwrap();
    let edit = CustomerInput {
        name: Some("Li Wei".into()),
        email: Some("Li@Example.com".into()),
        fields: [("level".to_owned(), FieldValue::Text("gold".into()))].into(),
        ..Default::default()
    };
    let saved = s.customers.update(&ann, c.id, edit).await.unwrap();
    assert_eq!(saved.name.as_deref(), Some("Li Wei"));
    assert_eq!(saved.email.as_deref(), Some("li@example.com"));
    assert_eq!(saved.fields["level"], FieldValue::Text("gold".into()));

    let bad = CustomerInput {
        name: Some("Changed".into()),
        fields: [("level".to_owned(), FieldValue::Text("tin".into()))].into(),
        ..Default::default()
    };
    let err = s.customers.update(&ann, c.id, bad).await.unwrap_err();
    assert!(
        matches!(&err, Error::Invalid(f) if f[0].field == "fields.level" && f[0].code == "unknown_option"),
        "{err:?}"
    );
    let bad_email = CustomerInput {
        email: Some("nope".into()),
        ..Default::default()
    };
    assert!(matches!(
        s.customers.update(&ann, c.id, bad_email).await,
        Err(Error::Invalid(_))
    ));
    let unchanged = s.customers.get(&ann, c.id).await.unwrap();
    assert_eq!(unchanged, saved, "nothing changed");
}

#[tokio::test]
async fn merging_two_customers_keeps_every_visitor_and_value() {
    let env = env().await;
    let s = &env.services;
    level_field(&env).await;
    let ann = online_agent(&env, "ann@example.com", None).await;
    let (_, first_conv) = start(&env, "from my phone").await;
    let (_, second_conv) = start(&env, "from my laptop").await;
    let a = s.customers.of_conversation(&ann, first_conv).await.unwrap();
    let b = s
        .customers
        .of_conversation(&ann, second_conv)
        .await
        .unwrap();
    assert_ne!(a.id, b.id);
    let with_level = CustomerInput {
        phone: Some("+86 10 1234".into()),
        fields: [("level".to_owned(), FieldValue::Text("silver".into()))].into(),
        ..Default::default()
    };
    s.customers.update(&ann, a.id, with_level).await.unwrap();

    let merged = s.customers.merge(&ann, a.id, b.id).await.unwrap();
    assert_eq!(merged.id, b.id);
    assert_eq!(merged.visitors, 2);
    assert_eq!(merged.phone.as_deref(), Some("+86 10 1234"));
    assert_eq!(merged.fields["level"], FieldValue::Text("silver".into()));
    assert!(matches!(
        s.customers.get(&ann, a.id).await,
        Err(Error::NotFound)
    ));
    // Both conversations now lead to the one customer.
    assert_eq!(
        s.customers
            .of_conversation(&ann, first_conv)
            .await
            .unwrap()
            .id,
        b.id
    );
    assert_eq!(
        s.customers
            .of_conversation(&ann, second_conv)
            .await
            .unwrap()
            .id,
        b.id
    );
    assert!(matches!(
        s.customers.merge(&ann, b.id, b.id).await,
        Err(Error::Invalid(_))
    ));
}
