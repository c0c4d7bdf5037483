//! A visitor's customer record takes the identity their page gave
//! (`identity::resolve` decided what it is worth):
//! - verified: the claims overwrite the details and fields they name; an
//!   external id (or, without one, the e-mail) already on another customer
//!   means this visitor *is* that customer, and the records merge;
//! - unverified: details fill only what is empty, the external id is kept
//!   as a claim, and nothing merges (anyone can type an id).

use model::customers::IdentityStatus;
use model::customers::EXTERNAL_ID_MAX;
use model::fields::{FieldEntity, PHONE_MAX};
use model::identity::IdentityClaims;
use model::people::{EMAIL_MAX, NAME_MAX};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};

use super::merge::merge_records;
use super::values;
use super::CustomerService;
use crate::customers::definitions::definitions_of;
use crate::customers::values::check_values;
use crate::entities::{customer, visitor};
use crate::error::{Error, Result};
use crate::identity::Identity;
use crate::validate::{looks_like_phone, Check};

/// The claims' details, checked; field errors are named `identity.<field>`.
struct Details {
    external_id: Option<String>,
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

fn checked(c: &IdentityClaims) -> Result<Details> {
    let mut check = Check::new();
    let external_id = check.optional_text(
        "identity.external_id",
        c.external_id.as_deref(),
        EXTERNAL_ID_MAX,
    );
    let name = check.optional_text("identity.name", c.name.as_deref(), NAME_MAX);
    let email = c
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|e| check.email("identity.email", e, EMAIL_MAX));
    let phone = check.optional_text("identity.phone", c.phone.as_deref(), PHONE_MAX);
    if phone.as_deref().is_some_and(|p| !looks_like_phone(p)) {
        check.fail("identity.phone", "invalid_phone");
    }
    check.finish()?;
    Ok(Details {
        external_id,
        name,
        email,
        phone,
    })
}

impl CustomerService {
    /// Attach `identity` to the visitor's customer (made if need be).
    /// Nothing changes on an error.
    pub(crate) async fn identify(&self, visitor_id: i64, identity: Identity) -> Result<()> {
        let (claims, verified) = match identity {
            Identity::None => return Ok(()),
            Identity::Verified(c) => (c, true),
            Identity::Unverified(c) => (c, false),
        };
        // Two first visits of one new person at once: the second finds the
        // external id taken by the first, and joins it on a second try.
        match self.identify_once(visitor_id, &claims, verified).await {
            Err(Error::Db(e)) if crate::people::is_unique_violation(&e) => {
                self.identify_once(visitor_id, &claims, verified).await
            }
            other => other,
        }
    }

    /// The identity checked before anything is stored: its details, and
    /// (verified) its custom fields against the live customer fields —
    /// keys of fields since retired or removed are dropped, not refused,
    /// so an old token keeps working.
    pub(crate) async fn prepare_identity(&self, identity: Identity) -> Result<Identity> {
        match identity {
            Identity::None => Ok(Identity::None),
            Identity::Unverified(c) => {
                checked(&c)?;
                Ok(Identity::Unverified(c))
            }
            Identity::Verified(mut c) => {
                checked(&c)?;
                let defs = definitions_of(&self.db, FieldEntity::Customer).await?;
                c.fields
                    .retain(|k, _| defs.iter().any(|d| d.key == *k && !d.retired));
                check_values(&defs, &c.fields, false)
                    .map_err(|e| rename_fields(Error::Invalid(e), "identity."))?;
                Ok(Identity::Verified(c))
            }
        }
    }

