//! The satisfaction survey (R5).

use crate::common;
use crate::common::*;
use domain::chat::{Party, StartInfo};
use domain::Error;
use model::automation::{RatingInput, SurveySettings};

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
