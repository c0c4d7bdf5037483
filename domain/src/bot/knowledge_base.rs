//! The bot's knowledge base (P3, Console → Knowledge base): entries with
//! a standard question, similar phrasings, an answer, a category and a
//! language; search, bulk enable/disable, CSV import and export. Everything
//! here takes *Manage the bot*; every change reaches the index at once.

use std::sync::Arc;

use model::audit::AuditKind;
use model::bot::{KbEntry, KbEntryInput, KbImportReport, KbLang, KbPage, KbQuery, PAGE_SIZE};
use model::{FieldError, Permission};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::entries::{check_entry, export_csv, parse_csv, row_error, CleanEntry};
use super::live_index::LiveIndex;
use super::text::normalise;
use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::clock::Clock;
use crate::entities::kb_entry;
use crate::error::{Error, Result};

fn dto(row: kb_entry::Model) -> KbEntry {
    KbEntry {
        id: row.id,
        question: row.question,
        similar: serde_json::from_str(&row.similar).unwrap_or_default(),
        answer: row.answer,
        category: row.category,
        lang: KbLang::from_key(&row.lang).unwrap_or_default(),
        enabled: row.enabled,
        updated_at: row.updated_at,
    }
}

/// `%word%` for LIKE, with the word's own `%`, `_` and `\` kept literal.
fn contains(word: &str) -> LikeExpr {
    let escaped = word
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

#[derive(Clone)]
pub struct KnowledgeBaseService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    audit: AuditLog,
    index: LiveIndex,
}

impl KnowledgeBaseService {
    pub(crate) fn new(
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        audit: AuditLog,
        index: LiveIndex,
    ) -> Self {
        Self {
            db,
            clock,
            audit,
            index,
        }
    }

    /// A page of entries matching `q`, newest change first.
    pub async fn list(&self, actor: &Actor, q: KbQuery) -> Result<KbPage> {
        actor.require(Permission::ManageBot)?;
        let mut cond = Condition::all();
        for word in normalise(&q.search).split_whitespace().take(8) {
            cond = cond.add(Expr::col(kb_entry::Column::SearchText).like(contains(word)));
        }
        if let Some(c) = q.category.as_deref().filter(|c| !c.is_empty()) {
            cond = cond.add(kb_entry::Column::Category.eq(c));
        }
        if let Some(e) = q.enabled {
            cond = cond.add(kb_entry::Column::Enabled.eq(e));
        }
        let query = kb_entry::Entity::find().filter(cond);
        let total = query.clone().count(&self.db).await?;
        let entries = query
            .order_by_desc(kb_entry::Column::UpdatedAt)
            .order_by_desc(kb_entry::Column::Id)
            .offset(Ord::min(q.page, 10_000) * PAGE_SIZE)
            .limit(PAGE_SIZE)
            .all(&self.db)
            .await?
            .into_iter()
            .map(dto)
            .collect();
        let categories: Vec<String> = kb_entry::Entity::find()
            .select_only()
            .column(kb_entry::Column::Category)
            .filter(kb_entry::Column::Category.ne(""))
            .distinct()
            .order_by_asc(kb_entry::Column::Category)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(KbPage {
            entries,
            total,
            categories,
        })
    }

    pub async fn get(&self, actor: &Actor, id: i64) -> Result<KbEntry> {
        actor.require(Permission::ManageBot)?;
        Ok(dto(self.find(id).await?))
    }

