//! Companies (A4): a record of their own with company custom fields; a
//! customer belongs to at most one (`CustomerService::set_company`).
//! Any agent finds and adds companies (to put a customer in one); editing
//! one takes *Manage customer data* or having served one of its customers.

use std::sync::Arc;

use model::customers::{Company, CompanyInput, COMPANY_NAME_MAX};
use model::fields::FieldEntity;
use model::Permission;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};

use super::access::served_any;
use super::values;
use crate::actor::Actor;
use crate::clock::Clock;
use crate::entities::{company, customer};
use crate::error::{Error, Result};
use crate::validate::Check;

/// Companies one search returns at most.
const SEARCH_LIMIT: u64 = 20;

#[derive(Clone)]
pub struct CompanyService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
}

impl CompanyService {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }

    /// Companies whose name contains `query`, by name.
    pub async fn search(&self, _actor: &Actor, query: &str) -> Result<Vec<Company>> {
        let rows = company::Entity::find()
            .filter(company::Column::Name.contains(query.trim()))
            .order_by_asc(company::Column::Name)
            .limit(SEARCH_LIMIT)
            .all(&self.db)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(self.dto(r).await?);
        }
        Ok(out)
    }

    pub async fn get(&self, _actor: &Actor, id: i64) -> Result<Company> {
        let row = company::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        self.dto(row).await
    }

    /// A new company; required company fields must be given.
    pub async fn create(&self, _actor: &Actor, input: CompanyInput) -> Result<Company> {
        let name = self.checked_name(None, &input.name).await?;
        let now = self.clock.now();
        let txn = self.db.begin().await?;
        let row = company::ActiveModel {
            name: Set(name),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(duplicate_name)?;
        values::save(&txn, FieldEntity::Company, row.id, &input.fields, true).await?;
        txn.commit().await?;
        self.dto(row).await
    }

    /// Rename the company and change the fields given.
    pub async fn update(&self, actor: &Actor, id: i64, input: CompanyInput) -> Result<Company> {
        let row = company::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        if !actor.can(Permission::ManageCustomerData) {
            let customers: Vec<i64> = customer::Entity::find()
                .select_only()
                .column(customer::Column::Id)
                .filter(customer::Column::CompanyId.eq(id))
                .into_tuple()
                .all(&self.db)
                .await?;
            if !served_any(&self.db, actor, customers).await? {
                return Err(Error::Forbidden);
            }
        }
        let name = self.checked_name(Some(id), &input.name).await?;
        let txn = self.db.begin().await?;
        values::save(&txn, FieldEntity::Company, id, &input.fields, false).await?;
        let mut row: company::ActiveModel = row.into();
        row.name = Set(name);
        row.updated_at = Set(self.clock.now());
        let row = row.update(&txn).await.map_err(duplicate_name)?;
        txn.commit().await?;
        self.dto(row).await
    }

    async fn checked_name(&self, id: Option<i64>, name: &str) -> Result<String> {
        let mut check = Check::new();
        let name = check.required_text("name", name, COMPANY_NAME_MAX);
        check.finish()?;
        let taken = company::Entity::find()
            .filter(company::Column::Name.eq(name.as_str()))
            .one(&self.db)
            .await?
            .is_some_and(|c| Some(c.id) != id);
        match taken {
            true => Err(Error::field("name", "duplicate")),
            false => Ok(name),
        }
    }

    async fn dto(&self, row: company::Model) -> Result<Company> {
        let customers = customer::Entity::find()
            .filter(customer::Column::CompanyId.eq(row.id))
            .count(&self.db)
            .await?;
        Ok(Company {
            id: row.id,
            fields: values::load(&self.db, FieldEntity::Company, row.id).await?,
            name: row.name,
            customers,
        })
    }
}

fn duplicate_name(e: sea_orm::DbErr) -> Error {
    match crate::people::is_unique_violation(&e) {
        true => Error::field("name", "duplicate"),
        false => e.into(),
    }
}
