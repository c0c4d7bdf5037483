//! Tickets (R6, R7, W5): created by agents (optionally from a conversation)
//! or by visitors through the leave-a-message form; assigned, prioritised,
//! commented, and every change kept as history.
//!
//! Who reads which ticket is `visibility.rs`: everything with "view all
//! tickets" or "manage tickets", else your own, your groups' and nobody's.
//! Every agent can create tickets and comment on those they read. Changing
//! a ticket needs `ManageTickets`, or that it is yours or nobody's; without
//! `ManageTickets` you can only assign a ticket to yourself.

pub(crate) mod visibility;

use std::collections::HashMap;
use std::sync::Arc;

use model::tickets::{
    ActivityKind, AssigneeFilter, Ticket, TicketActivity, TicketDetail, TicketFilter, TicketInput,
    TicketPriority, TicketSource, TicketStatus, TicketUpdate, DESCRIPTION_MAX, SUBJECT_MAX,
    TICKET_COMMENT_MAX,
};
use model::Permission;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};

use crate::actor::Actor;
use crate::clock::Clock;
use crate::customers::definitions::definitions_of;
use crate::customers::values::{self, check_values};
use crate::entities::{agent, conversation, ticket, ticket_activity, visitor};
use crate::error::{Error, Result};
use crate::validate::Check;
use model::fields::FieldEntity;
use visibility::Reader;

pub const LIST_LIMIT: u64 = 200;

#[derive(Clone)]
pub struct TicketService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
}

impl TicketService {
    pub(crate) fn new(db: DatabaseConnection, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }

    pub async fn list(&self, actor: &Actor, filter: &TicketFilter) -> Result<Vec<Ticket>> {
        let mut check = Check::new();
        let from = check.day("from", filter.from.as_deref());
        let to = check.day("to", filter.to.as_deref());
        check.finish()?;
        if let Some(c) = filter.conversation_id {
            // Asking by conversation must not tell about one you cannot see.
            self.visible_conversation(actor, c)
                .await?
                .ok_or(Error::NotFound)?;
        }
        let reader = Reader::of(&self.db, actor).await?;
        let mut q = ticket::Entity::find().filter(reader.condition());
        if let Some(s) = filter.status {
            q = q.filter(ticket::Column::Status.eq(s));
        }
        if let Some(p) = filter.priority {
            q = q.filter(ticket::Column::Priority.eq(p));
        }
        q = match filter.assignee {
            AssigneeFilter::Anyone => q,
            AssigneeFilter::Me => q.filter(ticket::Column::AssigneeId.eq(actor.agent_id)),
            AssigneeFilter::Unassigned => q.filter(ticket::Column::AssigneeId.is_null()),
            AssigneeFilter::Agent(a) => q.filter(ticket::Column::AssigneeId.eq(a)),
        };
        q = q.filter(crate::validate::within_days(
            ticket::Column::CreatedAt,
            from,
            to,
        ));
        if let Some(c) = filter.conversation_id {
            q = q.filter(ticket::Column::ConversationId.eq(c));
        }
        let rows = q
            .order_by_desc(ticket::Column::Id)
            .limit(LIST_LIMIT)
            .all(&self.db)
            .await?;
        self.dtos(rows).await
    }

    pub async fn get(&self, actor: &Actor, id: i64) -> Result<TicketDetail> {
        let row = self.readable(actor, id).await?;
        self.detail(row).await
    }

    /// Change a ticket and read it back, also when the change took it out
    /// of the actor's sight (they unassigned their own ticket).
    pub async fn update_and_read(
        &self,
        actor: &Actor,
        id: i64,
        change: TicketUpdate,
    ) -> Result<TicketDetail> {
        self.update(actor, id, change).await?;
        self.detail(self.find(id).await?).await
    }

