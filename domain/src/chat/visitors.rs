//! Visitors are remembered by a random secret token the widget keeps; only
//! its SHA-256 is stored.

use model::chat::{FileTicket, VisitorHello, VisitorSession};
use model::people::{EMAIL_MAX, NAME_MAX};
use rand::RngCore;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use sha2::{Digest, Sha256};

use super::conversations::ConversationService;
use super::core::ChatCore;
use super::file_tickets::FileTickets;
use super::links::LinkService;
use super::Party;
use crate::customers::CustomerService;
use crate::entities::{conversation, visitor};
use crate::error::{Error, Result};
use crate::identity;
use crate::routing::availability::AvailabilityService;
use crate::routing::queue::QueueService;
use crate::settings::SettingsService;
use crate::validate::Check;
use model::identity::IdentityClaims;

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    let mut bytes = [0u8; 24];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Recognises visitors and opens their widget session.
#[derive(Clone)]
pub struct VisitorService {
    core: ChatCore,
    conversations: ConversationService,
    queue: QueueService,
    availability: AvailabilityService,
    settings: SettingsService,
    tickets: FileTickets,
    links: LinkService,
    customers: CustomerService,
}

/// What a visitor service is built from.
pub(crate) struct VisitorDeps {
    pub core: ChatCore,
    pub conversations: ConversationService,
    pub queue: QueueService,
    pub availability: AvailabilityService,
    pub settings: SettingsService,
    pub tickets: FileTickets,
    pub links: LinkService,
    pub customers: CustomerService,
}

impl VisitorService {
    pub(crate) fn new(d: VisitorDeps) -> Self {
        Self {
            core: d.core,
            conversations: d.conversations,
            queue: d.queue,
            availability: d.availability,
            settings: d.settings,
            tickets: d.tickets,
            links: d.links,
            customers: d.customers,
        }
    }

    /// A fresh ticket to read this visitor's files by URL.
    pub async fn file_ticket(&self, visitor_id: i64) -> Result<FileTicket> {
        self.tickets.issue(visitor_id).await
    }

    /// The visitor behind a token, or `Unauthenticated`.
    pub async fn visitor_by_token(&self, token: &str) -> Result<visitor::Model> {
        if token.is_empty() || token.len() > 128 {
            return Err(Error::Unauthenticated);
        }
        visitor::Entity::find()
            .filter(visitor::Column::TokenHash.eq(hash_token(token)))
            .one(&self.core.db)
            .await?
            .ok_or(Error::Unauthenticated)
    }

    /// The widget opens: recognise the visitor (or create one) and return
    /// their open conversation with its history.
    pub async fn hello(&self, hello: VisitorHello) -> Result<VisitorSession> {
        let mut check = Check::new();
        let name = check.optional_text("name", hello.name.as_deref(), NAME_MAX);
        let email = hello
            .email
            .as_deref()
            .map(str::trim)
            .map(|e| check.email("email", e, EMAIL_MAX));
        check.finish()?;
        let now = self.core.clock.now();
        // Who the page says the visitor is, refused before anything is
        // stored (C3, C6).
        let rules = self
            .links
            .identity_rules(hello.link.as_deref())
            .await?
            .unwrap_or_default();
        let plain = IdentityClaims {
            external_id: hello.external_id.clone(),
            name: name.clone(),
            email: email.clone(),
            phone: hello.phone.clone(),
            ..Default::default()
        };
        let identity = identity::resolve(&rules, hello.identity.as_deref(), plain, now.timestamp())
            .map_err(|r| Error::field("identity", r.code()))?;
        let identity = self.customers.prepare_identity(identity).await?;
        let known = match hello.token.as_deref() {
            Some(t) => self.visitor_by_token(t).await.ok(),
            None => None,
        };
        let known = match known {
            Some(v) if self.customers.is_someone_else(&v, &identity).await? => None,
            other => other,
        };
        let (visitor, token) = match known {
            Some(v) => {
                let token = hello.token.clone().unwrap_or_default();
                let mut row: visitor::ActiveModel = v.into();
                row.last_seen_at = Set(now);
                if let Some(n) = &name {
                    row.name = Set(n.clone());
                }
                if email.is_some() {
                    row.email = Set(email.clone());
                }
                (row.update(&self.core.db).await?, token)
            }
            None => {
                let token = new_token();
                let v = visitor::ActiveModel {
                    token_hash: Set(hash_token(&token)),
                    name: Set(name.clone().unwrap_or_default()),
                    email: Set(email.clone()),
                    created_at: Set(now),
                    last_seen_at: Set(now),
                    ..Default::default()
                }
                .insert(&self.core.db)
                .await?;
                let v = if name.is_none() {
                    let mut row: visitor::ActiveModel = v.clone().into();
                    row.name = Set(format!("Visitor {}", v.id));
                    row.update(&self.core.db).await?
                } else {
                    v
                };
                (v, token)
            }
        };
        self.customers.identify(visitor.id, identity).await?;
        // A returning visitor sees their newest conversation: the open one
        // (a visitor has at most one, and it is the newest), else the last
        // ended one, under which the widget offers a new chat.
        let latest = conversation::Entity::find()
            .filter(conversation::Column::VisitorId.eq(visitor.id))
            .order_by_desc(conversation::Column::Id)
            .one(&self.core.db)
            .await?;
        let queue = match &latest {
            Some(c) if c.status == model::chat::ConversationStatus::Queued => {
                self.queue.spot(c.id).await?
            }
            _ => None,
        };
        let (conversation, messages) = match latest {
            Some(c) => {
                let party = Party::Visitor(visitor.id);
                let messages = self.conversations.history(&party, c.id, 0).await?;
                (Some(self.core.conversation_dto(c).await?), messages)
            }
            None => (None, vec![]),
        };
        Ok(VisitorSession {
            file_ticket: self.tickets.issue(visitor.id).await?,
            token,
            visitor_id: visitor.id,
            conversation,
            messages,
            widget: self.settings.widget().await?,
            queue,
            options: self
                .availability
                .visitor_options(hello.link.as_deref())
                .await?,
        })
    }
}
