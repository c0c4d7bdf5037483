//! Leave a message (R6): when nobody can answer (offline, or outside working
//! hours) the widget shows the admin's guide text and chosen fields; the
//! visitor's message becomes an unassigned open ticket.

use model::audit::AuditKind;
use model::automation::{
    LeaveCustomField, LeaveField, LeaveFieldRule, LeaveMessageInput, LeaveMessageSettings,
    WorkingHours,
};
use model::fields::{FieldDef, FieldEntity, FieldValues};
use model::people::{EMAIL_MAX, NAME_MAX};
use model::tickets::{Ticket, TicketPriority, TicketSource, DESCRIPTION_MAX, SUBJECT_MAX};
use model::Permission;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::actor::Actor;
use crate::customers::definitions::definitions_of;
use crate::customers::values::{self, check_values};
use crate::customers::CustomerService;
use crate::entities::{chat_link, visitor};
use crate::error::Result;
use crate::routing::hours::parse_time;
use crate::settings::{SettingsService, LEAVE_MESSAGE};
use crate::tickets::{NewTicket, TicketService};
use crate::validate::Check;

const PHONE_MAX: usize = 32;

#[derive(Clone)]
pub struct LeaveMessageService {
    db: DatabaseConnection,
    settings: SettingsService,
    tickets: TicketService,
    customers: CustomerService,
}

impl LeaveMessageService {
    pub(crate) fn new(
        db: DatabaseConnection,
        settings: SettingsService,
        tickets: TicketService,
        customers: CustomerService,
    ) -> Self {
        Self {
            db,
            settings,
            tickets,
            customers,
        }
    }

    /// The form as admins set it (those who run the automation); visitors
    /// get it with the widget's availability.
    pub async fn settings(&self, actor: &Actor) -> Result<LeaveMessageSettings> {
        actor.require(Permission::ManageAutomation)?;
        self.settings.leave_message().await
    }

    pub async fn set_settings(
        &self,
        actor: &Actor,
        input: LeaveMessageSettings,
    ) -> Result<LeaveMessageSettings> {
        actor.require(Permission::ManageAutomation)?;
        let mut check = Check::new();
        let guide = check.required_text("guide", &input.guide, 500);
        let hours = &input.hours;
        let start = parse_time(&hours.start);
        let end = parse_time(&hours.end);
        if start.is_none() {
            check.fail("hours.start", "invalid_time");
        }
        if end.is_none() {
            check.fail("hours.end", "invalid_time");
        }
        if start.is_some() && start == end {
            check.fail("hours.end", "same_time");
        }
        let mut days = hours.days.clone();
        days.sort_unstable();
        days.dedup();
        if days.iter().any(|d| !(1..=7).contains(d)) || (hours.enabled && days.is_empty()) {
            check.fail("hours.days", "invalid_days");
        }
        check.range(
            "hours.utc_offset_mins",
            hours.utc_offset_mins.into(),
            -720,
            840,
        );
        let chosen = check_custom_fields(&self.db, &input.custom_fields, &mut check).await?;
        check.finish()?;
        let hours = WorkingHours {
            enabled: hours.enabled,
            days,
            start: start
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default(),
            end: end
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default(),
            utc_offset_mins: hours.utc_offset_mins,
        };
        // One rule per field in the fixed order; a required field is shown.
        let fields = LeaveField::ALL
            .into_iter()
            .map(|f| {
                let r = input.rule(f);
                LeaveFieldRule {
                    shown: r.shown || r.required,
                    ..r
                }
            })
            .collect();
        let clean = LeaveMessageSettings {
            guide,
            fields,
            custom_fields: chosen,
            hours,
        };
        self.settings
            .put_by(actor, AuditKind::LeaveMessage, LEAVE_MESSAGE, &clean)
            .await?;
        Ok(clean)
    }

