//! The FAQ bot (P3) against a real database: the knowledge base and its
//! live index, a chat that starts with the bot, hand-off by keyword and
//! after misses in a row, ratings, figures, imports and who may do what.

use crate::common::{agent_with, env, online_agent, visitor, TestEnv};
use domain::chat::{Party, StartInfo};
use domain::Error;
use model::bot::{BotMode, BotReply, BotSettings, KbEntryInput, KbLang, KbQuery};
use model::chat::{ConversationStatus, Message, Sender, SystemLine};
use model::Permission;

fn entry(q: &str, similar: &[&str], a: &str) -> KbEntryInput {
    KbEntryInput {
        question: q.into(),
        similar: similar.iter().map(|s| s.to_string()).collect(),
        answer: a.into(),
        category: "售后".into(),
        lang: KbLang::Both,
        enabled: true,
    }
}

/// A knowledge base of three entries and the bot first on the web.
async fn with_bot(env: &TestEnv, failures: u8) -> Vec<i64> {
    let kb = &env.services.knowledge_base;
    let mut ids = vec![];
    for e in [
        entry(
            "怎么申请退款",
            &["退款流程是什么", "我想退货退款"],
            "在订单页点击“申请退款”，三个工作日内到账。",
        ),
        entry(
            "发票怎么开",
            &["如何开具发票", "能开增值税发票吗"],
            "在订单详情页申请电子发票。",
        ),
        entry(
            "How do I reset my password",
            &["forgot my password", "can't log in to my account"],
            "Use “Forgot password” on the sign-in page.",
        ),
    ] {
        ids.push(kb.save(&env.admin, None, e).await.expect("entry").id);
    }
    env.services
        .bot
        .set_settings(
            &env.admin,
            BotSettings {
                web: BotMode::First,
                failures_before_handoff: failures,
                ..BotSettings::default()
            },
        )
        .await
        .expect("settings");
    ids
}

async fn say(env: &TestEnv, v: i64, client_id: &str, text: &str) -> Message {
    env.services
        .conversations
        .visitor_send(v, None, client_id, text, &StartInfo::default())
        .await
        .expect("send")
}

async fn history(env: &TestEnv, v: i64, id: i64) -> Vec<Message> {
    env.services
        .conversations
        .history(&Party::Visitor(v), id, 0)
        .await
        .expect("history")
}

fn last_bot(messages: &[Message]) -> &Message {
    messages
        .iter()
        .rev()
        .find(|m| m.sender == Sender::Bot)
        .expect("a bot message")
}

