//! Translations of values: enums, error codes and system lines, each an
//! exhaustive match so a new variant cannot go untranslated.

use model::access::Permission;
use model::audit::{AuditAction, AuditKind};
use model::automation::{AssignmentMode, LeaveField};
use model::chat::SystemLine;
use model::fields::{FieldEntity, FieldKind};
use model::people::AgentStatus;
use model::tickets::{TicketPriority, TicketStatus};
use model::AppError;

use super::Text;

pub fn assignment_mode_text(mode: AssignmentMode) -> Text {
    match mode {
        AssignmentMode::Load => text!(console.automation.mode_load),
        AssignmentMode::RoundRobin => text!(console.automation.mode_round_robin),
    }
}

pub fn agent_status_text(status: AgentStatus) -> Text {
    match status {
        AgentStatus::Online => text!(staff.status.online),
        AgentStatus::Busy => text!(staff.status.busy),
        AgentStatus::Away => text!(staff.status.away),
        AgentStatus::Offline => text!(staff.status.offline),
    }
}

pub fn ticket_status_text(status: TicketStatus) -> Text {
    match status {
        TicketStatus::Open => text!(workbench.ticket_status.open),
        TicketStatus::Pending => text!(workbench.ticket_status.pending),
        TicketStatus::Solved => text!(workbench.ticket_status.solved),
        TicketStatus::Closed => text!(workbench.ticket_status.closed),
    }
}

pub fn ticket_priority_text(priority: TicketPriority) -> Text {
    match priority {
        TicketPriority::Low => text!(workbench.ticket_priority.low),
        TicketPriority::Normal => text!(workbench.ticket_priority.normal),
        TicketPriority::High => text!(workbench.ticket_priority.high),
        TicketPriority::Urgent => text!(workbench.ticket_priority.urgent),
    }
}

pub fn permission_text(permission: Permission) -> Text {
    match permission {
        Permission::ManagePeople => text!(console.perm.manage_people),
        Permission::ManageChannels => text!(console.perm.manage_channels),
        Permission::ManageRouting => text!(console.perm.manage_routing),
        Permission::ManageAutomation => text!(console.perm.manage_automation),
        Permission::ViewAllTranscripts => text!(console.perm.view_all_transcripts),
        Permission::ViewReports => text!(console.perm.view_reports),
        Permission::Qa => text!(console.perm.qa),
        Permission::ManageTickets => text!(console.perm.manage_tickets),
        Permission::ViewAllTickets => text!(console.perm.view_all_tickets),
        Permission::SetOwnMaxChats => text!(console.perm.set_own_max_chats),
        Permission::ViewAuditLog => text!(console.perm.view_audit_log),
        Permission::ManageCustomerData => text!(console.perm.manage_customer_data),
        Permission::ManageBot => text!(console.perm.manage_bot),
        Permission::TakeOverChats => text!(console.perm.take_over_chats),
    }
}

pub fn audit_kind_text(kind: AuditKind) -> Text {
    match kind {
        AuditKind::Role => text!(console.audit.kind_names.role),
        AuditKind::Agent => text!(console.audit.kind_names.agent),
        AuditKind::Group => text!(console.audit.kind_names.group),
        AuditKind::Widget => text!(console.audit.kind_names.widget),
        AuditKind::Link => text!(console.audit.kind_names.link),
        AuditKind::Automation => text!(console.audit.kind_names.automation),
        AuditKind::Survey => text!(console.audit.kind_names.survey),
        AuditKind::LeaveMessage => text!(console.audit.kind_names.leave_message),
        AuditKind::ApiToken => text!(console.audit.kind_names.api_token),
        AuditKind::TwoFactor => text!(console.audit.kind_names.two_factor),
        AuditKind::Field => text!(console.audit.kind_names.field),
        AuditKind::Tag => text!(console.audit.kind_names.tag),
        AuditKind::RecordTemplate => text!(console.audit.kind_names.record_template),
        AuditKind::CannedReply => text!(console.audit.kind_names.canned_reply),
        AuditKind::RoutingRule => text!(console.audit.kind_names.routing_rule),
        AuditKind::RegionSet => text!(console.audit.kind_names.region_set),
        AuditKind::NavMenu => text!(console.audit.kind_names.nav_menu),
        AuditKind::Invitations => text!(console.audit.kind_names.invitations),
        AuditKind::KbEntry => text!(console.audit.kind_names.kb_entry),
        AuditKind::ChannelAccount => text!(console.audit.kind_names.channel_account),
        AuditKind::Masking => text!(console.audit.kind_names.masking),
        AuditKind::Reports => text!(console.audit.kind_names.reports),
        AuditKind::QaScorecard => text!(console.audit.kind_names.qa_scorecard),
        AuditKind::WechatContent => text!(console.audit.kind_names.wechat_content),
        AuditKind::Bot => text!(console.audit.kind_names.bot),
    }
}