    /// A visitor's leave-a-message form (R6), checked against the admin's
    /// field rules. The ticket is unassigned and open.
    pub async fn submit(&self, visitor_id: i64, input: LeaveMessageInput) -> Result<Ticket> {
        let rules = self.settings.leave_message().await?;
        let mut check = Check::new();
        let mut take = |field: LeaveField, value: Option<&str>, max: usize| {
            let rule = rules.rule(field);
            if !rule.shown {
                return None;
            }
            let key = field.key();
            let value = check.optional_text(key, value, max);
            if rule.required && value.is_none() {
                check.fail(key, "required");
            }
            value
        };
        let name = take(LeaveField::Name, input.name.as_deref(), NAME_MAX);
        let email = take(LeaveField::Email, input.email.as_deref(), EMAIL_MAX);
        let phone = take(LeaveField::Phone, input.phone.as_deref(), PHONE_MAX);
        let subject = take(LeaveField::Subject, input.subject.as_deref(), SUBJECT_MAX);
        let message = take(
            LeaveField::Message,
            Some(input.message.as_str()),
            DESCRIPTION_MAX,
        );
        let email = email.map(|e| check.email("email", &e, EMAIL_MAX));
        if let Some(p) = &phone {
            if !crate::validate::looks_like_phone(p) {
                check.fail("phone", "invalid_phone");
            }
        }
        // The form's custom fields: each value checked against its
        // definition (required as the form asks), all errors at once.
        let defs = form_fields(&self.db, &rules).await?;
        let (ticket_defs, customer_defs): (Vec<FieldDef>, Vec<FieldDef>) = defs
            .into_iter()
            .partition(|d| d.entity == FieldEntity::Ticket);
        let pick = |defs: &[FieldDef]| -> FieldValues {
            input
                .fields
                .iter()
                .filter(|(k, _)| defs.iter().any(|d| d.key == **k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        let (ticket_values, customer_values) = (pick(&ticket_defs), pick(&customer_defs));
        for key in input.fields.keys() {
            if !ticket_values.contains_key(key) && !customer_values.contains_key(key) {
                check.fail(&format!("fields.{key}"), "unknown_field");
            }
        }
        for (defs, values) in [
            (&ticket_defs, &ticket_values),
            (&customer_defs, &customer_values),
        ] {
            if let Err(errors) = check_values(defs, values, true) {
                for e in errors {
                    check.fail(&e.field, &e.code);
                }
            }
        }
        check.finish()?;
        let message = message.unwrap_or_default();
        let subject = subject.unwrap_or_else(|| {
            let first: String = message.chars().take(60).collect();
            first.lines().next().unwrap_or_default().to_owned()
        });
        let visitor = visitor::Entity::find_by_id(visitor_id)
            .one(&self.db)
            .await?;
        // The chat link's group works it, as it would have the chat.
        let group_id = match input.link.as_deref() {
            Some(slug) => chat_link::Entity::find()
                .filter(chat_link::Column::Slug.eq(slug))
                .one(&self.db)
                .await?
                .and_then(|l| l.group_id),
            None => None,
        };
        let draft = NewTicket {
            subject,
            description: message,
            priority: TicketPriority::Normal,
            assignee_id: None,
            group_id,
            visitor_id: visitor.as_ref().map(|v| v.id),
            conversation_id: None,
            contact_name: name.or_else(|| visitor.as_ref().map(|v| v.name.clone())),
            contact_email: email,
            contact_phone: phone,
            source: TicketSource::LeaveMessage,
            created_by: None,
        };
        let ticket = self
            .tickets
            .insert(draft, &ticket_defs, &ticket_values)
            .await?;
        // What the visitor told us lands in their customer record too.
        if visitor.is_some() {
            let customer = self.customers.ensure_for_visitor(visitor_id).await?;
            self.customers
                .fill_blank_details(
                    customer,
                    ticket.contact_name.clone(),
                    ticket.contact_email.clone(),
                    ticket.contact_phone.clone(),
                )
                .await?;
            // Only fields the record has no value for: the form must not
            // overwrite what an agent or a verified identity set.
            let stored = values::load(&self.db, FieldEntity::Customer, customer).await?;
            let blank_only: FieldValues = customer_values
                .into_iter()
                .filter(|(k, v)| !stored.contains_key(k) && !is_blank(v))
                .collect();
            values::save_with(&self.db, &customer_defs, customer, &blank_only, false).await?;
            self.customers.changed(customer);
        }
        Ok(ticket)
    }
}

/// An empty answer (the visitor left the field as it was).
fn is_blank(v: &model::fields::FieldValue) -> bool {
    match v {
        model::fields::FieldValue::Text(t) => t.trim().is_empty(),
        model::fields::FieldValue::List(l) => l.is_empty(),
        _ => false,
    }
}

/// The form's custom fields, in order, with `required` as the form asks;
/// fields since retired or removed are left out.
pub(crate) async fn form_fields<C: sea_orm::ConnectionTrait>(
    db: &C,
    rules: &LeaveMessageSettings,
) -> Result<Vec<FieldDef>> {
    let mut all = definitions_of(db, FieldEntity::Ticket).await?;
    all.extend(definitions_of(db, FieldEntity::Customer).await?);
    Ok(rules
        .custom_fields
        .iter()
        .filter_map(|c| {
            all.iter()
                .find(|d| d.id == c.field_id && !d.retired)
                .map(|d| FieldDef {
                    required: c.required,
                    ..d.clone()
                })
        })
        .collect())
}

/// The chosen custom fields, checked: live ticket or customer fields, each
/// once (errors under `custom_fields`).
async fn check_custom_fields(
    db: &DatabaseConnection,
    chosen: &[LeaveCustomField],
    check: &mut Check,
) -> Result<Vec<LeaveCustomField>> {
    let mut all = definitions_of(db, FieldEntity::Ticket).await?;
    all.extend(definitions_of(db, FieldEntity::Customer).await?);
    let key_of = |id: i32| all.iter().find(|d| d.id == id).map(|d| d.key.clone());
    for (i, c) in chosen.iter().enumerate() {
        // One value per key: a ticket and a customer field of the same key
        // cannot both be on the form.
        let key = key_of(c.field_id);
        if chosen[..i]
            .iter()
            .any(|x| x.field_id == c.field_id || (key.is_some() && key_of(x.field_id) == key))
        {
            check.fail("custom_fields", "duplicate");
        }
        if !all.iter().any(|d| d.id == c.field_id && !d.retired) {
            check.fail("custom_fields", "unknown_field");
        }
    }
    Ok(chosen.to_vec())
}