#[tokio::test]
async fn the_bot_answers_a_paraphrase_suggests_when_unsure_and_hands_over_on_request() {
    let env = env().await;
    let agent = online_agent(&env, "bot-agent@example.com", None).await;
    let ids = with_bot(&env, 3).await;
    let (v, _) = visitor(&env).await;

    let first = say(&env, v, "q1", "退款要怎么申请呀").await;
    let conv = env
        .services
        .conversations
        .get(&Party::Visitor(v), first.conversation_id)
        .await
        .unwrap();
    assert_eq!(
        conv.status,
        ConversationStatus::Bot,
        "no agent while the bot answers"
    );
    assert_eq!(conv.agent_id, None);
    let h = history(&env, v, conv.id).await;
    assert!(matches!(
        h.iter().find(|m| m.sender == Sender::Bot).unwrap().bot,
        Some(BotReply::Greeting)
    ));
    let answer = last_bot(&h);
    assert!(answer.body.contains("三个工作日"), "{answer:?}");
    assert!(matches!(answer.bot, Some(BotReply::Answer { entry_id, .. }) if entry_id == ids[0]));

    // Something vague: suggestions, each a standard question to click…
    say(&env, v, "q2", "发票退款").await;
    let h = history(&env, v, conv.id).await;
    let Some(BotReply::Suggest { choices }) = &last_bot(&h).bot else {
        panic!("expected suggestions, got {:?}", last_bot(&h));
    };
    assert!(choices.len() >= 2, "{choices:?}");
    // …and clicking one (its question sent as written) answers it.
    let pick = choices
        .iter()
        .find(|c| c.entry_id == ids[1])
        .expect("the invoice entry");
    say(&env, v, "q3", &pick.question.clone()).await;
    let h = history(&env, v, conv.id).await;
    assert!(last_bot(&h).body.contains("电子发票"));

    // The visitor rates the answer.
    let seq = last_bot(&h).seq;
    env.services.bot.rate(v, conv.id, seq, true).await.unwrap();
    let h = history(&env, v, conv.id).await;
    assert!(matches!(
        last_bot(&h).bot,
        Some(BotReply::Answer {
            helpful: Some(true),
            ..
        })
    ));

    // "转人工" hands over through the normal assignment; the agent reads
    // everything the bot said.
    say(&env, v, "q4", "转人工").await;
    let conv = env
        .services
        .conversations
        .get(&Party::Visitor(v), conv.id)
        .await
        .unwrap();
    assert_eq!(conv.status, ConversationStatus::Active);
    assert_eq!(conv.agent_id, Some(agent.agent_id));
    let seen = env
        .services
        .conversations
        .history(&Party::Agent(agent.clone()), conv.id, 0)
        .await
        .unwrap();
    assert!(seen
        .iter()
        .any(|m| m.system == Some(SystemLine::HandedOffRequest)));
    assert!(seen.iter().filter(|m| m.sender == Sender::Bot).count() >= 4);
    // Messages now go to the agent, not the bot.
    let before = seen.len();
    say(&env, v, "q5", "你好，我要退款").await;
    let after = history(&env, v, conv.id).await;
    assert_eq!(
        after.len(),
        before + 1,
        "no bot reply once a person has the chat"
    );

    let figures = env.services.bot.figures(&env.admin, 7).await.unwrap();
    let today = figures.days.last().unwrap();
    assert_eq!(
        (
            today.handled,
            today.handed_off_request,
            today.answers_rated_helpful
        ),
        (1, 1, 1)
    );
}

#[tokio::test]
async fn after_misses_in_a_row_the_bot_hands_over_by_itself() {
    let env = env().await;
    online_agent(&env, "miss@example.com", None).await;
    with_bot(&env, 2).await;
    let (v, _) = visitor(&env).await;
    let m = say(&env, v, "m1", "量子纠缠的原理").await;
    let id = m.conversation_id;
    assert!(matches!(
        last_bot(&history(&env, v, id).await).bot,
        Some(BotReply::NotUnderstood)
    ));
    // An answer in between resets the count.
    say(&env, v, "m2", "forgot my password").await;
    say(&env, v, "m3", "🙂🙂🙂").await;
    let c = env
        .services
        .conversations
        .get(&Party::Visitor(v), id)
        .await
        .unwrap();
    assert_eq!(c.status, ConversationStatus::Bot);
    say(&env, v, "m4", "xyzzy plugh").await;
    let c = env
        .services
        .conversations
        .get(&Party::Visitor(v), id)
        .await
        .unwrap();
    assert_eq!(c.status, ConversationStatus::Active);
    let h = history(&env, v, id).await;
    assert!(h
        .iter()
        .any(|m| m.system == Some(SystemLine::HandedOffFailure)));
    // The questions it missed are listed for new entries.
    let figures = env.services.bot.figures(&env.admin, 1).await.unwrap();
    let missed: Vec<_> = figures
        .unanswered
        .iter()
        .map(|q| q.question.as_str())
        .collect();
    assert!(
        missed.contains(&"量子纠缠的原理") && missed.contains(&"xyzzy plugh"),
        "{missed:?}"
    );
    assert_eq!(figures.days[0].handed_off_failure, 1);
}

