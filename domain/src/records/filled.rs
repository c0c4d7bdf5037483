//! Records agents fill in from a template during a conversation: stored
//! with the conversation and its customer, with who wrote them and when;
//! read with the conversation (whoever sees it) or the customer (whoever
//! may read them).

use std::collections::HashMap;
use std::sync::Arc;

use model::fields::FieldEntity;
use model::records::{BusinessRecord, BusinessRecordInput};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

use super::templates::{dto as template_dto, template_fields};
use crate::actor::Actor;
use crate::chat::core::agent_sees;
use crate::clock::Clock;
use crate::customers::access::readable;
use crate::customers::{values, CustomerService};
use crate::entities::{business_record, conversation, record_template};
use crate::error::{Error, Result};

#[derive(Clone)]
pub struct BusinessRecordService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    customers: CustomerService,
}

impl BusinessRecordService {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, customers: CustomerService) -> Self {
        Self {
            db,
            clock,
            customers,
        }
    }

    /// The records of a conversation the agent sees, oldest first.
    pub async fn of_conversation(
        &self,
        actor: &Actor,
        conversation_id: i64,
    ) -> Result<Vec<BusinessRecord>> {
        self.visible_conversation(actor, conversation_id).await?;
        let rows = business_record::Entity::find()
            .filter(business_record::Column::ConversationId.eq(conversation_id))
            .order_by_asc(business_record::Column::Id)
            .all(&self.db)
            .await?;
        self.dtos(rows).await
    }

    /// Every record of a customer the agent may read, newest first.
    pub async fn of_customer(
        &self,
        actor: &Actor,
        customer_id: i64,
    ) -> Result<Vec<BusinessRecord>> {
        readable(&self.db, actor, customer_id).await?;
        let rows = business_record::Entity::find()
            .filter(business_record::Column::CustomerId.eq(customer_id))
            .order_by_desc(business_record::Column::Id)
            .all(&self.db)
            .await?;
        self.dtos(rows).await
    }

    /// Fill in a new record (`id` None) or change one of this
    /// conversation's. Every required field of the template must be given.
    pub async fn save(
        &self,
        actor: &Actor,
        conversation_id: i64,
        id: Option<i64>,
        input: BusinessRecordInput,
    ) -> Result<BusinessRecord> {
        let conv = self.visible_conversation(actor, conversation_id).await?;
        let existing = match id {
            Some(id) => Some(
                business_record::Entity::find_by_id(id)
                    .one(&self.db)
                    .await?
                    .filter(|r| r.conversation_id == conversation_id)
                    .ok_or(Error::NotFound)?,
            ),
            None => None,
        };
        let template_id = existing
            .as_ref()
            .map_or(input.template_id, |r| r.template_id);
        let template = record_template::Entity::find_by_id(template_id)
            .one(&self.db)
            .await?
            .filter(|t| existing.is_some() || t.retired_at.is_none())
            .ok_or_else(|| Error::field("template_id", "not_found"))?;
        let defs = template_fields(&self.db, &template_dto(&template)).await?;
        let customer_id = self.customers.ensure_for_visitor(conv.visitor_id).await?;
        let now = self.clock.now();
        let txn = self.db.begin().await?;
        let row = match existing {
            Some(r) => {
                let mut r: business_record::ActiveModel = r.into();
                r.updated_at = Set(now);
                r.update(&txn).await?
            }
            None => {
                business_record::ActiveModel {
                    template_id: Set(template_id),
                    conversation_id: Set(conversation_id),
                    customer_id: Set(customer_id),
                    author_id: Set(actor.agent_id),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?
            }
        };
        values::save_with(&txn, &defs, row.id, &input.values, true).await?;
        txn.commit().await?;
        self.customers.changed(row.customer_id);
        Ok(self.dtos(vec![row]).await?.remove(0))
    }

    async fn visible_conversation(&self, actor: &Actor, id: i64) -> Result<conversation::Model> {
        conversation::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .filter(|c| agent_sees(actor, c))
            .ok_or(Error::NotFound)
    }

    async fn dtos(&self, rows: Vec<business_record::Model>) -> Result<Vec<BusinessRecord>> {
        let authors =
            crate::people::agent_names(&self.db, rows.iter().map(|r| r.author_id).collect())
                .await?;
        let templates: HashMap<i32, String> = record_template::Entity::find()
            .filter(record_template::Column::Id.is_in(rows.iter().map(|r| r.template_id)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(BusinessRecord {
                values: values::load(&self.db, FieldEntity::Record, r.id).await?,
                template_name: templates.get(&r.template_id).cloned().unwrap_or_default(),
                author_name: authors.get(&r.author_id).cloned().unwrap_or_default(),
                id: r.id,
                template_id: r.template_id,
                conversation_id: r.conversation_id,
                customer_id: r.customer_id,
                author_id: r.author_id,
                created_at: r.created_at,
                updated_at: r.updated_at,
            });
        }
        Ok(out)
    }
}
