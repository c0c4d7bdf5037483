//! Reports (M3–M5), every figure as `docs/metrics.md` defines it: one
//! conversation's figures ([`metrics`]) kept in `conversation_facts`
//! ([`facts`]), summed and ranked over many ([`summary`]) in the
//! company's days and hours ([`period`]). Readers need *View reports*.

pub mod conversation_report;
pub mod export;
pub mod facts;
pub mod metrics;
pub mod period;
mod runner;
pub mod status_time;
pub mod summary;
pub mod tags;
pub mod work;

use std::collections::HashMap;
use std::sync::Arc;

use chrono_tz::Tz;
use model::audit::AuditKind;
use model::reports::{
    AgentWorkReport, Report, ReportQuery, ReportSettings, ServiceReport, TagReport,
};
use model::Permission;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::actor::Actor;
use crate::clock::Clock;
use crate::entities::{
    agent, agent_status_log as status_log, conversation_fact as fact, customer_tag, tag,
};
use crate::error::{Error, Result};
use crate::settings::{SettingsService, REPORTS};
use conversation_report::{check_range, Names};

#[derive(Clone)]
pub struct ReportService {
    db: DatabaseConnection,
    /// Where the reports' long reads go: on a SQLite file, connections of
    /// their own, so a report never holds the one that stores messages.
    reads: DatabaseConnection,
    /// The settings a report reads, through `reads`.
    read_settings: SettingsService,
    clock: Arc<dyn Clock>,
    settings: SettingsService,
}

impl ReportService {
    pub(crate) fn new(
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        settings: SettingsService,
    ) -> Self {
        let reads = crate::db::reads(&db);
        Self {
            read_settings: settings.reading_from(reads.clone()),
            reads,
            db,
            clock,
            settings,
        }
    }

    /// Fill in the facts of conversations stored before reports existed,
    /// then keep catching any a crash left out, beside serving.
    pub fn start_facts(&self) {
        facts::start(self.db.clone(), self.clock.clone());
    }

    pub async fn settings(&self, actor: &Actor) -> Result<ReportSettings> {
        actor.require(Permission::ViewReports)?;
        self.settings.reports().await
    }

    /// The company's time zone, for every report's days and hours.
    pub async fn save_settings(
        &self,
        actor: &Actor,
        input: ReportSettings,
    ) -> Result<ReportSettings> {
        actor.require(Permission::ViewReports)?;
        if input.time_zone.parse::<Tz>().is_err() {
            return Err(Error::field("time_zone", "invalid"));
        }
        self.settings
            .put_by(actor, AuditKind::Reports, REPORTS, &input)
            .await?;
        Ok(input)
    }

    async fn zone(&self) -> Result<Tz> {
        Ok(period::zone(&self.read_settings.reports().await?.time_zone))
    }

    /// The query with a preset turned into its days (today in `tz`), and
    /// checked.
    fn resolve(&self, q: &ReportQuery, tz: Tz) -> Result<ReportQuery> {
        let mut q = q.clone();
        if let Some(key) = q.preset.as_deref().filter(|k| !k.is_empty()) {
            let today = self.clock.now().with_timezone(&tz).date_naive();
            let (from, to) = period::preset(key, today).ok_or(Error::field("preset", "invalid"))?;
            (q.from, q.to) = (from, to);
        }
        if let Some((field, code)) = check_range(&q) {
            return Err(Error::field(field, code));
        }
        Ok(q)
    }

    // Each report runs on the reports thread (see `runner`).

    pub async fn conversation_report(&self, actor: &Actor, q: &ReportQuery) -> Result<Report> {
        let (this, actor, q) = (self.clone(), actor.clone(), q.clone());
        runner::run(async move { this.conversation_report_here(&actor, &q).await }).await
    }

    pub async fn agent_work(&self, actor: &Actor, q: &ReportQuery) -> Result<AgentWorkReport> {
        let (this, actor, q) = (self.clone(), actor.clone(), q.clone());
        runner::run(async move { this.agent_work_here(&actor, &q).await }).await
    }