#[tokio::test]
async fn the_index_follows_every_edit_and_never_answers_with_a_disabled_entry() {
    let env = env().await;
    let ids = with_bot(&env, 0).await;
    let kb = &env.services.knowledge_base;
    let (v, _) = visitor(&env).await;
    let m = say(&env, v, "e1", "how can I reset my password").await;
    let id = m.conversation_id;
    assert!(last_bot(&history(&env, v, id).await)
        .body
        .contains("Forgot password"));

    let mut changed = entry(
        "How do I reset my password",
        &["forgot my password"],
        "Ask us by e-mail.",
    );
    changed.lang = KbLang::En;
    kb.save(&env.admin, Some(ids[2]), changed).await.unwrap();
    say(&env, v, "e2", "how can I reset my password").await;
    assert!(last_bot(&history(&env, v, id).await)
        .body
        .contains("e-mail"));

    assert_eq!(
        kb.set_enabled(&env.admin, &[ids[2]], false).await.unwrap(),
        1
    );
    say(&env, v, "e3", "how can I reset my password").await;
    let reply = last_bot(&history(&env, v, id).await).clone();
    assert!(
        !reply.body.contains("e-mail"),
        "a disabled entry answered: {reply:?}"
    );

    kb.delete(&env.admin, ids[0]).await.unwrap();
    say(&env, v, "e4", "怎么申请退款").await;
    assert!(!last_bot(&history(&env, v, id).await)
        .body
        .contains("三个工作日"));

    // The console's search ignores traditional / simplified differences.
    let other = env.services.knowledge_base.clone();
    let page = other
        .list(
            &env.admin,
            KbQuery {
                search: "發票".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(page.total, 1, "search normalises traditional characters");
}

#[tokio::test]
async fn entries_refuse_bad_input_and_duplicates_with_field_errors() {
    let env = env().await;
    let kb = &env.services.knowledge_base;
    kb.save(&env.admin, None, entry("怎么修改地址", &[], "a"))
        .await
        .unwrap();
    let dup = kb
        .save(&env.admin, None, entry("怎麼修改地址", &[], "b"))
        .await
        .unwrap_err();
    assert!(
        matches!(dup, Error::Invalid(ref e) if e[0].field == "question" && e[0].code == "duplicate"),
        "{dup:?}"
    );
    let empty = kb
        .save(&env.admin, None, entry("  ", &[], ""))
        .await
        .unwrap_err();
    assert!(matches!(empty, Error::Invalid(ref e) if e.len() == 2));
    let huge = kb
        .save(&env.admin, None, entry(&"问".repeat(10_000), &[], "a"))
        .await
        .unwrap_err();
    assert!(matches!(huge, Error::Invalid(ref e) if e[0].code == "too_long"));

    // A question of 5,000 characters, emoji only or binary-looking: the
    // bot says it did not understand, and the chat goes on.
    with_bot(&env, 0).await;
    let (v, _) = visitor(&env).await;
    for (i, text) in ["😀😀😀", "\u{1}\u{2}\u{fffd}\u{fffd}", &"字".repeat(5000)]
        .iter()
        .enumerate()
    {
        let m = say(&env, v, &format!("b{i}"), text).await;
        let h = history(&env, v, m.conversation_id).await;
        assert_eq!(last_bot(&h).seq, m.seq + 1, "answered: {text:.20}");
    }
}

#[tokio::test]
async fn an_import_stores_good_rows_reports_bad_ones_and_an_export_reads_back() {
    let env = env().await;
    let kb = &env.services.knowledge_base;
    let csv = "\u{feff}question,similar,answer,category,language,enabled\n\
        怎么改地址,修改收货地址|换地址,在订单页修改。,物流,zh-CN,yes\n\
        ,没有问题,答案,物流,zh,yes\n\
        Where is my parcel,track my order,See Orders → Track.,Shipping,en,yes\n\
        怎么改地址,重复,再来一次,物流,zh,yes\n\
        Bad lang,x,y,z,klingon,yes\n";
    let report = kb.import(&env.admin, csv.as_bytes()).await.unwrap();
    assert_eq!((report.created, report.updated), (2, 0));
    let rows: Vec<_> = report
        .errors
        .iter()
        .map(|e| (e.row, e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (3, "question", "required"),
            (5, "question", "duplicate"),
            (6, "language", "invalid")
        ]
    );

    let exported = kb.export(&env.admin).await.unwrap();
    assert!(exported.starts_with("\u{feff}".as_bytes()));
    // Importing the export again updates the same entries.
    let again = kb.import(&env.admin, &exported).await.unwrap();
    assert_eq!(
        (again.created, again.updated, again.errors.len()),
        (0, 2, 0)
    );
    let wrong = kb
        .import(&env.admin, b"name,email\nx,y\n")
        .await
        .unwrap_err();
    assert!(matches!(wrong, Error::Invalid(ref e) if e[0].field == "file"));
}

#[tokio::test]
async fn only_who_may_manage_the_bot_reads_or_changes_it() {
    let env = env().await;
    let plain = agent_with(&env, "plain@example.com", &[]).await;
    let keeper = agent_with(&env, "keeper@example.com", &[Permission::ManageBot]).await;
    let kb = &env.services.knowledge_base;
    assert!(matches!(
        kb.list(&plain, KbQuery::default()).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        kb.save(&plain, None, entry("q", &[], "a")).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(kb.export(&plain).await, Err(Error::Forbidden)));
    assert!(matches!(
        env.services.bot.settings(&plain).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        env.services.bot.figures(&plain, 7).await,
        Err(Error::Forbidden)
    ));
    let e = kb.save(&keeper, None, entry("q?", &[], "a")).await.unwrap();
    assert_eq!(
        kb.list(&keeper, KbQuery::default()).await.unwrap().entries[0].id,
        e.id
    );

    // A visitor rates and hands off only their own chat.
    with_bot(&env, 0).await;
    let (v, _) = visitor(&env).await;
    let m = say(&env, v, "x1", "forgot my password").await;
    let (other, _) = visitor(&env).await;
    let seq = last_bot(&history(&env, v, m.conversation_id).await).seq;
    assert!(matches!(
        env.services
            .bot
            .rate(other, m.conversation_id, seq, true)
            .await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        env.services.bot.hand_off(other, m.conversation_id).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn without_entries_or_with_the_bot_off_chats_go_straight_to_people() {
    let env = env().await;
    let agent = online_agent(&env, "direct@example.com", None).await;
    env.services
        .bot
        .set_settings(
            &env.admin,
            BotSettings {
                web: BotMode::First,
                ..BotSettings::default()
            },
        )
        .await
        .unwrap();
    let (v, _) = visitor(&env).await;
    let m = say(&env, v, "d1", "hello").await;
    let c = env
        .services
        .conversations
        .get(&Party::Visitor(v), m.conversation_id)
        .await
        .unwrap();
    assert_eq!(
        (c.status, c.agent_id),
        (ConversationStatus::Active, Some(agent.agent_id))
    );
}

#[tokio::test]
async fn a_group_or_a_link_can_start_its_chats_with_the_bot_while_the_channel_does_not() {
    let env = env().await;
    let agent = online_agent(&env, "group-bot@example.com", None).await;
    with_bot(&env, 0).await;
    // The web channel goes straight to people…
    env.services
        .bot
        .set_settings(&env.admin, BotSettings::default())
        .await
        .unwrap();
    let s = &env.services;
    let g = s
        .groups
        .create(
            &env.admin,
            model::people::GroupInput {
                name: "Bot first".into(),
                member_ids: vec![agent.agent_id],
                bot_mode: Some(BotMode::First),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(g.bot_mode, Some(BotMode::First));
    let link = |slug: &str, bot_mode| model::chat::ChatLinkInput {
        name: slug.into(),
        slug: slug.into(),
        group_id: Some(g.id),
        bot_mode,
        ..Default::default()
    };
    let via_group = s
        .links
        .save_link(&env.admin, None, link("via-group", None))
        .await
        .unwrap();
    let off = s
        .links
        .save_link(&env.admin, None, link("link-off", Some(BotMode::Off)))
        .await
        .unwrap();
    // …but this group's chats start with the bot, unless the link says no.
    assert_eq!(
        status_via(&env, via_group.slug).await,
        ConversationStatus::Bot
    );
    assert_eq!(status_via(&env, off.slug).await, ConversationStatus::Active);
}

/// A new visitor's first question through the link `slug`: the status
/// their chat starts in.
async fn status_via(env: &TestEnv, slug: String) -> ConversationStatus {
    let (v, _) = visitor(env).await;
    let info = StartInfo {
        link: Some(slug),
        ..Default::default()
    };
    let m = env
        .services
        .conversations
        .visitor_send(v, None, "g1", "forgot my password", &info)
        .await
        .unwrap();
    env.services
        .conversations
        .get(&Party::Visitor(v), m.conversation_id)
        .await
        .unwrap()
        .status
}
