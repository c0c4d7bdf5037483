//! Finding customers (A3: listed and filtered by tag) and a customer's
//! history (W3: their earlier conversations and tickets, each readable).
//! Lists hold what the reader may read: customers they served, or all
//! with *View all transcripts*.

use model::chat::{ConversationStatus, Message};
use model::customers::{CustomerFilter, CustomerHistory, CustomerSummary, CUSTOMER_PAGE};
use model::Permission;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::access::{readable, visitors_of};
use super::tags::tags_of;
use super::CustomerService;
use crate::actor::Actor;
use crate::chat::dto::{conversation_dtos, message_dtos};
use crate::entities::{company, conversation, customer, customer_tag, message, ticket, visitor};
use crate::error::{Error, Result};

/// Earlier conversations and tickets one history shows at most.
const HISTORY_LIMIT: u64 = 50;

/// Whether a reader of the customer may open this conversation of theirs:
/// ended ones, their own, or any with *View all transcripts*.
fn may_open(actor: &Actor, status: ConversationStatus, agent_id: Option<i32>) -> bool {
    status == ConversationStatus::Ended
        || agent_id == Some(actor.agent_id)
        || actor.can(Permission::ViewAllTranscripts)
}

impl CustomerService {
    /// Customers matching the filter, newest first.
    pub async fn list(
        &self,
        actor: &Actor,
        filter: &CustomerFilter,
    ) -> Result<Vec<CustomerSummary>> {
        let mut q = customer::Entity::find();
        if let Some(text) = filter
            .query
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            q = q.filter(
                Condition::any()
                    .add(customer::Column::Name.contains(text))
                    .add(customer::Column::Email.contains(text.to_lowercase()))
                    .add(customer::Column::Phone.contains(text))
                    .add(customer::Column::ExternalId.eq(text)),
            );
        }
        if let Some(tag) = filter.tag_id {
            q = q.filter(
                customer::Column::Id.in_subquery(
                    Query::select()
                        .column(customer_tag::Column::CustomerId)
                        .from(customer_tag::Entity)
                        .and_where(Expr::col(customer_tag::Column::TagId).eq(tag))
                        .to_owned(),
                ),
            );
        }
        if !actor.can(Permission::ViewAllTranscripts) {
            q = q.filter(
                customer::Column::Id.in_subquery(
                    Query::select()
                        .column(visitor::Column::CustomerId)
                        .from(visitor::Entity)
                        .and_where(
                            Expr::col(visitor::Column::Id).in_subquery(
                                Query::select()
                                    .column(conversation::Column::VisitorId)
                                    .from(conversation::Entity)
                                    .and_where(
                                        Expr::col(conversation::Column::AgentId).eq(actor.agent_id),
                                    )
                                    .to_owned(),
                            ),
                        )
                        .to_owned(),
                ),
            );
        }
        let rows = q
            .order_by_desc(customer::Column::Id)
            .limit(CUSTOMER_PAGE)
            .all(&self.db)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|c| c.id).collect();
        let mut tags = tags_of(&self.db, ids.clone()).await?;
        let companies: std::collections::HashMap<i64, String> = company::Entity::find()
            .filter(company::Column::Id.is_in(rows.iter().filter_map(|c| c.company_id)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let visitors = visitor::Entity::find()
            .filter(visitor::Column::CustomerId.is_in(ids))
            .all(&self.db)
            .await?;
        let counts: Vec<(i64, i64)> = conversation::Entity::find()
            .select_only()
            .column(conversation::Column::VisitorId)
            .column_as(conversation::Column::Id.count(), "n")
            .filter(conversation::Column::VisitorId.is_in(visitors.iter().map(|v| v.id)))
            .group_by(conversation::Column::VisitorId)
            .into_tuple()
            .all(&self.db)
            .await?;
        let conversations_of = |customer_id: i64| -> u64 {
            visitors
                .iter()
                .filter(|v| v.customer_id == Some(customer_id))
                .filter_map(|v| counts.iter().find(|(id, _)| *id == v.id))
                .map(|(_, n)| *n as u64)
                .sum()
        };
        Ok(rows
            .into_iter()
            .map(|c| CustomerSummary {
                conversations: conversations_of(c.id),
                tags: tags.remove(&c.id).unwrap_or_default(),
                company: c.company_id.and_then(|id| companies.get(&id).cloned()),
                id: c.id,
                name: c.name,
                email: c.email,
                phone: c.phone,
                external_id: c.external_id,
            })
            .collect())
    }

    /// The customer's conversations (from every visitor they chat as) and
    /// tickets, newest first.
    pub async fn history(&self, actor: &Actor, id: i64) -> Result<CustomerHistory> {
        readable(&self.db, actor, id).await?;
        let visitors = visitors_of(&self.db, vec![id]).await?;
        let conversations = conversation::Entity::find()
            .filter(conversation::Column::VisitorId.is_in(visitors.clone()))
            .order_by_desc(conversation::Column::Id)
            .limit(HISTORY_LIMIT)
            .all(&self.db)
            .await?;
        let reader = crate::tickets::visibility::Reader::of(&self.db, actor).await?;
        let tickets = ticket::Entity::find()
            .filter(ticket::Column::VisitorId.is_in(visitors))
            .filter(reader.condition())
            .order_by_desc(ticket::Column::Id)
            .limit(HISTORY_LIMIT)
            .all(&self.db)
            .await?;
        // Another agent's open chat is listed, its words are not (as
        // `history_messages` refuses to open it).
        let mut conversations = conversation_dtos(&self.db, conversations).await?;
        for c in &mut conversations {
            if !may_open(actor, c.status, c.agent_id) {
                c.last_message = None;
                c.last_line = None;
            }
        }
        Ok(CustomerHistory {
            conversations,
            tickets: crate::tickets::ticket_dtos(&self.db, tickets).await?,
        })
    }

    /// One of the customer's ended conversations, read-only, for an agent
    /// who may read the customer (internal notes included: agents wrote them).
    pub async fn history_messages(
        &self,
        actor: &Actor,
        id: i64,
        conversation_id: i64,
    ) -> Result<Vec<Message>> {
        readable(&self.db, actor, id).await?;
        let visitors = visitors_of(&self.db, vec![id]).await?;
        conversation::Entity::find_by_id(conversation_id)
            .one(&self.db)
            .await?
            .filter(|c| visitors.contains(&c.visitor_id))
            .filter(|c| may_open(actor, c.status, c.agent_id))
            .ok_or(Error::NotFound)?;
        let rows = message::Entity::find()
            .filter(message::Column::ConversationId.eq(conversation_id))
            .order_by_asc(message::Column::Seq)
            .all(&self.db)
            .await?;
        message_dtos(&self.db, rows).await
    }
}
