//! What every row of the matrix is called with: a visitor with a
//! conversation (assigned to the admin, who is online) and a file in it,
//! another visitor, an agent whose role grants nothing, the admin, a ticket
//! only the admin may see; and a snapshot of every table.

use model::people::AgentInput;
use sea_orm::{ConnectionTrait, Statement};

use crate::common::{self, hello, send_text, TestServer};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Anonymous,
    Visitor,
    OtherVisitor,
    AgentWithout,
    /// An agent whose role grants exactly this permission.
    With(model::access::Permission),
    Admin,
}

use Who::*;

pub const EVERYONE: &[Who] = &[Anonymous, Visitor, OtherVisitor, AgentWithout, Admin];

pub struct Fixture {
    pub visitor: String,
    pub other_visitor: String,
    pub agent_without: String,
    pub admin: String,
    pub conversation: i64,
    pub file_key: String,
    /// The key of the admin's uploaded avatar.
    pub avatar_key: String,
    /// A routing rule and a region set, made to be deleted.
    pub spare_rule: i32,
    pub spare_region_set: i32,
    /// A browser on the host site, kept online for the whole run.
    pub site_visitor: String,
    pub hidden_ticket: i64,
    pub agent_without_id: i32,
    pub admin_id: i32,
    /// Made to be deleted by the rows that delete.
    pub spare_group: i32,
    pub spare_role: i32,
    pub spare_link: i32,
    pub admin_token_id: i32,
    /// The customer of the visitor's conversation, and a custom field.
    pub customer: i64,
    pub spare_field: i32,
    /// A tag (and one to delete), a company, a record template, and the
    /// admin's own canned reply (to delete).
    pub tag: i32,
    pub spare_tag: i32,
    pub company: i64,
    pub template: i32,
    pub spare_canned: i32,
    /// A knowledge-base entry, made to be deleted.
    pub spare_kb_entry: i64,
    pub spare_mask_rule: i32,
    /// A WeChat account (and one to delete) with a keyword reply and a
    /// news message to delete.
    pub wechat_account: i32,
    pub spare_account: i32,
    pub spare_reply: i32,
    pub spare_news: i32,
    /// A QA scorecard, and the admin's review of a conversation another
    /// agent (none of the callers) answered.
    pub scorecard: i32,
    pub review: i64,
    /// A ready report export of the admin's.
    pub export: i64,
    /// Per permission: an agent whose role grants only it (API token, email).
    pub single: Vec<(model::access::Permission, String, String)>,
}

pub const WITHOUT_LOGIN: (&str, &str) = ("nothing@matrix.test", "nothing-password");

