//! Transcripts (M2): conversations found by what was said (Chinese and
//! English, through the index the message writer keeps, see [`index`]) and
//! by agent, group, channel, dates, rating and state; newest first, a page
//! at a time by cursor. Agents without *View all transcripts* find only
//! the conversations they serve.

pub mod backfill;
mod filters;
mod full;
pub mod index;
mod newest;
pub mod terms;

use std::collections::HashMap;

use model::transcripts::{MatchedLine, TranscriptHit, TranscriptPage, TranscriptQuery, TEXT_MAX};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use chrono::Datelike;

use crate::actor::Actor;
use crate::chat::dto::conversation_dtos;
use crate::chat::ConversationService;
use crate::entities::{conversation, message};
use crate::error::Result;
use crate::settings::SettingsService;
use crate::validate::Check;

/// Conversations per page.
pub const PAGE: u64 = 20;
/// Matching lines shown per conversation.
const LINES: usize = 3;
/// The years a date filter may name (anything else is a typing error, and
/// far-off years overflow the databases' timestamps).
const FIRST_YEAR: i32 = 2000;
const LAST_YEAR: i32 = 2100;

#[derive(Clone)]
pub struct TranscriptService {
    db: DatabaseConnection,
    settings: SettingsService,
    conversations: ConversationService,
}

impl TranscriptService {
    pub(crate) fn new(
        db: DatabaseConnection,
        settings: SettingsService,
        conversations: ConversationService,
    ) -> Self {
        Self {
            db,
            settings,
            conversations,
        }
    }

    /// Index the messages stored before the index existed, beside serving.
    pub fn start_backfill(&self) {
        backfill::start(self.db.clone());
    }

    pub async fn search(&self, actor: &Actor, q: &TranscriptQuery) -> Result<TranscriptPage> {
        let mut check = Check::new();
        if q.text.chars().count() > TEXT_MAX {
            check.fail("text", "too_long");
        }
        let before = match q.cursor.as_deref() {
            None | Some("") => None,
            Some(c) => match c.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    check.fail("cursor", "invalid");
                    None
                }
            },
        };
        for (field, day) in [("from", q.from), ("to", q.to)] {
            if day.is_some_and(|d| !(FIRST_YEAR..=LAST_YEAR).contains(&d.year())) {
                check.fail(field, "out_of_range");
            }
        }
        if let (Some(from), Some(to)) = (q.from, q.to) {
            if from > to {
                check.fail("to", "out_of_range");
            }
        }
        // Too long text is refused before it is segmented.
        check.finish()?;
        let terms = index::query_of(&q.text);
        if !q.text.trim().is_empty() && terms.is_empty() {
            // Only filler words ("的", "the"): nothing to look for.
            return Err(crate::error::Error::field("text", "no_terms"));
        }

        let offset = self.settings.leave_message().await?.hours.utc_offset_mins;
        let condition = filters::condition(actor, q, offset);
        let sqlite = self.db.get_database_backend() == DbBackend::Sqlite;
        let mut find = conversation::Entity::find();
        if !terms.is_empty() && sqlite {
            let fts = terms::fts_query(&terms);
            let want = PAGE as usize + 1;
            let ids = newest::conversations(&self.db, &fts, condition, before, want).await?;
            find = find.filter(conversation::Column::Id.is_in(ids));
        } else {
            find = find.filter(condition);
            if let Some(id) = before {
                find = find.filter(conversation::Column::Id.lt(id));
            }
            if !terms.is_empty() {
                let sql = index::matching_conversations(self.db.get_database_backend(), &terms);
                find = find.filter(Expr::cust(sql));
            }
        }
        let mut rows = find
            .order_by_desc(conversation::Column::Id)
            .limit(PAGE + 1)
            .all(&self.db)
            .await?;
        let next = (rows.len() as u64 > PAGE).then(|| {
            rows.truncate(PAGE as usize);
            rows.last().map(|c| c.id.to_string()).unwrap_or_default()
        });
        let ids: Vec<i64> = rows.iter().map(|c| c.id).collect();
        let mut lines = self.lines(&ids, &terms).await?;
        let hits = conversation_dtos(&self.db, rows)
            .await?
            .into_iter()
            .map(|c| TranscriptHit {
                lines: lines.remove(&c.id).unwrap_or_default(),
                conversation: c,
            })
            .collect();
        Ok(TranscriptPage { hits, next })
    }

    /// The first few matching lines of each conversation, marked.
    async fn lines(&self, ids: &[i64], terms: &[String]) -> Result<HashMap<i64, Vec<MatchedLine>>> {
        if terms.is_empty() {
            return Ok(HashMap::new());
        }
        let matching = match self.db.get_database_backend() {
            DbBackend::Sqlite => {
                newest::matching_messages(&self.db, &terms::fts_query(terms), ids).await?
            }
            _ => index::matching_messages(&self.db, ids, terms).await?,
        };
        let rows = message::Entity::find()
            .filter(message::Column::Id.is_in(matching))
            .order_by_asc(message::Column::Id)
            .all(&self.db)
            .await?;
        let mut out: HashMap<i64, Vec<MatchedLine>> = HashMap::new();
        for m in rows {
            let list = out.entry(m.conversation_id).or_default();
            if list.len() < LINES {
                list.push(MatchedLine {
                    seq: m.seq,
                    sender: m.sender,
                    created_at: m.created_at,
                    fragments: terms::highlight(&m.body, terms),
                });
            }
        }
        Ok(out)
    }
}