    /// Whether a verified identity names someone other than the verified
    /// customer this browser's visitor already is (a shared computer): the
    /// new person gets a visitor of their own.
    pub(crate) async fn is_someone_else(
        &self,
        v: &visitor::Model,
        identity: &Identity,
    ) -> Result<bool> {
        let Identity::Verified(claims) = identity else {
            return Ok(false);
        };
        let Some(id) = v.customer_id else {
            return Ok(false);
        };
        let Some(current) = customer::Entity::find_by_id(id).one(&self.db).await? else {
            return Ok(false);
        };
        Ok(match (&current.external_id, &claims.external_id) {
            (Some(a), Some(b)) => a != b,
            (Some(_), None) => {
                current.email.is_some()
                    && current.email != claims.email.as_ref().map(|e| e.trim().to_lowercase())
            }
            _ => false,
        })
    }

    async fn identify_once(
        &self,
        visitor_id: i64,
        claims: &IdentityClaims,
        verified: bool,
    ) -> Result<()> {
        let details = checked(claims)?;
        // Unverified custom fields are not taken: only the site's secret
        // vouches for what a field says.
        let fields = if verified {
            claims.fields.clone()
        } else {
            Default::default()
        };
        let own = self.ensure_for_visitor(visitor_id).await?;
        let txn = self.db.begin().await?;
        let mine = customer::Entity::find_by_id(own)
            .one(&txn)
            .await?
            .ok_or(Error::NotFound)?;
        let known = match (verified, &details.external_id, &details.email) {
            (false, ..) => None,
            (true, Some(x), _) => {
                customer::Entity::find()
                    .filter(customer::Column::ExternalId.eq(x.as_str()))
                    .one(&txn)
                    .await?
            }
            (true, None, Some(e)) => {
                customer::Entity::find()
                    .filter(customer::Column::Email.eq(e.as_str()))
                    .filter(customer::Column::Identity.eq(IdentityStatus::Verified.key()))
                    .one(&txn)
                    .await?
            }
            _ => None,
        };
        let target = match known {
            Some(other) if other.id != mine.id => {
                let id = other.id;
                merge_records(&txn, mine, other, self.clock.now()).await?;
                customer::Entity::find_by_id(id)
                    .one(&txn)
                    .await?
                    .ok_or(Error::NotFound)?
            }
            _ => mine,
        };
        let id = target.id;
        let mut row: customer::ActiveModel = target.clone().into();
        if verified {
            if details.external_id.is_some() {
                row.external_id = Set(details.external_id.clone());
            }
            if details.name.is_some() {
                row.name = Set(details.name.clone());
            }
            if details.email.is_some() {
                row.email = Set(details.email.clone());
            }
            if details.phone.is_some() {
                row.phone = Set(details.phone.clone());
            }
            row.identity = Set(IdentityStatus::Verified.key().to_owned());
        } else {
            row.name = Set(target.name.clone().or(details.name.clone()));
            row.email = Set(target.email.clone().or(details.email.clone()));
            row.phone = Set(target.phone.clone().or(details.phone.clone()));
            if details.external_id.is_some() {
                row.claimed_id = Set(details.external_id.clone());
            }
            if IdentityStatus::from_key(&target.identity) == IdentityStatus::None {
                row.identity = Set(IdentityStatus::Unverified.key().to_owned());
            }
        }
        row.updated_at = Set(self.clock.now());
        row.update(&txn).await?;
        values::save(&txn, FieldEntity::Customer, id, &fields, false)
            .await
            .map_err(|e| rename_fields(e, "identity."))?;
        // Agents' lists show the visitor by the name the site gave.
        if let Some(name) = details.name.clone().filter(|_| verified) {
            visitor::Entity::update_many()
                .col_expr(visitor::Column::Name, sea_orm::sea_query::Expr::value(name))
                .filter(visitor::Column::Id.eq(visitor_id))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        self.changed(id);
        Ok(())
    }
}

/// Field errors of the claims' custom fields, named as the page sent them.
fn rename_fields(e: Error, prefix: &str) -> Error {
    match e {
        Error::Invalid(list) => Error::Invalid(
            list.into_iter()
                .map(|mut f| {
                    f.field = format!("{prefix}{}", f.field);
                    f
                })
                .collect(),
        ),
        other => other,
    }
}
