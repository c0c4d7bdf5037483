//! Background exports (M3): every conversation of a range of days (up to
//! a year) as one CSV row each, built beside serving a page of facts at a
//! time, with its progress in `report_exports` so the console can show it
//! and any server process can hand the file over. Only the agent who
//! asked reads it; a day later it is gone.

use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Tz;
use model::csv;
use model::reports::{ExportState, ReportExport, ReportQuery};
use model::Permission;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, UpdateMany,
};
use tokio::runtime::Handle;

use super::conversation_report::Names;
use super::{period, ReportService};
use crate::actor::Actor;
use crate::entities::{conversation_fact as fact, report_export as export};
use crate::error::{Error, Result};

/// Facts read per step: progress moves at least this often.
const PAGE: u64 = 2_000;

/// After this long a running export is taken to have died with its
/// process (a year's export takes seconds): it reads as failed.
const RUNNING_AT_MOST_MINUTES: i64 = 30;

/// How long a finished export stays.
const KEEP_HOURS: i64 = 24;

/// The file's columns (stable names, for spreadsheets and scripts alike).
pub const HEADER: [&str; 19] = [
    "conversation_id",
    "started_at",
    "ended_at",
    "agent",
    "group",
    "channel",
    "answered",
    "missed",
    "abandoned_in_queue",
    "bot_resolved",
    "handed_off",
    "queue_secs",
    "first_response_secs",
    "mean_reply_secs",
    "duration_secs",
    "messages_in",
    "messages_out",
    "transfers",
    "satisfaction",
];

/// The first lines: the byte-order mark, the period, the header.
pub fn head(from: NaiveDate, to: NaiveDate, tz: Tz) -> String {
    let mut out = String::from(csv::BOM);
    out.push_str(&csv::line(&[format!(
        "Conversations {from} – {to} ({})",
        tz.name()
    )]));
    out.push_str(&csv::line(&HEADER));
    out
}

/// One conversation's line; times are the company's, names as they are now.
pub fn row(f: &fact::Model, names: &Names, tz: Tz) -> String {
    let time = |t: DateTime<Utc>| {
        t.with_timezone(&tz)
            .to_rfc3339_opts(SecondsFormat::Secs, false)
    };
    let opt = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let yes = |b: bool| if b { "1" } else { "0" }.to_owned();
    let name = |m: &std::collections::HashMap<i32, String>, id: Option<i32>| {
        id.and_then(|id| m.get(&id).cloned()).unwrap_or_default()
    };
    let mean_reply = (f.replies > 0).then(|| f.reply_secs_total / i64::from(f.replies));
    csv::line(&[
        f.conversation_id.to_string(),
        time(f.started_at),
        f.ended_at.map(time).unwrap_or_default(),
        name(&names.agents, f.agent_id),
        name(&names.groups, f.group_id),
        f.channel.clone(),
        yes(f.answered),
        yes(f.missed),
        yes(f.abandoned_in_queue),
        yes(f.bot_resolved),
        yes(f.handed_off),
        opt(f.queue_secs),
        opt(f.first_response_secs),
        opt(mean_reply),
        opt(f.duration_secs),
        f.messages_in.to_string(),
        f.messages_out.to_string(),
        f.transfers.to_string(),
        f.satisfaction.map(csv::number).unwrap_or_default(),
    ])
}

fn dto(m: &export::Model) -> ReportExport {
    let day = |s: &str| s.parse().unwrap_or_default();
    ReportExport {
        id: m.id,
        from: day(&m.from_day),
        to: day(&m.to_day),
        state: m.state,
        done: m.done,
        total: m.total,
        file_name: format!("conversations-{}-{}.csv", m.from_day, m.to_day),
        created_at: m.created_at,
    }
}

