//! Two customer records turn out to be one person (an agent merges them,
//! or a visitor proves who they are): everything of `from` joins `into`
//! and nothing is lost — visitors (so conversations and tickets), field
//! values, tags, business records; `into`'s own details win where both
//! have one.

use model::customers::IdentityStatus;
use model::fields::FieldEntity;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::values;
use crate::entities::{business_record, customer, customer_tag, visitor};
use crate::error::{Error, Result};

pub(crate) async fn merge_records<C: ConnectionTrait>(
    db: &C,
    from: customer::Model,
    into: customer::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    if from.id == into.id {
        return Err(Error::field("into", "same_customer"));
    }
    // Two people the site vouched for as different are not one.
    if let (Some(a), Some(b)) = (&from.external_id, &into.external_id) {
        if a != b {
            return Err(Error::field("into", "different_identity"));
        }
    }
    visitor::Entity::update_many()
        .col_expr(visitor::Column::CustomerId, Expr::value(into.id))
        .filter(visitor::Column::CustomerId.eq(from.id))
        .exec(db)
        .await?;
    values::merge(db, FieldEntity::Customer, from.id, into.id).await?;
    let kept: Vec<i32> = customer_tag::Entity::find()
        .filter(customer_tag::Column::CustomerId.eq(into.id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.tag_id)
        .collect();
    customer_tag::Entity::delete_many()
        .filter(customer_tag::Column::CustomerId.eq(from.id))
        .filter(customer_tag::Column::TagId.is_in(kept))
        .exec(db)
        .await?;
    customer_tag::Entity::update_many()
        .col_expr(customer_tag::Column::CustomerId, Expr::value(into.id))
        .filter(customer_tag::Column::CustomerId.eq(from.id))
        .exec(db)
        .await?;
    business_record::Entity::update_many()
        .col_expr(business_record::Column::CustomerId, Expr::value(into.id))
        .filter(business_record::Column::CustomerId.eq(from.id))
        .exec(db)
        .await?;
    // The unique external id moves only after `from` is gone.
    customer::Entity::delete_by_id(from.id).exec(db).await?;
    let status = |c: &customer::Model| IdentityStatus::from_key(&c.identity);
    let identity = match (status(&into), status(&from)) {
        (IdentityStatus::Verified, _) | (_, IdentityStatus::Verified) => IdentityStatus::Verified,
        (IdentityStatus::Unverified, _) | (_, IdentityStatus::Unverified) => {
            IdentityStatus::Unverified
        }
        _ => IdentityStatus::None,
    };
    let mut keep: customer::ActiveModel = into.clone().into();
    keep.name = Set(into.name.or(from.name));
    keep.email = Set(into.email.or(from.email));
    keep.phone = Set(into.phone.or(from.phone));
    keep.external_id = Set(into.external_id.or(from.external_id));
    keep.claimed_id = Set(into.claimed_id.or(from.claimed_id));
    keep.company_id = Set(into.company_id.or(from.company_id));
    keep.identity = Set(identity.key().to_owned());
    keep.updated_at = Set(now);
    keep.update(db).await?;
    Ok(())
}
