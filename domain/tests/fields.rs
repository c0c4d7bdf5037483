//! Custom fields (A1, A4, ticket fields) against a real database: admins
//! define them, values are checked and stored as typed rows, a retired
//! field keeps its values, and merging records moves them.

use crate::common::*;
use domain::customers::values;
use domain::Error;
use model::fields::{FieldDefInput, FieldEntity, FieldKind, FieldOption, FieldValue, FieldValues};
use model::Permission;

fn def(key: &str, kind: FieldKind, required: bool) -> FieldDefInput {
    FieldDefInput {
        entity: FieldEntity::Customer,
        key: key.into(),
        label: key.to_uppercase(),
        kind,
        required,
        options: ["gold", "silver"]
            .map(|k| FieldOption {
                key: k.into(),
                label: k.into(),
            })
            .to_vec(),
    }
}

fn codes(err: Error) -> Vec<(String, String)> {
    match err {
        Error::Invalid(f) => f.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn vals(pairs: &[(&str, FieldValue)]) -> FieldValues {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

#[tokio::test]
async fn admins_define_fields_and_agents_only_read_them() {
    let env = env().await;
    let s = &env.services;
    let level = s
        .fields
        .create(&env.admin, def("level", FieldKind::SingleSelect, false))
        .await
        .unwrap();
    s.fields
        .create(&env.admin, def("since", FieldKind::Date, false))
        .await
        .unwrap();
    let dup = s
        .fields
        .create(&env.admin, def("level", FieldKind::Text, false))
        .await
        .unwrap_err();
    assert_eq!(codes(dup), vec![("key".into(), "duplicate".into())]);
    let kind = s
        .fields
        .update(
            &env.admin,
            level.id,
            def("level", FieldKind::MultiSelect, false),
        )
        .await
        .unwrap_err();
    assert_eq!(codes(kind), vec![("kind".into(), "fixed".into())]);

    let agent = online_agent(&env, "ann@example.com", None).await;
    let listed = s.fields.list(&agent, FieldEntity::Customer).await.unwrap();
    assert_eq!(
        listed.iter().map(|d| d.key.as_str()).collect::<Vec<_>>(),
        vec!["level", "since"]
    );
    assert!(matches!(
        s.fields
            .create(&agent, def("x", FieldKind::Text, false))
            .await,
        Err(Error::Forbidden)
    ));
    let data = agent_with(&env, "data@example.com", &[Permission::ManageCustomerData]).await;
    s.fields
        .create(&data, def("notes", FieldKind::LongText, false))
        .await
        .unwrap();
    let reordered = s
        .fields
        .reorder(
            &data,
            FieldEntity::Customer,
            &[listed[1].id, listed[0].id, listed[0].id + 2],
        )
        .await
        .unwrap();
    assert_eq!(reordered[0].key, "since");
    assert!(s
        .fields
        .list(&agent, FieldEntity::Company)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn values_are_checked_stored_typed_and_read_back() {
    let env = env().await;
    let s = &env.services;
    for (key, kind, required) in [
        ("level", FieldKind::SingleSelect, true),
        ("tags", FieldKind::MultiSelect, false),
        ("since", FieldKind::Date, false),
        ("spend", FieldKind::Number, false),
        ("vip", FieldKind::Checkbox, false),
        ("notes", FieldKind::LongText, false),
    ] {
        s.fields
            .create(&env.admin, def(key, kind, required))
            .await
            .unwrap();
    }
    let db = &s.db;
    let given = vals(&[
        ("level", FieldValue::Text("gold".into())),
        (
            "tags",
            FieldValue::List(vec!["silver".into(), "gold".into()]),
        ),
        ("since", FieldValue::Text("2026-12-01".into())),
        ("spend", FieldValue::Text("12.5".into())),
        ("vip", FieldValue::Flag(true)),
        ("notes", FieldValue::Text("长".repeat(3000))),
    ]);
    values::save(db, FieldEntity::Customer, 7, &given, true)
        .await
        .unwrap();
    let back = values::load(db, FieldEntity::Customer, 7).await.unwrap();
    assert_eq!(
        back["tags"],
        FieldValue::List(vec!["gold".into(), "silver".into()])
    );
    assert_eq!(back["spend"], FieldValue::Number(12.5));
    assert_eq!(back["since"], FieldValue::Text("2026-12-01".into()));
    assert_eq!(back["vip"], FieldValue::Flag(true));
    assert_eq!(back.len(), 6);

    // Bad values are field errors, all at once, and nothing changes.
    let bad = vals(&[
        ("level", FieldValue::Text("platinum".into())),
        ("since", FieldValue::Text("yesterday".into())),
        ("nope", FieldValue::Text("x".into())),
    ]);
    let err = values::save(db, FieldEntity::Customer, 7, &bad, false)
        .await
        .unwrap_err();
    assert_eq!(
        codes(err),
        vec![
            ("fields.nope".into(), "unknown_field".into()),
            ("fields.level".into(), "unknown_option".into()),
            ("fields.since".into(), "invalid_date".into()),
        ]
    );
    assert_eq!(
        values::load(db, FieldEntity::Customer, 7).await.unwrap(),
        back
    );
    // A new record must give the required ones; an edit need not.
    let missing = values::save(db, FieldEntity::Customer, 8, &vals(&[]), true)
        .await
        .unwrap_err();
    assert_eq!(
        codes(missing),
        vec![("fields.level".into(), "required".into())]
    );
    values::save(
        db,
        FieldEntity::Customer,
        7,
        &vals(&[("vip", FieldValue::Flag(false))]),
        false,
    )
    .await
    .unwrap();
    assert_eq!(
        values::load(db, FieldEntity::Customer, 7).await.unwrap()["level"],
        FieldValue::Text("gold".into())
    );
}

#[tokio::test]
async fn a_retired_field_keeps_its_values_and_merging_moves_them() {
    let env = env().await;
    let s = &env.services;
    let old = s
        .fields
        .create(&env.admin, def("old_id", FieldKind::Text, false))
        .await
        .unwrap();
    s.fields
        .create(&env.admin, def("level", FieldKind::SingleSelect, false))
        .await
        .unwrap();
    let db = &s.db;
    values::save(
        db,
        FieldEntity::Customer,
        1,
        &vals(&[("old_id", FieldValue::Text("A-1".into()))]),
        false,
    )
    .await
    .unwrap();
    let retired = s
        .fields
        .set_retired(&env.admin, old.id, true)
        .await
        .unwrap();
    assert!(retired.retired);
    assert_eq!(
        values::load(db, FieldEntity::Customer, 1).await.unwrap()["old_id"],
        FieldValue::Text("A-1".into())
    );
    let refused = values::save(
        db,
        FieldEntity::Customer,
        1,
        &vals(&[("old_id", FieldValue::Text("B".into()))]),
        false,
    )
    .await
    .unwrap_err();
    assert_eq!(
        codes(refused),
        vec![("fields.old_id".into(), "unknown_field".into())]
    );

    // Merging record 1 into 2: 2 keeps its own level, gains 1's old id.
    values::save(
        db,
        FieldEntity::Customer,
        1,
        &vals(&[("level", FieldValue::Text("silver".into()))]),
        false,
    )
    .await
    .unwrap();
    values::save(
        db,
        FieldEntity::Customer,
        2,
        &vals(&[("level", FieldValue::Text("gold".into()))]),
        false,
    )
    .await
    .unwrap();
    values::merge(db, FieldEntity::Customer, 1, 2)
        .await
        .unwrap();
    let merged = values::load(db, FieldEntity::Customer, 2).await.unwrap();
    assert_eq!(merged["level"], FieldValue::Text("gold".into()));
    assert_eq!(merged["old_id"], FieldValue::Text("A-1".into()));
    assert!(values::load(db, FieldEntity::Customer, 1)
        .await
        .unwrap()
        .is_empty());

    let log = s
        .audit
        .list(
            &env.admin,
            &model::audit::AuditFilter {
                kind: Some(model::audit::AuditKind::Field),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(log.events.len(), 3, "two created, one retired");
}
