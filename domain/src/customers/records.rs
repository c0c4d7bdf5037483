//! Customer records (A1, A3, W3): made for a visitor the first time an
//! agent looks at their conversation, edited by agents (details, fields,
//! company, tags), merged when two turn out to be one person. Who may read
//! one: `access`. Every change tells agents' panels (`CustomerChanged`).

use std::sync::Arc;

use model::chat::ServerEvent;
use model::customers::{CompanyRef, Customer, CustomerInput, IdentityStatus};
use model::fields::{FieldEntity, PHONE_MAX};
use model::people::{EMAIL_MAX, NAME_MAX};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set, TransactionTrait,
};

use super::access::readable;
use super::merge::merge_records;
use super::values;
use crate::actor::Actor;
use crate::chat::core::agent_sees;
use crate::clock::Clock;
use crate::entities::{company, conversation, customer, customer_tag, tag, visitor};
use crate::error::{Error, Result};
use crate::hub::{Hub, Topic};
use crate::validate::Check;

#[derive(Clone)]
pub struct CustomerService {
    pub(super) db: DatabaseConnection,
    pub(super) clock: Arc<dyn Clock>,
    hub: Hub,
}

impl CustomerService {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, hub: Hub) -> Self {
        Self { db, clock, hub }
    }

    /// The customer behind a conversation the agent may see, made from the
    /// visitor's name and e-mail if they have none yet.
    pub async fn of_conversation(&self, actor: &Actor, conversation_id: i64) -> Result<Customer> {
        let conv = conversation::Entity::find_by_id(conversation_id)
            .one(&self.db)
            .await?
            .filter(|c| agent_sees(actor, c))
            .ok_or(Error::NotFound)?;
        let id = self.ensure_for_visitor(conv.visitor_id).await?;
        self.dto(id).await
    }

    pub async fn get(&self, actor: &Actor, id: i64) -> Result<Customer> {
        readable(&self.db, actor, id).await?;
        self.dto(id).await
    }

    /// Change the given details and fields; field errors name the field
    /// (`name`, `email`, `phone`, `fields.<key>`), nothing changes on one.
    pub async fn update(&self, actor: &Actor, id: i64, input: CustomerInput) -> Result<Customer> {
        let row = readable(&self.db, actor, id).await?;
        let mut check = Check::new();
        let name = check.optional_text("name", input.name.as_deref(), NAME_MAX);
        let email = input
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(|e| check.email("email", e, EMAIL_MAX));
        let phone = check.optional_text("phone", input.phone.as_deref(), PHONE_MAX);
        if let Some(p) = &phone {
            if !crate::validate::looks_like_phone(p) {
                check.fail("phone", "invalid_phone");
            }
        }
        check.finish()?;
        let txn = self.db.begin().await?;
        values::save(&txn, FieldEntity::Customer, id, &input.fields, false).await?;
        let mut row: customer::ActiveModel = row.into();
        if input.name.is_some() {
            row.name = Set(name);
        }
        if input.email.is_some() {
            row.email = Set(email);
        }
        if input.phone.is_some() {
            row.phone = Set(phone);
        }
        row.updated_at = Set(self.clock.now());
        row.update(&txn).await?;
        txn.commit().await?;
        self.changed(id);
        self.dto(id).await
    }

    /// Two records turn out to be one person (`merge::merge_records`).
    /// The agent must be able to read both.
    pub async fn merge(&self, actor: &Actor, from: i64, into: i64) -> Result<Customer> {
        let a = readable(&self.db, actor, from).await?;
        let b = readable(&self.db, actor, into).await?;
        if from == into {
            return Err(Error::field("into", "same_customer"));
        }
        let txn = self.db.begin().await?;
        merge_records(&txn, a, b, self.clock.now()).await?;
        txn.commit().await?;
        self.changed(from);
        self.changed(into);
        self.dto(into).await
    }

    /// Put the customer in a company, or in none.
    pub async fn set_company(
        &self,
        actor: &Actor,
        id: i64,
        company_id: Option<i64>,
    ) -> Result<Customer> {
        let row = readable(&self.db, actor, id).await?;
        if let Some(c) = company_id {
            company::Entity::find_by_id(c)
                .one(&self.db)
                .await?
                .ok_or_else(|| Error::field("company", "not_found"))?;
        }
        let mut row: customer::ActiveModel = row.into();
        row.company_id = Set(company_id);
        row.updated_at = Set(self.clock.now());
        row.update(&self.db).await?;
        self.changed(id);
        self.dto(id).await
    }

    /// Add (`on`) or remove a tag on the customer; doing it twice is fine.
    pub async fn set_tag(&self, actor: &Actor, id: i64, tag_id: i32, on: bool) -> Result<Customer> {
        readable(&self.db, actor, id).await?;
        tag::Entity::find_by_id(tag_id)
            .one(&self.db)
            .await?
            .ok_or_else(|| Error::field("tag", "not_found"))?;
        let existing = customer_tag::Entity::find_by_id((id, tag_id))
            .one(&self.db)
            .await?;
        match (on, existing) {
            (true, None) => {
                let added = customer_tag::ActiveModel {
                    customer_id: Set(id),
                    tag_id: Set(tag_id),
                    added_by: Set(Some(actor.agent_id)),
                    added_at: Set(self.clock.now()),
                }
                .insert(&self.db)
                .await;
                match added {
                    Err(e) if !crate::people::is_unique_violation(&e) => return Err(e.into()),
                    _ => {}
                }
            }
            (false, Some(row)) => {
                customer_tag::Entity::delete_by_id((row.customer_id, row.tag_id))
                    .exec(&self.db)
                    .await?;
            }
            _ => {}
        }
        self.changed(id);
        self.dto(id).await
    }

    /// Fill the details a form gave (leave a message) where the record
    /// has none; what an agent or a verified identity set stays.
    pub(crate) async fn fill_blank_details(
        &self,
        id: i64,
        name: Option<String>,
        email: Option<String>,
        phone: Option<String>,
    ) -> Result<()> {
        let row = customer::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let mut active: customer::ActiveModel = row.clone().into();
        active.name = Set(row.name.or(name));
        active.email = Set(row.email.or(email));
        active.phone = Set(row.phone.or(phone));
        active.updated_at = Set(self.clock.now());
        active.update(&self.db).await?;
        Ok(())
    }

    /// Tell every agent's panel the record changed; each reads it again
    /// with its own rights (the event carries only the id).
    pub(crate) fn changed(&self, id: i64) {
        self.hub.publish(
            Topic::Agents,
            ServerEvent::CustomerChanged { customer_id: id },
        );
    }

    /// The visitor's customer id, making the record on first sight. Two
    /// agents opening the chat at once make one: the link is set only
    /// where none is, and a loser's record is dropped.
    pub(crate) async fn ensure_for_visitor(&self, visitor_id: i64) -> Result<i64> {
        let v = visitor::Entity::find_by_id(visitor_id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        if let Some(id) = v.customer_id {
            return Ok(id);
        }
        let now = self.clock.now();
        let made = customer::ActiveModel {
            name: Set(Some(v.name.clone()).filter(|n| !n.trim().is_empty())),
            email: Set(v.email.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        let linked = visitor::Entity::update_many()
            .col_expr(visitor::Column::CustomerId, Expr::value(made.id))
            .filter(visitor::Column::Id.eq(visitor_id))
            .filter(visitor::Column::CustomerId.is_null())
            .exec(&self.db)
            .await?;
        if linked.rows_affected == 1 {
            return Ok(made.id);
        }
        customer::Entity::delete_by_id(made.id)
            .exec(&self.db)
            .await?;
        visitor::Entity::find_by_id(visitor_id)
            .one(&self.db)
            .await?
            .and_then(|v| v.customer_id)
            .ok_or(Error::NotFound)
    }

    pub(crate) async fn dto(&self, id: i64) -> Result<Customer> {
        let row = customer::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let company = match row.company_id {
            Some(c) => company::Entity::find_by_id(c)
                .one(&self.db)
                .await?
                .map(|c| CompanyRef {
                    id: c.id,
                    name: c.name,
                }),
            None => None,
        };
        let visitors = visitor::Entity::find()
            .filter(visitor::Column::CustomerId.eq(id))
            .count(&self.db)
            .await?;
        Ok(Customer {
            id,
            name: row.name,
            email: row.email,
            phone: row.phone,
            external_id: row.external_id,
            company,
            fields: values::load(&self.db, FieldEntity::Customer, id).await?,
            visitors,
            tags: super::tags::tags_of(&self.db, vec![id])
                .await?
                .remove(&id)
                .unwrap_or_default(),
            identity: IdentityStatus::from_key(&row.identity),
            claimed_id: row.claimed_id,
        })
    }
}