    pub async fn service_report(&self, actor: &Actor, q: &ReportQuery) -> Result<ServiceReport> {
        let (this, actor, q) = (self.clone(), actor.clone(), q.clone());
        runner::run(async move { this.service_report_here(&actor, &q).await }).await
    }

    pub async fn tag_report(&self, actor: &Actor, q: &ReportQuery) -> Result<TagReport> {
        let (this, actor, q) = (self.clone(), actor.clone(), q.clone());
        runner::run(async move { this.tag_report_here(&actor, &q).await }).await
    }

    /// The conversation report (M3): conversations that started in the
    /// range, in rows by the chosen breakdown, with the total and the
    /// previous period's.
    async fn conversation_report_here(&self, actor: &Actor, q: &ReportQuery) -> Result<Report> {
        actor.require(Permission::ViewReports)?;
        let tz = self.zone().await?;
        let q = &self.resolve(q, tz)?;
        let (prev_from, _) = period::previous(q.from, q.to);
        let (start, end) = period::range(tz, q.from, q.to);
        let (prev_start, _) = period::range(tz, prev_from, prev_from);
        let mut rows = self.facts(q, prev_start, end).await?;
        if q.business_hours {
            let hours = self.read_settings.leave_message().await?.hours;
            rows.retain(|f| crate::routing::hours::is_open(&hours, f.started_at));
        }
        let (current, before): (Vec<_>, Vec<_>) =
            rows.into_iter().partition(|f| f.started_at >= start);
        let names = self.names(&current).await?;
        let mut report = conversation_report::build(q, tz, &current, &before, &names);
        report.rating_levels = self.read_settings.survey().await?.levels;
        Ok(report)
    }

    /// The agent work report (M5): every enabled agent's time online, busy
    /// and away from the statuses they set, and the figures of the
    /// conversations they had last, over the days `q.from..=q.to`.
    async fn agent_work_here(&self, actor: &Actor, q: &ReportQuery) -> Result<AgentWorkReport> {
        actor.require(Permission::ViewReports)?;
        let tz = self.zone().await?;
        let q = &self.resolve(q, tz)?;
        let (start, end) = period::range(tz, q.from, q.to);
        let end = end.min(self.clock.now()).max(start);
        let facts = self.facts(q, start, end).await?;
        let agents: Vec<(i32, String)> = agent::Entity::find()
            .filter(agent::Column::Enabled.eq(true))
            .all(&self.reads)
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect();
        let mut times = HashMap::new();
        for (id, _) in &agents {
            let before = status_log::Entity::find()
                .filter(status_log::Column::AgentId.eq(*id))
                .filter(status_log::Column::At.lt(start))
                .order_by_desc(status_log::Column::At)
                .one(&self.reads)
                .await?
                .map(|r| r.status);
            let changes: Vec<_> = status_log::Entity::find()
                .filter(status_log::Column::AgentId.eq(*id))
                .filter(status_log::Column::At.gte(start))
                .filter(status_log::Column::At.lt(end))
                .all(&self.reads)
                .await?
                .into_iter()
                .map(|r| (r.status, r.at))
                .collect();
            times.insert(
                *id,
                status_time::time_in_status(before, &changes, start, end),
            );
        }
        let qa = crate::qa::agent_averages(&self.reads, start, end).await?;
        Ok(AgentWorkReport {
            from: q.from,
            to: q.to,
            time_zone: tz.name().to_owned(),
            rows: work::agent_rows(&agents, &facts, &times, &qa),
        })
    }

    /// The customer service report (M5): volume by day, channels, and the
    /// weekday × hour heat map of when conversations start.
    async fn service_report_here(&self, actor: &Actor, q: &ReportQuery) -> Result<ServiceReport> {
        actor.require(Permission::ViewReports)?;
        let tz = self.zone().await?;
        let q = &self.resolve(q, tz)?;
        let (start, end) = period::range(tz, q.from, q.to);
        let facts = self.facts(q, start, end).await?;
        let by_day = ReportQuery {
            grouping: model::reports::Grouping::Day,
            breakdown: model::reports::Breakdown::Time,
            ..q.clone()
        };
        let by_day = conversation_report::build(&by_day, tz, &facts, &[], &Names::default());
        Ok(ServiceReport {
            from: q.from,
            to: q.to,
            time_zone: tz.name().to_owned(),
            total: by_day.total,
            days: by_day.rows,
            channels: work::channel_rows(&facts),
            heat: work::heat(tz, &facts),
        })
    }

