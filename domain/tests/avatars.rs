//! Agent avatars uploaded as images (O2): who may set one, what is taken,
//! what the public route serves, and that agents' messages carry it.

use crate::common;
use crate::common::{agent_with, online_agent, PNG};
use domain::chat::{Party, StartInfo, Upload};
use domain::Error;
use model::people::{AgentInput, AVATAR_MAX_BYTES, AVATAR_PATH};
use model::Permission;

fn code(err: Error) -> String {
    match err {
        Error::Invalid(f) => f[0].code.clone(),
        other => panic!("expected a field error, got {other:?}"),
    }
}

fn key_of(url: &Option<String>) -> String {
    url.as_deref()
        .and_then(|u| u.strip_prefix(AVATAR_PATH))
        .expect("an uploaded avatar")
        .to_owned()
}

#[tokio::test]
async fn an_agent_sets_their_own_avatar_and_it_is_served_publicly() {
    let env = common::env().await;
    let me = online_agent(&env, "face@example.com", None).await;
    let agents = &env.services.agents;
    let first = agents
        .set_avatar(&me, me.agent_id, "me.png", PNG)
        .await
        .unwrap();
    let key = key_of(&first.avatar_url);
    let image = agents.avatar(&key).await.unwrap();
    assert_eq!(image.content_type, "image/png");
    assert_eq!(image.bytes, PNG);

    // A new upload gets a new key; the old image is gone.
    let second = agents
        .set_avatar(&me, me.agent_id, "again.png", PNG)
        .await
        .unwrap();
    let new_key = key_of(&second.avatar_url);
    assert_ne!(new_key, key);
    assert!(matches!(agents.avatar(&key).await, Err(Error::NotFound)));
    assert!(agents.avatar(&new_key).await.is_ok());

    // Removing it leaves the agent with no avatar at all.
    let removed = agents.remove_avatar(&me, me.agent_id).await.unwrap();
    assert_eq!(removed.avatar_url, None);
    assert!(matches!(
        agents.avatar(&new_key).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn only_images_of_bounded_size_are_taken() {
    let env = common::env().await;
    let me = online_agent(&env, "face@example.com", None).await;
    let agents = &env.services.agents;
    let pdf = agents.set_avatar(&me, me.agent_id, "a.png", b"%PDF-1.4 not a picture");
    assert_eq!(code(pdf.await.unwrap_err()), "not_an_image");
    let svg = agents.set_avatar(&me, me.agent_id, "a.svg", b"<svg onload=alert(1)>");
    assert_eq!(code(svg.await.unwrap_err()), "not_an_image");
    let mut big = PNG.to_vec();
    big.resize(AVATAR_MAX_BYTES + 1, 0);
    let big = agents.set_avatar(&me, me.agent_id, "big.png", &big);
    assert_eq!(code(big.await.unwrap_err()), "file_too_large");
    assert_eq!(
        code(
            agents
                .set_avatar(&me, me.agent_id, "e.png", b"")
                .await
                .unwrap_err()
        ),
        "file_empty"
    );
    let after = agents.get(&me, me.agent_id).await.unwrap();
    assert_eq!(after.avatar_url, None, "nothing was stored");
}

#[tokio::test]
async fn another_agents_avatar_takes_managing_people() {
    let env = common::env().await;
    let agents = &env.services.agents;
    let plain = online_agent(&env, "plain@example.com", None).await;
    // In a role that grants nothing: a manager of people holds all it has.
    let other = agent_with(&env, "other@example.com", &[]).await;
    let refused = agents
        .set_avatar(&plain, other.agent_id, "x.png", PNG)
        .await;
    assert!(matches!(refused, Err(Error::Forbidden)));
    assert!(matches!(
        agents.remove_avatar(&plain, other.agent_id).await,
        Err(Error::Forbidden)
    ));
    // A manager of people sets it; a manager may not touch an admin's.
    let manager = agent_with(&env, "hr@example.com", &[Permission::ManagePeople]).await;
    let set = agents
        .set_avatar(&manager, other.agent_id, "x.png", PNG)
        .await
        .unwrap();
    assert!(set.avatar_url.is_some());
    let admin_id = env.admin.agent_id;
    assert!(matches!(
        agents.set_avatar(&manager, admin_id, "x.png", PNG).await,
        Err(Error::Forbidden)
    ));
}

#[tokio::test]
async fn a_conversation_file_is_not_served_as_an_avatar() {
    let env = common::env().await;
    let (v, _) = common::visitor(&env).await;
    let upload = Upload {
        conversation_id: None,
        client_id: "photo",
        name: "p.png",
        bytes: PNG,
    };
    let message = env
        .services
        .uploads
        .send_file(&Party::Visitor(v), upload, &StartInfo::default())
        .await
        .unwrap();
    let key = message.attachment.unwrap().key;
    assert!(matches!(
        env.services.agents.avatar(&key).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        env.services.agents.avatar("../../etc/passwd").await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn saving_the_agent_form_keeps_or_replaces_the_upload() {
    let env = common::env().await;
    let agents = &env.services.agents;
    let me = online_agent(&env, "form@example.com", None).await;
    let uploaded = agents
        .set_avatar(&env.admin, me.agent_id, "me.png", PNG)
        .await
        .unwrap();
    let input = |avatar_url: Option<String>| AgentInput {
        email: uploaded.email.clone(),
        name: "Renamed".into(),
        display_name: uploaded.display_name.clone(),
        avatar_url,
        role_id: uploaded.role_id,
        group_ids: uploaded.group_ids.clone(),
        max_chats: uploaded.max_chats,
        password: None,
    };
    // The form sends back what it showed: the upload stays.
    let kept = agents
        .update(&env.admin, me.agent_id, input(uploaded.avatar_url.clone()))
        .await
        .unwrap();
    assert_eq!(kept.avatar_url, uploaded.avatar_url);
    assert_eq!(kept.name, "Renamed");
    // An address instead replaces it, and the image is no longer served.
    let url = Some("https://cdn.example.com/me.jpg".to_owned());
    let replaced = agents
        .update(&env.admin, me.agent_id, input(url.clone()))
        .await
        .unwrap();
    assert_eq!(replaced.avatar_url, url);
    let old = key_of(&uploaded.avatar_url);
    assert!(matches!(agents.avatar(&old).await, Err(Error::NotFound)));
}

#[tokio::test]
async fn agents_messages_carry_their_avatar() {
    let env = common::env().await;
    let agent = online_agent(&env, "talker@example.com", None).await;
    let face = env
        .services
        .agents
        .set_avatar(&agent, agent.agent_id, "me.png", PNG)
        .await
        .unwrap();
    let (v, conversation) = common::start(&env, "hello").await;
    let reply = env
        .services
        .conversations
        .agent_send(&agent, conversation, "reply-1", "Hi, how can I help?")
        .await
        .unwrap();
    assert_eq!(reply.agent_avatar, face.avatar_url);
    let history = env
        .services
        .conversations
        .history(&Party::Visitor(v), conversation, 0)
        .await
        .unwrap();
    let theirs = history.iter().find(|m| m.client_id == "reply-1").unwrap();
    assert_eq!(theirs.agent_avatar, face.avatar_url);
    assert_eq!(
        theirs.agent_name.as_deref(),
        Some(face.display_name.as_str())
    );
}