impl ReportService {
    /// Starts the export of every conversation that started on the days
    /// of `q` (its agent, group and channel filters apply) and returns at
    /// once; [`Self::export`] tells how far it got.
    pub async fn start_export(&self, actor: &Actor, q: &ReportQuery) -> Result<ReportExport> {
        actor.require(Permission::ViewReports)?;
        let tz = self.zone().await?;
        let q = self.resolve(q, tz)?;
        let now = self.clock.now();
        export::Entity::delete_many()
            .filter(export::Column::CreatedAt.lt(now - Duration::hours(KEEP_HOURS)))
            .exec(&self.db)
            .await?;
        let (start, end) = period::range(tz, q.from, q.to);
        let count = self.facts_query(&q, start, end);
        let reads = self.reads.clone();
        let total = super::runner::run(async move { Ok(count.count(&reads).await?) }).await? as i64;
        let row = export::ActiveModel {
            agent_id: Set(actor.agent_id),
            from_day: Set(q.from.to_string()),
            to_day: Set(q.to.to_string()),
            state: Set(ExportState::Running),
            done: Set(0),
            total: Set(total),
            content: Set(None),
            error: Set(None),
            created_at: Set(now),
            finished_at: Set(None),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        let (this, id, main) = (self.clone(), row.id, Handle::current());
        super::runner::spawn(async move {
            if let Err(e) = this.run_export(&main, id, &q, tz, start, end).await {
                tracing::warn!(export = id, error = %e, "report export failed");
                let error: String = e.to_string().chars().take(1_000).collect();
                let _ = this.write(&main, failed(id, error, this.clock.now())).await;
            }
        });
        Ok(dto(&row))
    }

    /// Writes the file a page at a time (by conversation id, so rows that
    /// arrive meanwhile do not shift the pages), then stores it.
    async fn run_export(
        &self,
        main: &Handle,
        id: i64,
        q: &ReportQuery,
        tz: Tz,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<()> {
        let mut out = head(q.from, q.to, tz);
        let (mut after, mut done) = (i64::MIN, 0i64);
        loop {
            let page = self
                .facts_query(q, start, end)
                .filter(fact::Column::ConversationId.gt(after))
                .order_by_asc(fact::Column::ConversationId)
                .limit(PAGE)
                .all(&self.reads)
                .await?;
            let Some(last) = page.last() else { break };
            after = last.conversation_id;
            let names = self.names(&page).await?;
            for f in &page {
                out.push_str(&row(f, &names, tz));
            }
            done += page.len() as i64;
            let progress = export::Entity::update_many()
                .col_expr(export::Column::Done, Expr::value(done))
                .filter(export::Column::Id.eq(id));
            self.write(main, progress).await?;
        }
        let ready = export::Entity::update_many()
            .col_expr(export::Column::State, Expr::value(ExportState::Ready))
            .col_expr(export::Column::Done, Expr::value(done))
            .col_expr(export::Column::Total, Expr::value(done))
            .col_expr(export::Column::Content, Expr::value(out.into_bytes()))
            .col_expr(export::Column::FinishedAt, Expr::value(self.clock.now()))
            .filter(export::Column::Id.eq(id));
        self.write(main, ready).await
    }

    /// Runs one of the export's writes on the server's runtime: on the
    /// reports thread, which waits for a core behind serving, it would hold
    /// SQLite's one writer connection meanwhile.
    async fn write(&self, main: &Handle, update: UpdateMany<export::Entity>) -> Result<()> {
        let db = self.db.clone();
        main.spawn(async move { update.exec(&db).await.map(|_| ()) })
            .await
            .map_err(|e| Error::Internal(format!("export write: {e}")))??;
        Ok(())
    }

    /// How far one of the caller's exports got.
    pub async fn export(&self, actor: &Actor, id: i64) -> Result<ReportExport> {
        Ok(dto(&self.own_export(actor, id).await?))
    }

    /// A ready export's file name and bytes.
    pub async fn export_file(&self, actor: &Actor, id: i64) -> Result<(String, Vec<u8>)> {
        let row = self.own_export(actor, id).await?;
        match (row.state, &row.content) {
            (ExportState::Ready, Some(bytes)) => Ok((dto(&row).file_name, bytes.clone())),
            _ => Err(Error::field("state", "not_ready")),
        }
    }

    /// The caller's export: another's is not found, whoever asks.
    async fn own_export(&self, actor: &Actor, id: i64) -> Result<export::Model> {
        actor.require(Permission::ViewReports)?;
        let mut row = export::Entity::find_by_id(id)
            .filter(export::Column::AgentId.eq(actor.agent_id))
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let now = self.clock.now();
        if is_abandoned(&row, now) {
            failed(id, INTERRUPTED.into(), now).exec(&self.db).await?;
            row.state = ExportState::Failed;
            row.error = Some(INTERRUPTED.into());
        }
        Ok(row)
    }
}

/// Marks running export `id` failed with `error`.
fn failed(id: i64, error: String, at: DateTime<Utc>) -> UpdateMany<export::Entity> {
    export::Entity::update_many()
        .col_expr(export::Column::State, Expr::value(ExportState::Failed))
        .col_expr(export::Column::Error, Expr::value(error))
        .col_expr(export::Column::FinishedAt, Expr::value(at))
        .filter(export::Column::Id.eq(id))
        .filter(export::Column::State.eq(ExportState::Running))
}

const INTERRUPTED: &str = "interrupted: the server stopped while writing it";

/// Whether a running export has been running too long to be alive.
fn is_abandoned(row: &export::Model, now: DateTime<Utc>) -> bool {
    row.state == ExportState::Running
        && now - row.created_at > Duration::minutes(RUNNING_AT_MOST_MINUTES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::period::zone;
    use chrono::TimeZone;
    use std::collections::HashMap;

    #[test]
    fn a_row_is_the_conversation_in_the_company_zone_with_names_guarded() {
        let tz = zone("Asia/Shanghai");
        let at = Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap();
        let f = fact::Model {
            agent_id: Some(7),
            group_id: Some(3),
            channel: "web".into(),
            replies: 2,
            reply_secs_total: 50,
            first_response_secs: Some(12),
            satisfaction: Some(50.0),
            answered: true,
            ended_at: Some(at + Duration::minutes(5)),
            duration_secs: Some(300),
            ..crate::reports::summary::tests::fact(42)
        };
        let names = Names {
            agents: HashMap::from([(7, "=HYPERLINK(\"x\")".to_owned())]),
            groups: HashMap::from([(3, "Sales, north".to_owned())]),
        };
        let line = row(&f, &names, tz);
        assert!(line.starts_with("42,2026-03-01T18:00:00+08:00,2026-03-01T18:05:00+08:00,"));
        assert!(line.contains(",\"'=HYPERLINK(\"\"x\"\")\",\"Sales, north\",web,1,0,"));
        assert!(line.ends_with(",0,,12,25,300,0,0,0,50\r\n"), "{line}");
        let head = head(
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 3, 7).unwrap(),
            tz,
        );
        assert!(head.starts_with('\u{feff}'));
        assert_eq!(head.lines().count(), 2);
    }

    #[test]
    fn a_running_export_of_a_dead_process_reads_as_abandoned_after_half_an_hour() {
        let started = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let mut row = export::Model {
            id: 1,
            agent_id: 1,
            from_day: "2026-11-01".into(),
            to_day: "2026-11-23".into(),
            state: ExportState::Running,
            done: 2_000,
            total: 9_000,
            content: None,
            error: None,
            created_at: started,
            finished_at: None,
        };
        assert!(!is_abandoned(&row, started + Duration::minutes(29)));
        assert!(is_abandoned(&row, started + Duration::minutes(31)));
        row.state = ExportState::Ready;
        assert!(!is_abandoned(&row, started + Duration::days(1)));
    }
}
