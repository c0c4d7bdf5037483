//! The search's filters other than the words: who may see what, and what
//! the console's filter lists offer this reader.

use chrono::{Duration, NaiveDate};
use model::chat::ConversationStatus;
use model::transcripts::{TranscriptFilters, TranscriptQuery, TranscriptState};
use model::Permission;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};

use super::TranscriptService;
use crate::actor::Actor;
use crate::entities::{agent, agent_group, conversation, customer_tag, rating, tag, visitor};
use crate::error::Result;

impl TranscriptService {
    /// The agents, groups and tags the filters list. Agents without
    /// *View all transcripts* find only their own chats, so they are
    /// offered only themselves.
    pub async fn filter_options(&self, actor: &Actor) -> Result<TranscriptFilters> {
        let mut agents = agent::Entity::find().order_by_asc(agent::Column::DisplayName);
        if !actor.can(Permission::ViewAllTranscripts) {
            agents = agents.filter(agent::Column::Id.eq(actor.agent_id));
        }
        Ok(TranscriptFilters {
            agents: agents
                .all(&self.db)
                .await?
                .into_iter()
                .map(|a| (a.id, a.display_name))
                .collect(),
            groups: agent_group::Entity::find()
                .order_by_asc(agent_group::Column::Name)
                .all(&self.db)
                .await?
                .into_iter()
                .map(|g| (g.id, g.name))
                .collect(),
            tags: tag::Entity::find()
                .order_by_asc(tag::Column::Name)
                .all(&self.db)
                .await?
                .into_iter()
                .map(crate::customers::tags::dto)
                .collect(),
            levels: self.settings.survey().await?.levels,
        })
    }
}

/// Who may see what, and the query's filters other than the words.
pub(super) fn condition(actor: &Actor, q: &TranscriptQuery, utc_offset_mins: i32) -> Condition {
    // A day in the team's zone, as the instant it starts.
    let day = |d: NaiveDate| {
        let midnight = d.and_hms_opt(0, 0, 0).expect("midnight exists");
        (midnight - Duration::minutes(utc_offset_mins.into())).and_utc()
    };
    let mut c = Condition::all();
    if !actor.can(Permission::ViewAllTranscripts) {
        c = c.add(conversation::Column::AgentId.eq(actor.agent_id));
    }
    if let Some(a) = q.agent_id {
        c = c.add(conversation::Column::AgentId.eq(a));
    }
    if let Some(g) = q.group_id {
        c = c.add(conversation::Column::GroupId.eq(g));
    }
    if let Some(ch) = q.channel.as_deref().filter(|c| !c.is_empty()) {
        c = c.add(conversation::Column::Channel.eq(ch));
    }
    if let Some(from) = q.from {
        c = c.add(conversation::Column::StartedAt.gte(day(from)));
    }
    if let Some(to) = q.to.and_then(|d| d.succ_opt()) {
        c = c.add(conversation::Column::StartedAt.lt(day(to)));
    }
    c = match q.state {
        TranscriptState::All => c,
        TranscriptState::Live => c.add(conversation::Column::Status.ne(ConversationStatus::Ended)),
        TranscriptState::Ended => c.add(conversation::Column::Status.eq(ConversationStatus::Ended)),
    };
    if let Some(level) = q.rating {
        c = c.add(
            conversation::Column::Id.in_subquery(
                Query::select()
                    .column(rating::Column::ConversationId)
                    .from(rating::Entity)
                    .and_where(rating::Column::Level.eq(level))
                    .to_owned(),
            ),
        );
    }
    if let Some(tag_id) = q.tag_id {
        // The visitor is (or was merged into) a customer with the tag.
        let tagged = Query::select()
            .column(customer_tag::Column::CustomerId)
            .from(customer_tag::Entity)
            .and_where(customer_tag::Column::TagId.eq(tag_id))
            .to_owned();
        c = c.add(
            conversation::Column::VisitorId.in_subquery(
                Query::select()
                    .column(visitor::Column::Id)
                    .from(visitor::Entity)
                    .and_where(visitor::Column::CustomerId.in_subquery(tagged))
                    .to_owned(),
            ),
        );
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::QueryTrait;

    #[test]
    fn an_agent_without_the_permission_is_narrowed_to_their_own() {
        let q = TranscriptQuery::default();
        let plain = Actor::new(7, vec![]);
        let lead = Actor::new(8, vec![Permission::ViewAllTranscripts]);
        // The WHERE clause of a search with these filters.
        let sql = |c: Condition| {
            let all = conversation::Entity::find()
                .filter(c)
                .build(sea_orm::DbBackend::Sqlite)
                .to_string();
            all.split_once("WHERE")
                .map(|(_, w)| w.to_owned())
                .unwrap_or_default()
        };
        assert!(sql(condition(&plain, &q, 480)).contains("\"agent_id\" = 7"));
        assert!(!sql(condition(&lead, &q, 480)).contains("agent_id"));
    }
}