    async fn find(&self, id: i64) -> Result<kb_entry::Model> {
        kb_entry::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)
    }

    /// Another entry with this normalised question, if any.
    async fn same_question(
        &self,
        key: &str,
        except: Option<i64>,
    ) -> Result<Option<kb_entry::Model>> {
        let mut q = kb_entry::Entity::find().filter(kb_entry::Column::QuestionKey.eq(key));
        if let Some(id) = except {
            q = q.filter(kb_entry::Column::Id.ne(id));
        }
        Ok(q.one(&self.db).await?)
    }

    /// Create (`id` None) or change an entry. Two entries may not ask the
    /// same question (`question: duplicate`).
    pub async fn save(
        &self,
        actor: &Actor,
        id: Option<i64>,
        input: KbEntryInput,
    ) -> Result<KbEntry> {
        actor.require(Permission::ManageBot)?;
        let existing = match id {
            Some(id) => Some(self.find(id).await?),
            None => None,
        };
        let clean = check_entry(&input).map_err(Error::Invalid)?;
        if self.same_question(&clean.key, id).await?.is_some() {
            return Err(Error::field("question", "duplicate"));
        }
        let before = existing.clone().map(dto);
        let row = self.write(existing, &clean).await?;
        let after = dto(row.clone());
        let entry = Entry::saved(
            AuditKind::KbEntry,
            after.id,
            &after.question,
            before.as_ref(),
            &after,
        );
        self.audit.record(&self.db, actor, entry).await?;
        self.index.changed(row.id, Some(&row)).await?;
        Ok(after)
    }

    /// Store `clean` as a new row or over `existing`.
    async fn write(
        &self,
        existing: Option<kb_entry::Model>,
        clean: &CleanEntry,
    ) -> Result<kb_entry::Model> {
        let now = self.clock.now();
        let is_new = existing.is_none();
        let mut row: kb_entry::ActiveModel = match existing {
            Some(r) => r.into(),
            None => kb_entry::ActiveModel {
                created_at: Set(now),
                ..Default::default()
            },
        };
        row.question = Set(clean.question.clone());
        row.question_key = Set(clean.key.clone());
        row.similar = Set(serde_json::to_string(&clean.similar).unwrap_or_else(|_| "[]".into()));
        row.answer = Set(clean.answer.clone());
        row.category = Set(clean.category.clone());
        row.lang = Set(clean.lang.key().to_owned());
        row.enabled = Set(clean.enabled);
        row.search_text = Set(clean.search_text());
        row.updated_at = Set(now);
        let saved = if is_new {
            row.insert(&self.db).await
        } else {
            row.update(&self.db).await
        };
        match saved {
            Ok(r) => Ok(r),
            // Another admin saved the same question meanwhile.
            Err(e) if crate::people::is_unique_violation(&e) => {
                Err(Error::field("question", "duplicate"))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Delete an entry; one already gone is no error (another admin, a
    /// retried request).
    pub async fn delete(&self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Permission::ManageBot)?;
        let Some(row) = kb_entry::Entity::find_by_id(id).one(&self.db).await? else {
            return Ok(());
        };
        kb_entry::Entity::delete_by_id(id).exec(&self.db).await?;
        let before = dto(row);
        let entry = Entry::deleted(AuditKind::KbEntry, id, &before.question, &before);
        self.audit.record(&self.db, actor, entry).await?;
        self.index.changed(id, None).await
    }

    /// Turn entries on or off at once; returns how many changed.
    pub async fn set_enabled(&self, actor: &Actor, ids: &[i64], enabled: bool) -> Result<u64> {
        actor.require(Permission::ManageBot)?;
        if ids.len() > model::bot::IMPORT_ROWS_MAX {
            return Err(Error::field("ids", "too_many"));
        }
        let changed = kb_entry::Entity::update_many()
            .col_expr(kb_entry::Column::Enabled, Expr::value(enabled))
            .col_expr(kb_entry::Column::UpdatedAt, Expr::value(self.clock.now()))
            .filter(kb_entry::Column::Id.is_in(ids.iter().copied()))
            .filter(kb_entry::Column::Enabled.ne(enabled))
            .exec(&self.db)
            .await?
            .rows_affected;
        if changed > 0 {
            let entry = Entry::settings(
                AuditKind::KbEntry,
                &serde_json::json!({ "entries": ids, "enabled": !enabled }),
                &serde_json::json!({ "entries": ids, "enabled": enabled }),
            );
            self.audit.record(&self.db, actor, entry).await?;
            self.index.changed_many().await?;
        }
        Ok(changed)
    }

    /// Every entry as a spreadsheet (UTF-8 with BOM).
    pub async fn export(&self, actor: &Actor) -> Result<Vec<u8>> {
        actor.require(Permission::ManageBot)?;
        let rows: Vec<KbEntry> = kb_entry::Entity::find()
            .order_by_asc(kb_entry::Column::Category)
            .order_by_asc(kb_entry::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(dto)
            .collect();
        Ok(export_csv(&rows))
    }

    /// Read a spreadsheet: good rows are stored (a row whose question is
    /// already an entry updates it), bad ones reported by line. The same
    /// question twice in one file is an error on the later row.
    pub async fn import(&self, actor: &Actor, bytes: &[u8]) -> Result<KbImportReport> {
        actor.require(Permission::ManageBot)?;
        let (rows, mut errors) = parse_csv(bytes)?;
        let mut report = KbImportReport::default();
        let mut seen: Vec<String> = vec![];
        for row in rows {
            let clean = match check_entry(&row.input) {
                Ok(c) => c,
                Err(errs) => {
                    errors.extend(
                        errs.iter()
                            .map(|e: &FieldError| row_error(row.line, &e.field, &e.code)),
                    );
                    continue;
                }
            };
            if seen.contains(&clean.key) {
                errors.push(row_error(row.line, "question", "duplicate"));
                continue;
            }
            seen.push(clean.key.clone());
            let existing = self.same_question(&clean.key, None).await?;
            let updating = existing.is_some();
            match self.write(existing, &clean).await {
                Ok(_) if updating => report.updated += 1,
                Ok(_) => report.created += 1,
                Err(Error::Invalid(errs)) => {
                    errors.extend(errs.iter().map(|e| row_error(row.line, &e.field, &e.code)))
                }
                Err(e) => return Err(e),
            }
        }
        errors.sort_by_key(|e| e.row);
        report.errors = errors;
        if report.created + report.updated > 0 {
            let entry = Entry::settings(
                AuditKind::KbEntry,
                &serde_json::json!({ "imported": 0 }),
                &serde_json::json!({ "imported": report.created + report.updated }),
            );
            self.audit.record(&self.db, actor, entry).await?;
            self.index.changed_many().await?;
        }
        Ok(report)
    }
}
