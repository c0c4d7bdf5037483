//! Storage for login sessions. The HTTP layer (tower-sessions) owns the
//! cookie and the record format; this module only persists records and can
//! end every session of one agent (when they are disabled).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::entities::session;
use crate::error::Result;

/// The session record's key for the signed-in agent's id (shared by the
/// server functions that sign in and every reader of the session).
pub const AGENT_KEY: &str = "agent_id";

#[derive(Clone)]
pub struct SessionRepo {
    db: DatabaseConnection,
}

impl SessionRepo {
    pub(crate) fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    pub async fn load(&self, id: &str, now: DateTime<Utc>) -> Result<Option<session::Model>> {
        Ok(session::Entity::find_by_id(id.to_owned())
            .filter(session::Column::ExpiresAt.gt(now))
            .one(&self.db)
            .await?)
    }

    pub async fn save(
        &self,
        id: &str,
        agent_id: Option<i32>,
        data: String,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        let row = session::ActiveModel {
            id: Set(id.to_owned()),
            agent_id: Set(agent_id),
            data: Set(data),
            expires_at: Set(expires_at),
        };
        crate::stored_text::check(&row)?;
        session::Entity::insert(row)
            .on_conflict(
                OnConflict::column(session::Column::Id)
                    .update_columns([
                        session::Column::AgentId,
                        session::Column::Data,
                        session::Column::ExpiresAt,
                    ])
                    .to_owned(),
            )
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Insert a new record; `false` if the id is already taken.
    pub async fn create(
        &self,
        id: &str,
        agent_id: Option<i32>,
        data: String,
        expires_at: DateTime<Utc>,
    ) -> Result<bool> {
        if session::Entity::find_by_id(id.to_owned())
            .one(&self.db)
            .await?
            .is_some()
        {
            return Ok(false);
        }
        self.save(id, agent_id, data, expires_at).await?;
        Ok(true)
    }

    pub async fn delete(&self, id: &str) -> Result<()> {
        session::Entity::delete_by_id(id.to_owned())
            .exec(&self.db)
            .await?;
        Ok(())
    }

    pub async fn delete_for_agent(&self, agent_id: i32) -> Result<u64> {
        let res = session::Entity::delete_many()
            .filter(session::Column::AgentId.eq(agent_id))
            .exec(&self.db)
            .await?;
        Ok(res.rows_affected)
    }

    pub async fn delete_expired(&self, now: DateTime<Utc>) -> Result<u64> {
        let res = session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lte(now))
            .exec(&self.db)
            .await?;
        Ok(res.rows_affected)
    }
}