pub fn field_entity_text(entity: FieldEntity) -> Text {
    match entity {
        FieldEntity::Customer => text!(console.fields.entities.customer),
        FieldEntity::Company => text!(console.fields.entities.company),
        FieldEntity::Ticket => text!(console.fields.entities.ticket),
        FieldEntity::Record => text!(console.fields.entities.record),
    }
}

pub fn field_kind_text(kind: FieldKind) -> Text {
    match kind {
        FieldKind::Text => text!(console.fields.kinds.text),
        FieldKind::LongText => text!(console.fields.kinds.long_text),
        FieldKind::Number => text!(console.fields.kinds.number),
        FieldKind::Date => text!(console.fields.kinds.date),
        FieldKind::SingleSelect => text!(console.fields.kinds.single_select),
        FieldKind::MultiSelect => text!(console.fields.kinds.multi_select),
        FieldKind::Checkbox => text!(console.fields.kinds.checkbox),
        FieldKind::Link => text!(console.fields.kinds.link),
        FieldKind::Email => text!(console.fields.kinds.email),
        FieldKind::Phone => text!(console.fields.kinds.phone),
    }
}

pub fn audit_action_text(action: AuditAction) -> Text {
    match action {
        AuditAction::Create => text!(console.audit.actions.create),
        AuditAction::Update => text!(console.audit.actions.update),
        AuditAction::Delete => text!(console.audit.actions.delete),
        AuditAction::Enable => text!(console.audit.actions.enable),
        AuditAction::Disable => text!(console.audit.actions.disable),
    }
}

pub fn leave_field_text(field: LeaveField) -> Text {
    match field {
        LeaveField::Name => text!(common.leave.name),
        LeaveField::Email => text!(common.leave.email),
        LeaveField::Phone => text!(common.leave.phone),
        LeaveField::Subject => text!(common.leave.subject),
        LeaveField::Message => text!(common.leave.message),
    }
}

/// ISO weekday 1 (Monday) … 7 (Sunday).
pub fn weekday_text(day: u8) -> Text {
    match day {
        1 => text!(console.day.mon),
        2 => text!(console.day.tue),
        3 => text!(console.day.wed),
        4 => text!(console.day.thu),
        5 => text!(console.day.fri),
        6 => text!(console.day.sat),
        _ => text!(console.day.sun),
    }
}

/// What a system line says in the reader's language; `None` for lines that
/// are only their body (an admin's words, a transfer note).
pub fn system_line_text(line: SystemLine) -> Option<Text> {
    Some(match line {
        SystemLine::Welcome
        | SystemLine::IdleReminder
        | SystemLine::IdleClosing
        | SystemLine::TransferNote
        | SystemLine::Other => return None,
        SystemLine::EndedByAgent => text!(common.system.ended_by_agent),
        SystemLine::EndedByVisitor => text!(common.system.ended_by_visitor),
        SystemLine::Transferred => text!(common.system.transferred),
        SystemLine::ReassignedUnanswered => text!(common.system.reassigned_unanswered),
        SystemLine::RatingInvited => text!(common.system.rating_invited),
        SystemLine::HandedOffRequest => text!(common.system.handed_off_request),
        SystemLine::HandedOffFailure => text!(common.system.handed_off_failure),
    })
}

/// The sentence for an error that is not tied to one field.
pub fn app_error_text(err: &AppError) -> Text {
    match err {
        AppError::Invalid { .. } => text!(common.err.invalid),
        AppError::Unauthenticated => text!(common.err.unauthenticated),
        AppError::Forbidden => text!(common.err.forbidden),
        AppError::NotFound => text!(common.err.not_found_page),
        AppError::RateLimited { .. } => text!(common.err.rate_limited),
        AppError::Retry { .. } => text!(common.err.retry),
        AppError::Internal => text!(common.err.internal),
        AppError::Transport { .. } => text!(common.err.transport),
    }
}