pub async fn fixture(s: &TestServer) -> Fixture {
    let services = &s.services;
    let admin = common::admin_actor(s).await;
    // The admin is online, so the visitor's chat is theirs: the admin acts
    // in it as its agent, the agent without permissions may not.
    services
        .agents
        .set_status(&admin, model::people::AgentStatus::Online)
        .await
        .unwrap();
    let visitor = hello(s).await;
    let other = hello(s).await;
    let first = send_text(s, &visitor.token, "first", "I need help").await;
    let upload = reqwest::multipart::Form::new()
        .text("client_id", "photo-1")
        .text("conversation_id", first.conversation_id.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"%PDF-1.4 matrix".to_vec()).file_name("a.pdf"),
        );
    let uploaded: model::chat::Message = common::client()
        .post(format!("{}/api/v1/uploads", s.base))
        .bearer_auth(&visitor.token)
        .multipart(upload)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // A role that grants nothing, and an agent in it.
    let role = services
        .roles
        .create(
            &admin,
            model::people::RoleInput {
                name: "Nothing".into(),
                permissions: vec![],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let input = AgentInput {
        email: WITHOUT_LOGIN.0.into(),
        name: "Nobody".into(),
        role_id: role.id,
        password: Some(WITHOUT_LOGIN.1.into()),
        ..Default::default()
    };
    let without = domain::test_support::new_agent(services, &admin, input, false)
        .await
        .unwrap();
    let hidden = services
        .tickets
        .create(
            &admin,
            model::tickets::TicketInput {
                subject: "The admin's own".into(),
                assignee_id: Some(admin.agent_id),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let spare_group = services
        .groups
        .create(
            &admin,
            model::people::GroupInput {
                name: "Spare".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    let spare_role = services
        .roles
        .create(
            &admin,
            model::people::RoleInput {
                name: "Spare".into(),
                permissions: vec![],
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    let spare_link = services
        .links
        .save_link(
            &admin,
            None,
            model::chat::ChatLinkInput {
                name: "Spare".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    let mut single = vec![];
    for p in model::access::Permission::ALL {
        let role = services
            .roles
            .create(
                &admin,
                model::people::RoleInput {
                    name: format!("Only {p:?}"),
                    permissions: vec![p],
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let email = format!("only-{p:?}@matrix.test").to_lowercase();
        let input = AgentInput {
            email: email.clone(),
            name: format!("Only {p:?}"),
            role_id: role.id,
            password: Some(WITHOUT_LOGIN.1.into()),
            ..Default::default()
        };
        let agent = domain::test_support::new_agent(services, &admin, input, false)
            .await
            .unwrap();
        let token = services.api_tokens.create(&agent, "matrix").await.unwrap();
        single.push((p, token.secret, email));
    }
    let admin_token = services.api_tokens.create(&admin, "matrix").await.unwrap();
    let customer = services
        .customers
        .of_conversation(&admin, first.conversation_id)
        .await
        .unwrap()
        .id;
    let spare_field = services
        .fields
        .create(
            &admin,
            model::fields::FieldDefInput {
                entity: model::fields::FieldEntity::Customer,
                key: "spare".into(),
                label: "Spare".into(),
                kind: model::fields::FieldKind::Text,
                required: false,
                options: vec![],
            },
        )
        .await
        .unwrap()
        .id;
    let tag = |name: &str| model::customers::TagInput {
        name: name.into(),
        color: "#123456".into(),
    };
    let matrix_tag = services
        .tags
        .save(&admin, None, tag("Matrix"))
        .await
        .unwrap()
        .id;
    let spare_tag = services
        .tags
        .save(&admin, None, tag("Spare"))
        .await
        .unwrap()
        .id;
    let company = services
        .companies
        .create(
            &admin,
            model::customers::CompanyInput {
                name: "Matrix Inc".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    let template = services
        .record_templates
        .save(
            &admin,
            None,
            model::records::RecordTemplateInput {
                name: "Matrix record".into(),
                fields: vec![
                    services
                        .fields
                        .create(
                            &admin,
                            model::fields::FieldDefInput {
                                entity: model::fields::FieldEntity::Record,
                                key: "note".into(),
                                label: "Note".into(),
                                kind: model::fields::FieldKind::Text,
                                required: false,
                                options: vec![],
                            },
                        )
                        .await
                        .unwrap()
                        .id,
                ],
            },
        )
        .await
        .unwrap()
        .id;
    let spare_canned = services
        .canned
        .save(
            &admin,
            None,
            model::canned::CannedReplyInput {
                shared: false,
                title: "Mine".into(),
                body: "Hello".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    let spare_kb_entry = services
        .knowledge_base
        .save(
            &admin,
            None,
            model::bot::KbEntryInput {
                question: "Matrix question?".into(),
                answer: "Matrix answer.".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    let spare_mask_rule = services
        .masking
        .save_rule(
            &admin,
            None,
            model::masking::MaskRuleInput {
                name: "Matrix cards".into(),
                enabled: true,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    let wechat = |name: &str| model::channels::ChannelAccountInput {
        kind: Some(model::channels::ChannelKind::Wechat),
        name: name.into(),
        enabled: true,
        app_id: "wx0123456789abcdef".into(),
        secret: "matrix-secret".into(),
        token: "matrixtoken".into(),
        mode: model::channels::WechatMode::Plaintext,
        ..Default::default()
    };
    let wechat_account = services
        .channel_accounts
        .save(&admin, None, wechat("Matrix account"))
        .await
        .unwrap()
        .id;
    let spare_account = services
        .channel_accounts
        .save(&admin, None, wechat("Spare account"))
        .await
        .unwrap()
        .id;
    let spare_reply = services
        .wechat_content
        .save_keyword_reply(
            &admin,
            wechat_account,
            None,
            model::channels::KeywordReplyInput {
                keyword: "matrix".into(),
                reply_text: "Matrix reply".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    let spare_news = services
        .wechat_content
        .save_news(
            &admin,
            wechat_account,
            None,
            model::channels::NewsMessageInput {
                title: "Matrix news".into(),
                url: "https://example.com/news".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    let avatar = services
        .agents
        .set_avatar(&admin, admin.agent_id, "me.png", domain::test_support::PNG)
        .await
        .unwrap();
    let avatar_key = avatar.avatar_url.unwrap()[model::people::AVATAR_PATH.len()..].to_owned();
    let spare_region_set = services
        .region_sets
        .save(
            &admin,
            None,
            model::routing::RegionSetInput {
                name: "Spare region".into(),
                places: vec![model::routing::Place {
                    country: "中国".into(),
                    ..Default::default()
                }],
            },
        )
        .await
        .unwrap()
        .id;
    let spare_rule = services
        .routing_rules
        .save(
            &admin,
            None,
            model::routing::RoutingRuleInput {
                name: "Spare rule".into(),
                enabled: false,
                conditions: vec![],
                targets: vec![model::routing::RouteTarget::Group(spare_group)],
            },
        )
        .await
        .unwrap()
        .id;
    let (scorecard, review) = qa_fixture(s, &admin, role.id).await;
    let export = export_fixture(s, &admin).await;
    let site_visitor = "matrix-site-visitor-0001".to_owned();
    let online = services
        .online
        .connect(domain::online::SiteHello {
            id: site_visitor.clone(),
            link: "default".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    // Online until the test process ends.
    std::mem::forget(online);
    Fixture {
        scorecard,
        review,
        export,
        site_visitor,
        spare_rule,
        spare_region_set,
        avatar_key,
        customer,
        spare_field,
        tag: matrix_tag,
        spare_tag,
        company,
        template,
        spare_canned,
        spare_kb_entry,
        spare_mask_rule,
        wechat_account,
        spare_account,
        spare_reply,
        spare_news,
        single,
        agent_without_id: without.agent_id,
        admin_id: admin.agent_id,
        spare_group,
        spare_role,
        spare_link,
        admin_token_id: admin_token.token.id,
        visitor: visitor.token,
        other_visitor: other.token,
        agent_without: services
            .api_tokens
            .create(&without, "matrix")
            .await
            .unwrap()
            .secret,
        admin: admin_token.secret,
        conversation: first.conversation_id,
        file_key: uploaded.attachment.expect("an attachment").key,
        hidden_ticket: hidden.id,
    }
}

/// Every row of every table but the sessions', as text: a refused call
/// must leave it exactly as it was.
pub async fn snapshot(s: &TestServer) -> Vec<String> {
    let db = &s.services.db;
    let backend = db.get_database_backend();
    let tables = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT IN ('tower_sessions', 'sessions', 'seaql_migrations') ORDER BY name",
        ))
        .await
        .unwrap();
    let mut out = vec![];
    for t in tables {
        let name: String = t.try_get("", "name").unwrap();
        let columns = db
            .query_all_raw(Statement::from_string(
                backend,
                format!("SELECT name FROM pragma_table_info('{name}')"),
            ))
            .await
            .unwrap();
        // A token's "last used" time is bookkeeping of the call itself.
        let row_text = columns
            .iter()
            .map(|c| c.try_get::<String>("", "name").unwrap())
            .filter(|c| c != "last_used_at")
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                format!("SELECT {row_text} AS r FROM \"{name}\" ORDER BY 1"),
            ))
            .await
            .unwrap();
        let rows: Vec<String> = rows.iter().map(|r| r.try_get("", "r").unwrap()).collect();
        out.push(format!("{name}: {rows:?}"));
    }
    out
}

pub fn credential(f: &Fixture, who: Who) -> Option<&str> {
    match who {
        Anonymous => None,
        Visitor => Some(&f.visitor),
        OtherVisitor => Some(&f.other_visitor),
        AgentWithout => Some(&f.agent_without),
        With(p) => f.single.iter().find(|s| s.0 == p).map(|s| s.1.as_str()),
        Admin => Some(&f.admin),
    }
}

/// Every caller of the matrix: the fixed ones and one per permission.
pub fn callers() -> Vec<Who> {
    let mut all = EVERYONE.to_vec();
    all.extend(model::access::Permission::ALL.map(With));
    all
}

/// Whether `who` may call a row open to `allowed` and to holders of `grants`.
pub fn may(who: Who, allowed: &[Who], grants: &[model::access::Permission]) -> bool {
    match who {
        With(p) => allowed.contains(&AgentWithout) || grants.contains(&p),
        _ => allowed.contains(&who),
    }
}

/// A scorecard, and the admin's review of a conversation that an agent in
/// `role` answered while the admin was offline.
async fn qa_fixture(s: &TestServer, admin: &domain::Actor, role: i32) -> (i32, i64) {
    use model::people::AgentStatus::{Offline, Online};
    use model::qa::*;
    let services = &s.services;
    services.agents.set_status(admin, Offline).await.unwrap();
    let input = AgentInput {
        email: "reviewed@matrix.test".into(),
        name: "Reviewed".into(),
        role_id: role,
        password: Some(WITHOUT_LOGIN.1.into()),
        ..Default::default()
    };
    let agent = domain::test_support::new_agent(services, admin, input, true)
        .await
        .unwrap();
    let visitor = hello(s).await;
    let id = send_text(s, &visitor.token, "qa-1", "Reviewed chat")
        .await
        .conversation_id;
    let convs = &services.conversations;
    convs
        .agent_send(&agent, id, "qa-r", "Hello!")
        .await
        .unwrap();
    convs
        .end(&domain::chat::Party::Agent(agent.clone()), id)
        .await
        .unwrap();
    services.agents.set_status(&agent, Offline).await.unwrap();
    services.agents.set_status(admin, Online).await.unwrap();
    let card = services
        .qa
        .save_scorecard(
            admin,
            None,
            QaScorecardInput {
                name: "Matrix card".into(),
                categories: vec![QaCategory {
                    name: "Greeting".into(),
                    weight: 1,
                    ..Default::default()
                }],
            },
        )
        .await
        .unwrap();
    let review = services
        .qa
        .submit(
            admin,
            QaReviewInput {
                conversation_id: id,
                scorecard_id: card.id,
                scores: vec![QaScore {
                    category_id: card.categories[0].id,
                    points: Some(1),
                    comment: String::new(),
                }],
                comment: String::new(),
            },
        )
        .await
        .unwrap();
    (card.id, review.id)
}

/// The admin's export of a week, waited for until it is ready.
async fn export_fixture(s: &TestServer, admin: &domain::Actor) -> i64 {
    use model::reports::{ExportState, ReportQuery};
    let reports = &s.services.reports;
    let q = ReportQuery {
        from: "2026-11-20".parse().unwrap(),
        to: "2026-11-26".parse().unwrap(),
        ..Default::default()
    };
    let id = reports.start_export(admin, &q).await.unwrap().id;
    for _ in 0..500 {
        if reports.export(admin, id).await.unwrap().state != ExportState::Running {
            return id;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("export {id} still running");
}
