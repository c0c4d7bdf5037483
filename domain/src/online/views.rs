//! Page views reach the database in batches: one writer task takes what
//! has queued up and stores it in one multi-row insert plus one update of
//! the visitors' last-seen times, so thousands of host pages cost a few
//! statements a second instead of two each, and never wait for a message
//! write. The registry already holds what agents see; a view that finds
//! the queue full is kept there and only missing from the stored history.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use tokio::sync::mpsc;

use crate::entities::{page_view, site_visitor};

/// Views waiting for the writer, at most.
const QUEUE: usize = 20_000;
/// Views stored per statement, at most.
const BATCH: usize = 500;

#[derive(Debug, Clone)]
pub struct PendingView {
    pub site_visitor: String,
    pub visit: i32,
    pub url: String,
    pub title: String,
    pub referrer: Option<String>,
    pub at: DateTime<Utc>,
}

/// The writer's queue.
#[derive(Clone)]
pub struct ViewWriter {
    tx: mpsc::Sender<PendingView>,
}

impl ViewWriter {
    /// Starts the writer task (call inside a tokio runtime).
    pub fn start(db: DatabaseConnection) -> Self {
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(db, rx));
        Self { tx }
    }

    pub fn push(&self, view: PendingView) {
        if self.tx.try_send(view).is_err() {
            tracing::warn!("page-view queue full: a view is not stored");
        }
    }
}

async fn run(db: DatabaseConnection, mut rx: mpsc::Receiver<PendingView>) {
    let mut batch = Vec::with_capacity(BATCH);
    while rx.recv_many(&mut batch, BATCH).await > 0 {
        if let Err(e) = store(&db, &batch).await {
            tracing::error!(error = %e, views = batch.len(), "page views not stored");
        }
        batch.clear();
    }
}

async fn store(db: &DatabaseConnection, views: &[PendingView]) -> Result<(), sea_orm::DbErr> {
    let rows: Vec<page_view::ActiveModel> = views
        .iter()
        .map(|v| page_view::ActiveModel {
            site_visitor_id: Set(v.site_visitor.clone()),
            visit: Set(v.visit),
            url: Set(v.url.clone()),
            title: Set(v.title.clone()),
            referrer: Set(v.referrer.clone()),
            at: Set(v.at),
            ..Default::default()
        })
        // `insert_many` skips `before_save`: check each row here.
        .filter(|row| crate::stored_text::check(row).is_ok())
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    page_view::Entity::insert_many(rows).exec(db).await?;
    let latest = views.iter().map(|v| v.at).max().unwrap_or_default();
    let mut ids: Vec<String> = views.iter().map(|v| v.site_visitor.clone()).collect();
    ids.sort();
    ids.dedup();
    site_visitor::Entity::update_many()
        .col_expr(site_visitor::Column::LastSeenAt, Expr::value(latest))
        .filter(site_visitor::Column::Id.is_in(ids))
        .exec(db)
        .await?;
    Ok(())
}