/// The message for a field error code (`required`, `too_long`, …); a code
/// this build does not know reads as "invalid".
pub fn field_error_text(code: &str) -> Text {
    known_field_error(code).unwrap_or(text!(common.err.invalid))
}

fn known_field_error(code: &str) -> Option<Text> {
    Some(match code {
        "conversation_ended" => text!(common.err.conversation_ended),
        "invalid_client_id" => text!(common.err.invalid_client_id),
        "same_agent" => text!(common.err.same_agent),
        "bad_json" => text!(common.err.bad_json),
        "too_many_tokens" => text!(common.err.too_many_tokens),
        "invalid_slug" => text!(common.err.invalid_slug),
        "one_target" => text!(common.err.one_target),
        "default_link" => text!(common.err.default_link),
        "file_too_large" => text!(common.err.file_too_large),
        "file_type" => text!(common.err.file_type),
        "not_an_image" => text!(common.err.not_an_image),
        "offline" => text!(common.err.offline),
        "file_empty" => text!(common.err.file_empty),
        "not_multipart" => text!(common.err.not_multipart),
        "invalid_color" => text!(common.err.invalid_color),
        "required" => text!(common.err.required),
        "too_long" => text!(common.err.too_long),
        "too_short" => text!(common.err.too_short),
        "too_small" => text!(common.err.too_small),
        "too_large" => text!(common.err.too_large),
        "invalid_email" => text!(common.err.invalid_email),
        "invalid_url" => text!(common.err.invalid_url),
        "duplicate" => text!(common.err.duplicate),
        "not_found" => text!(common.err.not_found),
        "platform_refused" => text!(common.err.platform_refused),
        "platform_unreachable" => text!(common.err.platform_unreachable),
        "wrong_credentials" => text!(common.err.wrong_credentials),
        "account_disabled" => text!(common.err.account_disabled),
        "builtin_role" => text!(common.err.builtin_role),
        "role_in_use" => text!(common.err.role_in_use),
        "last_admin" => text!(common.err.last_admin),
        "cannot_disable_self" => text!(common.err.cannot_disable_self),
        "survey_disabled" => text!(common.err.survey_disabled),
        "already_rated" => text!(common.err.already_rated),
        "not_ended" => text!(common.err.not_ended),
        "level_count" => text!(common.err.level_count),
        "invalid_phone" => text!(common.err.invalid_phone),
        "invalid_time" => text!(common.err.invalid_time),
        "same_time" => text!(common.err.same_time),
        "invalid_days" => text!(common.err.invalid_days),
        "changed_meanwhile" => text!(common.err.changed_meanwhile),
        "invalid_date" => text!(common.err.invalid_date),
        "not_a_number" => text!(common.err.not_a_number),
        "own_role" => text!(common.err.own_role),
        "admin_only" => text!(common.err.admin_only),
        "beyond_yours" => text!(common.err.beyond_yours),
        "own_groups" => text!(common.err.own_groups),
        "invalid_code" => text!(common.err.invalid_code),
        "not_started" => text!(common.err.not_started),
        "already_enabled" => text!(common.err.already_enabled),
        "required_by_role" => text!(common.err.required_by_role),
        "not_enabled" => text!(common.err.not_enabled),
        "own_account" => text!(common.err.own_account),
        "wrong_password" => text!(common.err.wrong_password),
        "enrol_first" => text!(common.err.enrol_first),
        "invalid_origin" => text!(common.err.invalid_origin),
        "invalid_key" => text!(common.err.invalid_key),
        "fixed" => text!(common.err.fixed),
        "not_all_fields" => text!(common.err.not_all_fields),
        "wrong_type" => text!(common.err.wrong_type),
        "one_line" => text!(common.err.one_line),
        "unknown_field" => text!(common.err.unknown_field),
        "unknown_option" => text!(common.err.unknown_option),
        "same_customer" => text!(common.err.same_customer),
        "different_identity" => text!(common.err.different_identity),
        "too_many" => text!(common.err.too_many),
        "identity_required" => text!(common.err.identity_required),
        "identity_expired" => text!(common.err.identity_expired),
        "identity_malformed" => text!(common.err.identity_malformed),
        "identity_bad_signature" => text!(common.err.identity_bad_signature),
        "identity_undecryptable" => text!(common.err.identity_undecryptable),
        "identity_not_enabled" => text!(common.err.identity_not_enabled),
        "cycle" => text!(common.err.cycle),
        "too_deep" => text!(common.err.too_deep),
        "has_children" => text!(common.err.has_children),
        "invalid_regex" => text!(common.err.invalid_regex),
        "country_required" => text!(common.err.country_required),
        "in_use" => text!(common.err.in_use),
        "invalid_ip" => text!(common.err.invalid_ip),
        "no_words" => text!(common.err.no_words),
        "above_answer" => text!(common.err.above_answer),
        "not_utf8" => text!(common.err.not_utf8),
        "empty_file" => text!(common.err.empty_file),
        "csv_columns" => text!(common.err.csv_columns),
        "too_many_rows" => text!(common.err.too_many_rows),
        "csv_syntax" => text!(common.err.csv_syntax),
        "invalid" => text!(common.err.invalid_value),
        "not_an_answer" => text!(common.err.not_an_answer),
        "out_of_range" => text!(common.err.out_of_range),
        "no_rules" => text!(common.err.no_rules),
        "already_running" => text!(common.err.already_running),
        "no_terms" => text!(common.err.no_terms),
        "conversation_changed" => text!(common.err.conversation_changed),
        "na_not_allowed" => text!(common.err.na_not_allowed),
        "all_na" => text!(common.err.all_na),
        "unknown_category" => text!(common.err.unknown_category),
        "unknown" => text!(common.err.unknown),
        "no_agent" => text!(common.err.no_agent),
        "own_conversation" => text!(common.err.own_conversation),
        "retired" => text!(common.err.retired),
        "already_reviewed" => text!(common.err.already_reviewed),
        "not_disputable" => text!(common.err.not_disputable),
        "not_disputed" => text!(common.err.not_disputed),
        "before_from" => text!(common.err.before_from),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// Every field error code the server sends has its own message.
    #[test]
    fn every_field_error_code_has_a_message() {
        for code in [
            "conversation_ended",
            "invalid_client_id",
            "same_agent",
            "bad_json",
            "too_many_tokens",
            "invalid_slug",
            "one_target",
            "default_link",
            "file_too_large",
            "file_type",
            "not_an_image",
            "file_empty",
            "not_multipart",
            "invalid_color",
            "required",
            "too_long",
            "too_short",
            "too_small",
            "too_large",
            "invalid_email",
            "invalid_url",
            "duplicate",
            "not_found",
            "platform_refused",
            "platform_unreachable",
            "wrong_credentials",
            "account_disabled",
            "builtin_role",
            "role_in_use",
            "last_admin",
            "cannot_disable_self",
            "survey_disabled",
            "already_rated",
            "not_ended",
            "level_count",
            "invalid_phone",
            "invalid_time",
            "same_time",
            "invalid_days",
            "changed_meanwhile",
            "invalid_date",
            "not_a_number",
            "own_role",
            "admin_only",
            "beyond_yours",
            "own_groups",
            "invalid_key",
            "cycle",
            "too_deep",
            "has_children",
            "invalid_regex",
            "country_required",
            "no_words",
            "above_answer",
            "not_utf8",
            "empty_file",
            "csv_columns",
            "too_many_rows",
            "csv_syntax",
            "not_an_answer",
            "out_of_range",
            "no_rules",
            "already_running",
            "no_terms",
            "conversation_changed",
            "na_not_allowed",
            "all_na",
            "unknown_category",
            "unknown",
            "no_agent",
            "own_conversation",
            "retired",
            "already_reviewed",
            "not_disputable",
            "not_disputed",
            "before_from",
            "invalid",
            "in_use",
            "invalid_ip",
            "offline",
            "fixed",
            "not_all_fields",
            "wrong_type",
            "one_line",
            "unknown_field",
            "unknown_option",
            "same_customer",
            "different_identity",
            "too_many",
            "identity_required",
            "identity_expired",
            "identity_malformed",
            "identity_bad_signature",
            "identity_undecryptable",
            "identity_not_enabled",
        ] {
            assert!(known_field_error(code).is_some(), "{code}");
        }
        assert_eq!(
            field_error_text("no_such_code")(Lang::En),
            text!(common.err.invalid)(Lang::En)
        );
    }

    #[test]
    fn both_languages_render() {
        for s in AgentStatus::ALL {
            let text = agent_status_text(s);
            assert_ne!(text(Lang::En), text(Lang::Zh), "{s:?}");
        }
        assert_eq!(ticket_status_text(TicketStatus::Open)(Lang::Zh), "待处理");
        assert_eq!(
            permission_text(Permission::Qa)(Lang::En),
            "Quality assurance"
        );
    }
}
