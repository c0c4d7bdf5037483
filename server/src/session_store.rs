//! tower-sessions store on our database (via the domain's `SessionRepo`), so
//! sessions survive restarts, work across several server processes and can
//! be ended per agent.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::sessions::SessionRepo;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result, SessionStore};

use domain::sessions::AGENT_KEY;

#[derive(Clone)]
pub struct DbSessionStore {
    repo: SessionRepo,
}

impl std::fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbSessionStore")
    }
}

impl DbSessionStore {
    pub fn new(repo: SessionRepo) -> Self {
        Self { repo }
    }
}

fn backend(e: domain::Error) -> Error {
    Error::Backend(e.to_string())
}

fn to_chrono(t: time::OffsetDateTime) -> DateTime<Utc> {
    DateTime::from_timestamp(t.unix_timestamp(), 0).unwrap_or_else(Utc::now)
}

fn parts(record: &Record) -> Result<(String, Option<i32>, String, DateTime<Utc>)> {
    let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
    let agent = record
        .data
        .get(AGENT_KEY)
        .and_then(|v| v.as_i64())
        .and_then(|v| i32::try_from(v).ok());
    Ok((
        record.id.to_string(),
        agent,
        data,
        to_chrono(record.expiry_date),
    ))
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        loop {
            let (id, agent, data, expires) = parts(record)?;
            if self
                .repo
                .create(&id, agent, data, expires)
                .await
                .map_err(backend)?
            {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let (id, agent, data, expires) = parts(record)?;
        self.repo
            .save(&id, agent, data, expires)
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let Some(row) = self
            .repo
            .load(&id.to_string(), Utc::now())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&row.data).map_err(|e| Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(row.expires_at.timestamp())
            .map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        self.repo.delete(&id.to_string()).await.map_err(backend)
    }
}
