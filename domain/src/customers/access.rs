//! Who may read a customer: an agent who has served them (one of the
//! customer's conversations is theirs, or they wrote in one before a
//! transfer), or anyone with *View all
//! transcripts*. Anyone else gets "not found", as if there were none.

use model::Permission;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};

use crate::actor::Actor;
use crate::entities::{conversation, customer, message, visitor};
use crate::error::{Error, Result};

/// The customer's visitor ids (browsers, devices, channels).
pub(crate) async fn visitors_of<C: ConnectionTrait>(
    db: &C,
    customer_ids: Vec<i64>,
) -> Result<Vec<i64>> {
    Ok(visitor::Entity::find()
        .select_only()
        .column(visitor::Column::Id)
        .filter(visitor::Column::CustomerId.is_in(customer_ids))
        .into_tuple()
        .all(db)
        .await?)
}

/// Whether the agent served any of these customers.
pub(crate) async fn served_any<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    customer_ids: Vec<i64>,
) -> Result<bool> {
    let visitors = visitors_of(db, customer_ids).await?;
    let serving = conversation::Entity::find()
        .filter(conversation::Column::VisitorId.is_in(visitors.clone()))
        .filter(conversation::Column::AgentId.eq(actor.agent_id))
        .count(db)
        .await?;
    if serving > 0 {
        return Ok(true);
    }
    // Or served before a transfer: they wrote in one of the conversations.
    let wrote = message::Entity::find()
        .filter(message::Column::AgentId.eq(actor.agent_id))
        .filter(
            message::Column::ConversationId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(conversation::Column::Id)
                    .from(conversation::Entity)
                    .and_where(
                        sea_orm::sea_query::Expr::col(conversation::Column::VisitorId)
                            .is_in(visitors),
                    )
                    .to_owned(),
            ),
        )
        .count(db)
        .await?;
    Ok(wrote > 0)
}

/// The record, if this agent may read it.
pub(crate) async fn readable<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: i64,
) -> Result<customer::Model> {
    let row = customer::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    if actor.can(Permission::ViewAllTranscripts) || served_any(db, actor, vec![id]).await? {
        Ok(row)
    } else {
        Err(Error::NotFound)
    }
}

/// Whether the visitor's customer identity is verified.
pub(crate) async fn is_verified_visitor<C: ConnectionTrait>(
    db: &C,
    visitor_id: i64,
) -> Result<bool> {
    let Some(v) = visitor::Entity::find_by_id(visitor_id).one(db).await? else {
        return Ok(false);
    };
    let Some(id) = v.customer_id else {
        return Ok(false);
    };
    Ok(customer::Entity::find_by_id(id)
        .one(db)
        .await?
        .is_some_and(|c| c.identity == model::customers::IdentityStatus::Verified.key()))
}
