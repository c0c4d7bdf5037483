//! Customer records (A1, W3): made for a visitor the first time an agent
//! looks at their conversation, edited by agents, merged when two turn out
//! to be one person. An agent reads a customer they have served (one of
//! the customer's conversations is or was theirs) or, with *View all
//! transcripts*, any; anyone else's looks missing.

use std::sync::Arc;

use model::customers::{CompanyRef, Customer, CustomerInput};
use model::fields::{FieldEntity, PHONE_MAX};
use model::people::{EMAIL_MAX, NAME_MAX};
use model::Permission;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Set, TransactionTrait,
};

use super::values;
use crate::actor::Actor;
use crate::chat::core::agent_sees;
use crate::clock::Clock;
use crate::entities::{company, conversation, customer, visitor};
use crate::error::{Error, Result};
use crate::validate::Check;

#[derive(Clone)]
pub struct CustomerService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
}

impl CustomerService {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
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
        self.readable(actor, id).await?;
        self.dto(id).await
    }

    /// Change the given details and fields; field errors name the field
    /// (`name`, `email`, `phone`, `fields.<key>`), nothing changes on one.
    pub async fn update(&self, actor: &Actor, id: i64, input: CustomerInput) -> Result<Customer> {
        let row = self.readable(actor, id).await?;
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
        self.dto(id).await
    }

    /// Two records turn out to be one person: every visitor (and so every
    /// conversation and ticket) and field value of `from` joins `into`;
    /// `into`'s own details win where both have one; `from` is removed.
    pub async fn merge(&self, actor: &Actor, from: i64, into: i64) -> Result<Customer> {
        if from == into {
            return Err(Error::field("into", "same_customer"));
        }
        let a = self.readable(actor, from).await?;
        let b = self.readable(actor, into).await?;
        let txn = self.db.begin().await?;
        visitor::Entity::update_many()
            .col_expr(visitor::Column::CustomerId, Expr::value(into))
            .filter(visitor::Column::CustomerId.eq(from))
            .exec(&txn)
            .await?;
        values::merge(&txn, FieldEntity::Customer, from, into).await?;
        let external_id = b.external_id.clone().or(a.external_id.clone());
        customer::Entity::delete_by_id(from).exec(&txn).await?;
        let mut keep: customer::ActiveModel = b.clone().into();
        keep.name = Set(b.name.or(a.name));
        keep.email = Set(b.email.or(a.email));
        keep.phone = Set(b.phone.or(a.phone));
        keep.external_id = Set(external_id);
        keep.company_id = Set(b.company_id.or(a.company_id));
        keep.updated_at = Set(self.clock.now());
        keep.update(&txn).await?;
        txn.commit().await?;
        self.dto(into).await
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

    /// The record, if this agent has served the customer (or reads every
    /// transcript).
    async fn readable(&self, actor: &Actor, id: i64) -> Result<customer::Model> {
        let row = customer::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        if actor.can(Permission::ViewAllTranscripts) {
            return Ok(row);
        }
        let visitors: Vec<i64> = visitor::Entity::find()
            .select_only()
            .column(visitor::Column::Id)
            .filter(visitor::Column::CustomerId.eq(id))
            .into_tuple()
            .all(&self.db)
            .await?;
        let served = conversation::Entity::find()
            .filter(conversation::Column::VisitorId.is_in(visitors))
            .filter(conversation::Column::AgentId.eq(actor.agent_id))
            .count(&self.db)
            .await?;
        match served {
            0 => Err(Error::NotFound),
            _ => Ok(row),
        }
    }

    async fn dto(&self, id: i64) -> Result<Customer> {
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
        })
    }
}