    async fn detail(&self, row: ticket::Model) -> Result<TicketDetail> {
        let id = row.id;
        let activities = ticket_activity::Entity::find()
            .filter(ticket_activity::Column::TicketId.eq(id))
            .order_by_asc(ticket_activity::Column::Id)
            .all(&self.db)
            .await?;
        let names = self
            .names(activities.iter().filter_map(|a| a.agent_id).collect())
            .await?;
        let activities = activities
            .into_iter()
            .map(|a| TicketActivity {
                id: a.id,
                kind: a.kind,
                agent_name: a.agent_id.and_then(|x| names.get(&x).cloned()),
                body: a.body,
                from_value: a.from_value,
                to_value: a.to_value,
                created_at: a.created_at,
            })
            .collect();
        let assignees = agent::Entity::find()
            .filter(agent::Column::Enabled.eq(true))
            .order_by_asc(agent::Column::DisplayName)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|a| (a.id, a.display_name))
            .collect();
        Ok(TicketDetail {
            fields: values::load(&self.db, FieldEntity::Ticket, id).await?,
            ticket: self.dtos(vec![row]).await?.remove(0),
            activities,
            assignees,
        })
    }

    /// An agent's new ticket, optionally from a conversation they can see
    /// (W5): it is linked to the conversation and its visitor.
    pub async fn create(&self, actor: &Actor, input: TicketInput) -> Result<Ticket> {
        let mut check = Check::new();
        let subject = check.required_text("subject", &input.subject, SUBJECT_MAX);
        let description = check
            .optional_text("description", Some(&input.description), DESCRIPTION_MAX)
            .unwrap_or_default();
        if let Some(a) = input.assignee_id {
            if a != actor.agent_id && !actor.can(Permission::ManageTickets) {
                check.fail("assignee_id", "forbidden");
            } else if !self.enabled_agent(a).await? {
                check.fail("assignee_id", "not_found");
            }
        }
        let defs = definitions_of(&self.db, FieldEntity::Ticket).await?;
        if let Err(errors) = check_values(&defs, &input.fields, true) {
            for e in errors {
                check.fail(&e.field, &e.code);
            }
        }
        let conv = match input.conversation_id {
            Some(c) => {
                let visible = self.visible_conversation(actor, c).await?;
                if visible.is_none() {
                    check.fail("conversation_id", "not_found");
                }
                visible
            }
            None => None,
        };
        check.finish()?;
        let visitor = match &conv {
            Some(c) => {
                visitor::Entity::find_by_id(c.visitor_id)
                    .one(&self.db)
                    .await?
            }
            None => None,
        };
        let draft = NewTicket {
            subject,
            description,
            priority: input.priority,
            assignee_id: input.assignee_id,
            group_id: conv.as_ref().and_then(|c| c.group_id),
            visitor_id: visitor.as_ref().map(|v| v.id),
            conversation_id: conv.as_ref().map(|c| c.id),
            contact_name: visitor.as_ref().map(|v| v.name.clone()),
            contact_email: visitor.as_ref().and_then(|v| v.email.clone()),
            contact_phone: None,
            source: TicketSource::Agent,
            created_by: Some(actor.agent_id),
        };
        self.insert(draft, &defs, &input.fields).await
    }

    /// Change the ticket custom fields given; the same rights as `update`.
    pub async fn set_fields(
        &self,
        actor: &Actor,
        id: i64,
        fields: model::fields::FieldValues,
    ) -> Result<TicketDetail> {
        let row = self.readable(actor, id).await?;
        let mine_or_free = row.assignee_id.is_none_or(|a| a == actor.agent_id);
        if !actor.can(Permission::ManageTickets) && !mine_or_free {
            return Err(Error::Forbidden);
        }
        values::save(&self.db, FieldEntity::Ticket, id, &fields, false).await?;
        self.detail(self.find(id).await?).await
    }

    pub async fn update(&self, actor: &Actor, id: i64, change: TicketUpdate) -> Result<Ticket> {
        let row = self.readable(actor, id).await?;
        let manager = actor.can(Permission::ManageTickets);
        let mine_or_free = row.assignee_id.is_none_or(|a| a == actor.agent_id);
        if !manager && !mine_or_free {
            return Err(Error::Forbidden);
        }
        let mut check = Check::new();
        if let Some(Some(a)) = change.assignee_id {
            if a != actor.agent_id && !manager {
                check.fail("assignee_id", "forbidden");
            } else if !self.enabled_agent(a).await? {
                check.fail("assignee_id", "not_found");
            }
        }
        check.finish()?;
        let now = self.clock.now();
        let mut log: Vec<(ActivityKind, Option<String>, Option<String>)> = vec![];
        // Written only if nobody changed the ticket since we read it, so the
        // permission check above still holds when the row changes.
        let mut write = ticket::Entity::update_many()
            .col_expr(ticket::Column::UpdatedAt, Expr::value(now))
            .filter(ticket::Column::Id.eq(id))
            .filter(ticket::Column::Status.eq(row.status))
            .filter(ticket::Column::Priority.eq(row.priority));
        write = match row.assignee_id {
            Some(a) => write.filter(ticket::Column::AssigneeId.eq(a)),
            None => write.filter(ticket::Column::AssigneeId.is_null()),
        };
        if let Some(s) = change.status.filter(|s| *s != row.status) {
            log.push((
                ActivityKind::Status,
                Some(row.status.key().into()),
                Some(s.key().into()),
            ));
            write = write.col_expr(ticket::Column::Status, Expr::value(s));
        }
        if let Some(p) = change.priority.filter(|p| *p != row.priority) {
            log.push((
                ActivityKind::Priority,
                Some(row.priority.key().into()),
                Some(p.key().into()),
            ));
            write = write.col_expr(ticket::Column::Priority, Expr::value(p));
        }
        if let Some(a) = change.assignee_id.filter(|a| *a != row.assignee_id) {
            let names = self
                .names(row.assignee_id.into_iter().chain(a).collect())
                .await?;
            let name = |x: Option<i32>| x.and_then(|x| names.get(&x).cloned());
            log.push((ActivityKind::Assignee, name(row.assignee_id), name(a)));
            write = write.col_expr(ticket::Column::AssigneeId, Expr::value(a));
        }
        if log.is_empty() {
            return Ok(self.dtos(vec![row]).await?.remove(0));
        }
        let txn = self.db.begin().await?;
        if write.exec(&txn).await?.rows_affected == 0 {
            return Err(Error::field("ticket", "changed_meanwhile"));
        }
        for (kind, from, to) in log {
            record(&txn, id, Some(actor.agent_id), kind, None, from, to, now).await?;
        }
        txn.commit().await?;
        let saved = self.find(id).await?;
        Ok(self.dtos(vec![saved]).await?.remove(0))
    }

    pub async fn comment(&self, actor: &Actor, id: i64, body: &str) -> Result<TicketDetail> {
        let row = self.readable(actor, id).await?;
        let mut check = Check::new();
        let body = check.required_text("body", body, TICKET_COMMENT_MAX);
        check.finish()?;
        let now = self.clock.now();
        let txn = self.db.begin().await?;
        record(
            &txn,
            id,
            Some(actor.agent_id),
            ActivityKind::Comment,
            Some(body),
            None,
            None,
            now,
        )
        .await?;
        let mut touched: ticket::ActiveModel = row.into();
        touched.updated_at = Set(now);
        touched.update(&txn).await?;
        txn.commit().await?;
        self.get(actor, id).await
    }

    // -------------------------------------------------------------- helpers

    async fn find(&self, id: i64) -> Result<ticket::Model> {
        ticket::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)
    }

    /// A ticket this agent may read; any other looks missing.
    async fn readable(&self, actor: &Actor, id: i64) -> Result<ticket::Model> {
        let row = self.find(id).await?;
        if Reader::of(&self.db, actor)
            .await?
            .sees(row.assignee_id, row.group_id)
        {
            Ok(row)
        } else {
            Err(Error::NotFound)
        }
    }

    /// A conversation the agent may read: theirs, or any with
    /// "view all transcripts".
    async fn visible_conversation(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<Option<conversation::Model>> {
        let conv = conversation::Entity::find_by_id(id).one(&self.db).await?;
        Ok(conv.filter(|c| crate::chat::core::agent_sees(actor, c)))
    }

    async fn enabled_agent(&self, id: i32) -> Result<bool> {
        Ok(agent::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .is_some_and(|a| a.enabled))
    }

    /// Store a checked ticket with its custom field values, in one
    /// transaction (a failure leaves no ticket behind).
    pub(crate) async fn insert(
        &self,
        t: NewTicket,
        defs: &[model::fields::FieldDef],
        fields: &model::fields::FieldValues,
    ) -> Result<Ticket> {
        let now = self.clock.now();
        let txn = self.db.begin().await?;
        let row = ticket::ActiveModel {
            subject: Set(t.subject),
            description: Set(t.description),
            status: Set(TicketStatus::Open),
            priority: Set(t.priority),
            assignee_id: Set(t.assignee_id),
            group_id: Set(t.group_id),
            visitor_id: Set(t.visitor_id),
            conversation_id: Set(t.conversation_id),
            contact_name: Set(t.contact_name),
            contact_email: Set(t.contact_email),
            contact_phone: Set(t.contact_phone),
            source: Set(t.source),
            created_by: Set(t.created_by),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        record(
            &txn,
            row.id,
            t.created_by,
            ActivityKind::Created,
            None,
            None,
            Some(t.source.key().into()),
            now,
        )
        .await?;
        values::save_with(&txn, defs, row.id, fields, true).await?;
        txn.commit().await?;
        Ok(self.dtos(vec![row]).await?.remove(0))
    }

    async fn names(&self, ids: Vec<i32>) -> Result<HashMap<i32, String>> {
        crate::people::agent_names(&self.db, ids).await
    }

    async fn dtos(&self, rows: Vec<ticket::Model>) -> Result<Vec<Ticket>> {
        ticket_dtos(&self.db, rows).await
    }
}

/// Tickets as sent to clients, with their assignees' and groups' names.
pub(crate) async fn ticket_dtos<C: sea_orm::ConnectionTrait>(
    db: &C,
    rows: Vec<ticket::Model>,
) -> Result<Vec<Ticket>> {
    let names =
        crate::people::agent_names(db, rows.iter().filter_map(|t| t.assignee_id).collect()).await?;
    let groups =
        crate::people::group_names(db, rows.iter().filter_map(|t| t.group_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|t| Ticket {
            id: t.id,
            subject: t.subject,
            description: t.description,
            status: t.status,
            priority: t.priority,
            assignee_name: t.assignee_id.and_then(|a| names.get(&a).cloned()),
            assignee_id: t.assignee_id,
            group_name: t.group_id.and_then(|g| groups.get(&g).cloned()),
            group_id: t.group_id,
            visitor_id: t.visitor_id,
            conversation_id: t.conversation_id,
            contact_name: t.contact_name,
            contact_email: t.contact_email,
            contact_phone: t.contact_phone,
            source: t.source,
            created_at: t.created_at,
            updated_at: t.updated_at,
        })
        .collect())
}

/// A ticket about to be stored, its fields already checked.
pub(crate) struct NewTicket {
    pub subject: String,
    pub description: String,
    pub priority: TicketPriority,
    pub assignee_id: Option<i32>,
    pub group_id: Option<i32>,
    pub visitor_id: Option<i64>,
    pub conversation_id: Option<i64>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub source: TicketSource,
    pub created_by: Option<i32>,
}

#[allow(clippy::too_many_arguments)]
async fn record<C: ConnectionTrait>(
    db: &C,
    ticket_id: i64,
    agent_id: Option<i32>,
    kind: ActivityKind,
    body: Option<String>,
    from_value: Option<String>,
    to_value: Option<String>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    ticket_activity::ActiveModel {
        ticket_id: Set(ticket_id),
        agent_id: Set(agent_id),
        kind: Set(kind),
        body: Set(body),
        from_value: Set(from_value),
        to_value: Set(to_value),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
