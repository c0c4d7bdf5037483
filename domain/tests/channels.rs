//! Platform channels in the domain (C4, C5): Weibo's documented signature
//! vector through the callback service, with the clock at the vector's
//! time; accounts and their secrets as the console sees them.

use chrono::TimeZone;
use domain::channels::wechat::CallbackQuery;
use domain::test_support::env;
use model::channels::{ChannelAccountInput, ChannelKind};

fn weibo() -> ChannelAccountInput {
    ChannelAccountInput {
        kind: Some(ChannelKind::Weibo),
        name: "Weibo".into(),
        enabled: true,
        app_id: "12345".into(),
        secret: "xyz123xyz".into(),
        access_token: "token".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn weibo_verification_accepts_the_documented_vector() {
    let env = env().await;
    let account = env
        .services
        .channel_accounts
        .save(&env.admin, None, weibo())
        .await
        .unwrap();
    let key = account.callback_path.rsplit('/').next().unwrap().to_owned();
    let then = chrono::Utc.timestamp_opt(1_397_022_061, 0).unwrap();
    env.clock.advance(then - env.clock_now());
    let q = CallbackQuery {
        signature: Some("90e4c22c90a58f26526c2dd5b6c56c8822edeaa1".into()),
        timestamp: Some("1397022061823".into()),
        nonce: Some("57155157".into()),
        echostr: Some("echo".into()),
        ..Default::default()
    };
    assert_eq!(env.services.weibo.verify(&key, &q).await.unwrap(), "echo");
    let wrong = CallbackQuery {
        nonce: Some("57155158".into()),
        ..q
    };
    assert!(matches!(
        env.services.weibo.verify(&key, &wrong).await,
        Err(domain::Error::Forbidden)
    ));
}

#[tokio::test]
async fn secrets_are_write_only_and_kept_when_left_empty() {
    let env = env().await;
    let made = env
        .services
        .channel_accounts
        .save(&env.admin, None, weibo())
        .await
        .unwrap();
    assert!(made.secret_set && made.access_token_set);
    let json = serde_json::to_string(&made).unwrap();
    assert!(!json.contains("xyz123xyz") && !json.contains("\"token\""));
    let kept = env
        .services
        .channel_accounts
        .save(
            &env.admin,
            Some(made.id),
            ChannelAccountInput {
                name: "Renamed".into(),
                secret: String::new(),
                access_token: String::new(),
                ..weibo()
            },
        )
        .await
        .unwrap();
    assert_eq!(kept.name, "Renamed");
    assert!(kept.secret_set && kept.access_token_set);
    // Someone without "manage channels" sees nothing.
    let agent = domain::test_support::agent_with(&env, "plain@example.com", &[]).await;
    assert!(matches!(
        env.services.channel_accounts.list(&agent, None).await,
        Err(domain::Error::Forbidden)
    ));
}