    /// The customer tag analysis (M5): conversations and satisfaction by
    /// the tags their customers have now, and the busiest tags over the
    /// days (weeks for a month or more).
    async fn tag_report_here(&self, actor: &Actor, q: &ReportQuery) -> Result<TagReport> {
        actor.require(Permission::ViewReports)?;
        let tz = self.zone().await?;
        let q = &self.resolve(q, tz)?;
        let (start, end) = period::range(tz, q.from, q.to);
        let facts = self.facts(q, start, end).await?;
        let customers: Vec<i64> = facts
            .iter()
            .filter_map(|f| f.customer_id)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut customer_tags: HashMap<i64, Vec<i32>> = HashMap::new();
        // In chunks: a query has at most a few thousand parameters.
        for chunk in customers.chunks(5_000) {
            for row in customer_tag::Entity::find()
                .filter(customer_tag::Column::CustomerId.is_in(chunk.iter().copied()))
                .all(&self.reads)
                .await?
            {
                customer_tags
                    .entry(row.customer_id)
                    .or_default()
                    .push(row.tag_id);
            }
        }
        let faces: Vec<tags::TagFace> = tag::Entity::find()
            .all(&self.reads)
            .await?
            .into_iter()
            .map(|t| (t.id, t.name, t.color))
            .collect();
        let (rows, untagged) = tags::tag_rows(&faces, &facts, &customer_tags);
        let grouping = tags::grouping_for(q.from, q.to);
        let buckets = period::buckets(tz, grouping, q.from, q.to);
        let top = &rows[..rows.len().min(tags::TOP_TAGS)];
        let top = tags::tag_series(tz, grouping, &buckets, top, &facts, &customer_tags);
        Ok(TagReport {
            from: q.from,
            to: q.to,
            time_zone: tz.name().to_owned(),
            rows,
            untagged,
            buckets: tags::bucket_keys(grouping, &buckets),
            top,
        })
    }

    /// The names of the agents and groups of `facts`.
    async fn names(&self, facts: &[fact::Model]) -> Result<Names> {
        let (agents, groups) = (
            facts.iter().filter_map(|f| f.agent_id).collect(),
            facts.iter().filter_map(|f| f.group_id).collect(),
        );
        Ok(Names {
            agents: crate::people::agent_names(&self.reads, agents).await?,
            groups: crate::people::group_names(&self.reads, groups).await?,
        })
    }

    /// Facts of conversations that started in `[from, to)` and pass the
    /// query's agent, group and channel filters.
    async fn facts(
        &self,
        q: &ReportQuery,
        from: chrono::DateTime<chrono::Utc>,
        to: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<fact::Model>> {
        Ok(self.facts_query(q, from, to).all(&self.reads).await?)
    }

    fn facts_query(
        &self,
        q: &ReportQuery,
        from: chrono::DateTime<chrono::Utc>,
        to: chrono::DateTime<chrono::Utc>,
    ) -> sea_orm::Select<fact::Entity> {
        let mut find = fact::Entity::find()
            .filter(fact::Column::StartedAt.gte(from))
            .filter(fact::Column::StartedAt.lt(to));
        if let Some(a) = q.agent_id {
            find = find.filter(fact::Column::AgentId.eq(a));
        }
        if let Some(g) = q.group_id {
            find = find.filter(fact::Column::GroupId.eq(g));
        }
        if let Some(c) = q.channel.as_deref().filter(|c| !c.is_empty()) {
            find = find.filter(fact::Column::Channel.eq(c));
        }
        find
    }
}
