//! The server functions' rows of the matrix. Staff call them with their
//! session cookie; the widget's functions take the visitor token as an
//! argument (a made-up one for "nobody"). Every registered server function
//! must have a row. An allowed caller gets 2xx or a field error (422); a
//! refused one 401, 403 or 404 with every table unchanged.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{json, Value};
use server_fn::ServerFn;

use super::fixture::Who::{self, *};
use super::fixture::{callers, fixture, may, snapshot, Fixture, EVERYONE, WITHOUT_LOGIN};
use crate::common::{self, login, start_with, TestServer, ADMIN};
use model::access::Permission;

pub(super) const STAFF: &[Who] = &[AgentWithout, Admin];
pub(super) const ADMIN_ONLY: &[Who] = &[Admin];
const OWNER: &[Who] = &[Visitor];
const VISITORS: &[Who] = &[Visitor, OtherVisitor];

pub(super) enum Args {
    Form(Vec<(&'static str, String)>),
    Json(Value),
}

pub(super) struct Row {
    path: &'static str,
    /// The arguments, given the token this caller puts in them.
    args: fn(&Fixture, &str) -> Args,
    allowed: &'static [Who],
    /// Single permissions that also let their holder in.
    grants: &'static [Permission],
}

pub(super) fn form(pairs: &[(&'static str, String)]) -> Args {
    Args::Form(pairs.to_vec())
}

fn default<T: Default + serde::Serialize>() -> Value {
    serde_json::to_value(T::default()).unwrap()
}

/// The single permissions that open a function to their holder, beyond
/// its `allowed` callers.
fn grants(path: &str) -> &'static [Permission] {
    use app::api::*;
    use Permission::*;
    let table: &[(&str, &'static [Permission])] = &[
        (people::SetMyMaxChats::PATH, &[SetOwnMaxChats]),
        (tickets::GetTicket::PATH, &[ManageTickets, ViewAllTickets]),
        (
            tickets::CommentTicket::PATH,
            &[ManageTickets, ViewAllTickets],
        ),
        (tickets::UpdateTicket::PATH, &[ManageTickets]),
        (tickets::SaveTicketFields::PATH, &[ManageTickets]),
        (
            conversations::ConversationMessages::PATH,
            &[ViewAllTranscripts],
        ),
        (
            queue::WaitingQueue::PATH,
            &[ViewAllTranscripts, ManageAutomation],
        ),
        (monitor::GetMonitor::PATH, &[ViewAllTranscripts]),
        (transcripts::OpenTranscript::PATH, &[ViewAllTranscripts]),
        (reports::ConversationReport::PATH, &[ViewReports]),
        (reports::GetReportSettings::PATH, &[ViewReports]),
        (reports::SaveReportSettings::PATH, &[ViewReports]),
        (widget::WidgetAdmin::PATH, &[ManageChannels]),
        (widget::SaveWidgetSettings::PATH, &[ManageChannels]),
        (links::SaveChatLink::PATH, &[ManageChannels]),
        (links::DeleteChatLink::PATH, &[ManageChannels]),
        (audit::AuditLog::PATH, &[ViewAuditLog]),
        (fields::SaveField::PATH, &[ManageCustomerData]),
        (fields::SetFieldRetired::PATH, &[ManageCustomerData]),
        (fields::ReorderFields::PATH, &[ManageCustomerData]),
        (customers::ConversationCustomer::PATH, &[ViewAllTranscripts]),
        (customers::SaveCustomer::PATH, &[ViewAllTranscripts]),
        (customers::GetCustomer::PATH, &[ViewAllTranscripts]),
        (customers::CustomerHistory::PATH, &[ViewAllTranscripts]),
        (customers::CustomerTranscript::PATH, &[ViewAllTranscripts]),
        (customers::MergeCustomers::PATH, &[ViewAllTranscripts]),
        (customers::SetCustomerCompany::PATH, &[ViewAllTranscripts]),
        (customers::SetCustomerTag::PATH, &[ViewAllTranscripts]),
        (companies::SaveCompany::PATH, &[ManageCustomerData]),
        (tags::SaveTag::PATH, &[ManageCustomerData]),
        (tags::DeleteTag::PATH, &[ManageCustomerData]),
        (records::SaveRecordTemplate::PATH, &[ManageCustomerData]),
        (
            records::SetRecordTemplateRetired::PATH,
            &[ManageCustomerData],
        ),
        (records::ConversationRecords::PATH, &[ViewAllTranscripts]),
        (records::CustomerRecords::PATH, &[ViewAllTranscripts]),
        (records::SaveBusinessRecord::PATH, &[ViewAllTranscripts]),
        (links::RotateLinkSecret::PATH, &[ManageChannels]),
        (audit::AuditActors::PATH, &[ViewAuditLog]),
        (rules::LoadAutomation::PATH, &[ManageAutomation]),
        (rules::SaveAutomation::PATH, &[ManageAutomation]),
        (survey::LoadSurvey::PATH, &[ManageAutomation]),
        (survey::SaveSurvey::PATH, &[ManageAutomation]),
        (leave_message::LoadLeaveMessage::PATH, &[ManageAutomation]),
        (leave_message::SaveLeaveMessage::PATH, &[ManageAutomation]),
        (people::ListAgents::PATH, &[ManagePeople]),
        (people::GetAgent::PATH, &[ManagePeople]),
        (people::AgentForm::PATH, &[ManagePeople]),
        (people::SaveAgent::PATH, &[ManagePeople]),
        (people::SetAgentEnabled::PATH, &[ManagePeople]),
        (two_factor::ResetTwoFactor::PATH, &[ManagePeople]),
        (people::ListGroups::PATH, &[ManagePeople]),
        (people::GroupForm::PATH, &[ManagePeople]),
        (people::SaveGroup::PATH, &[ManagePeople]),
        (people::DeleteGroup::PATH, &[ManagePeople]),
        (people::ListRoles::PATH, &[ManagePeople]),
        (people::SaveRole::PATH, &[ManagePeople]),
        (people::DeleteRole::PATH, &[ManagePeople]),
        (routing::ListRoutingRules::PATH, &[ManageRouting]),
        (routing::RoutingChoices::PATH, &[ManageRouting]),
        (routing::SaveRoutingRule::PATH, &[ManageRouting]),
        (routing::DeleteRoutingRule::PATH, &[ManageRouting]),
        (routing::ReorderRoutingRules::PATH, &[ManageRouting]),
        (routing::ProbeRouting::PATH, &[ManageRouting]),
        (routing::ListRegionSets::PATH, &[ManageRouting]),
        (routing::SaveRegionSet::PATH, &[ManageRouting]),
        (routing::DeleteRegionSet::PATH, &[ManageRouting]),
        (routing::LoadNavMenu::PATH, &[ManageRouting]),
        (routing::SaveNavMenu::PATH, &[ManageRouting]),
        (routing::GetConversationRouting::PATH, &[ViewAllTranscripts]),
        (online::LoadInvitationSettings::PATH, &[ManageRouting]),
        (online::SaveInvitationSettings::PATH, &[ManageRouting]),
        (bot::LoadKnowledgeBase::PATH, &[ManageBot]),
        (bot::SaveKbEntry::PATH, &[ManageBot]),
        (bot::DeleteKbEntry::PATH, &[ManageBot]),
        (bot::SetKbEnabled::PATH, &[ManageBot]),
        (bot::ImportKnowledgeBase::PATH, &[ManageBot]),
        (bot::ExportKnowledgeBase::PATH, &[ManageBot]),
        (bot::LoadBotSettings::PATH, &[ManageBot]),
        (bot::SaveBotSettings::PATH, &[ManageBot]),
        (bot::LoadBotFigures::PATH, &[ManageBot]),
        (channels::ListChannelAccounts::PATH, &[ManageChannels]),
        (channels::SaveChannelAccount::PATH, &[ManageChannels]),
        (channels::DeleteChannelAccount::PATH, &[ManageChannels]),
        (channels::LoadWechatContent::PATH, &[ManageChannels]),
        (channels::SaveKeywordReply::PATH, &[ManageChannels]),
        (channels::DeleteKeywordReply::PATH, &[ManageChannels]),
        (channels::SaveNewsMessage::PATH, &[ManageChannels]),
        (channels::DeleteNewsMessage::PATH, &[ManageChannels]),
        (channels::GetFollowerProfile::PATH, &[ViewAllTranscripts]),
        (channels::LoadWechatMenu::PATH, &[ManageChannels]),
        (channels::PublishWechatMenu::PATH, &[ManageChannels]),
        (channels::ReadBackWechatMenu::PATH, &[ManageChannels]),
        (masking::ListMaskRules::PATH, &[ManageAutomation]),
        (masking::SaveMaskRule::PATH, &[ManageAutomation]),
        (masking::DeleteMaskRule::PATH, &[ManageAutomation]),
        (masking::PreviewMasking::PATH, &[ManageAutomation]),
        (masking::GetMaskSchedule::PATH, &[ManageAutomation]),
        (masking::SaveMaskSchedule::PATH, &[ManageAutomation]),
        (masking::RunMaskingNow::PATH, &[ManageAutomation]),
        (masking::ListMaskRuns::PATH, &[ManageAutomation]),
    ];
    table
        .iter()
        .chain(super::functions_qa::GRANTS)
        .find(|(p, _)| *p == path)
        .map(|(_, g)| *g)
        .unwrap_or(&[])
}

/// Rows that delete their one fixture: after the first allowed caller,
/// the others find it gone (404).
fn consumes(path: &str) -> bool {
    use app::api::*;
    [
        links::DeleteChatLink::PATH,
        tags::DeleteTag::PATH,
        canned::DeleteCannedReply::PATH,
        bot::DeleteKbEntry::PATH,
        people::DeleteGroup::PATH,
        people::DeleteRole::PATH,
        routing::DeleteRoutingRule::PATH,
        routing::DeleteRegionSet::PATH,
        channels::DeleteChannelAccount::PATH,
        channels::DeleteKeywordReply::PATH,
        channels::DeleteNewsMessage::PATH,
        masking::DeleteMaskRule::PATH,
    ]
    .contains(&path)
}

fn rows() -> Vec<Row> {
    use app::api::*;
    let r = |path, args, allowed| Row {
        path,
        args,
        allowed,
        grants: grants(path),
    };
    vec![
        // Anyone.
        r(auth::CurrentUser::PATH, |_, _| form(&[]), EVERYONE),
        r(
            widget::PublicWidget::PATH,
            |_, _| form(&[("link", "default".into())]),
            EVERYONE,
        ),
        r(
            availability::WidgetAvailability::PATH,
            |_, _| form(&[("link", "default".into())]),
            EVERYONE,
        ),
        r(
            visitors::StartVisitorSession::PATH,
            |_, _| Args::Json(json!({ "hello": {} })),
            EVERYONE,
        ),
        // The widget's, by visitor token.
        r(
            visitors::VisitorFileTicket::PATH,
            |_, t| Args::Json(json!({ "token": t })),
            VISITORS,
        ),
        r(
            leave_message::VisitorLeaveMessage::PATH,
            |_, t| {
                Args::Json(json!({
                    "token": t, "input": { "email": "a@b.test", "message": "call me" },
                }))
            },
            VISITORS,
        ),
        r(
            survey::VisitorRate::PATH,
            |f, t| {
                Args::Json(json!({
                    "token": t, "conversation_id": f.conversation, "input": { "level": 1 },
                }))
            },
            OWNER,
        ),
        // Any signed-in agent, for themselves.
        r(
            conversations::MyConversations::PATH,
            |_, _| form(&[]),
            STAFF,
        ),
        r(
            conversations::EndedConversations::PATH,
            |_, _| form(&[]),
            STAFF,
        ),
        r(people::MyAgent::PATH, |_, _| form(&[]), STAFF),
        r(
            people::SetMyStatus::PATH,
            |_, _| Args::Json(json!({ "status": "away" })),
            STAFF,
        ),
        // Needs its own permission, which the empty role lacks.
        r(
            people::SetMyMaxChats::PATH,
            |_, _| Args::Json(json!({ "max_chats": null })),
            ADMIN_ONLY,
        ),
        r(tokens::MyApiTokens::PATH, |_, _| form(&[]), STAFF),
        r(
            tokens::CreateApiToken::PATH,
            |_, _| form(&[("name", "matrix app".into())]),
            STAFF,
        ),
        r(
            tokens::RevokeApiToken::PATH,
            |f, _| form(&[("id", f.admin_token_id.to_string())]),
            ADMIN_ONLY,
        ),
        r(queue::QueueLength::PATH, |_, _| form(&[]), STAFF),
        // Everyone searches; without *View all transcripts* only their own.
        r(
            transcripts::SearchTranscripts::PATH,
            |_, _| Args::Json(json!({ "query": default::<model::transcripts::TranscriptQuery>() })),
            STAFF,
        ),
        r(
            transcripts::TranscriptFilterOptions::PATH,
            |_, _| form(&[]),
            STAFF,
        ),
        // A conversation assigned to the admin.
        r(
            transcripts::OpenTranscript::PATH,
            |f, _| form(&[("id", f.conversation.to_string())]),
            ADMIN_ONLY,
        ),
        // Report readers only.
        r(
            reports::ConversationReport::PATH,
            |_, _| Args::Json(json!({ "query": { "from": "2026-11-01", "to": "2026-11-07" } })),
            ADMIN_ONLY,
        ),
        r(
            reports::GetReportSettings::PATH,
            |_, _| form(&[]),
            ADMIN_ONLY,
        ),
        r(
            reports::SaveReportSettings::PATH,
            |_, _| Args::Json(json!({ "settings": { "time_zone": "Asia/Shanghai" } })),
            ADMIN_ONLY,
        ),
        r(transfer::ListTransferTargets::PATH, |_, _| form(&[]), STAFF),
        r(
            tickets::ListTickets::PATH,
            |_, _| Args::Json(json!({ "filter": default::<model::tickets::TicketFilter>() })),
            STAFF,
        ),
        r(
            tickets::CreateTicket::PATH,
            |_, _| Args::Json(json!({ "input": { "subject": "From the matrix" } })),
            STAFF,
        ),
        // A ticket only the admin may see, a conversation assigned to the admin.
        r(
            tickets::GetTicket::PATH,
            |f, _| form(&[("id", f.hidden_ticket.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            tickets::UpdateTicket::PATH,
            |f, _| Args::Json(json!({ "id": f.hidden_ticket, "change": { "priority": "high" } })),
            ADMIN_ONLY,
        ),
        r(
            tickets::SaveTicketFields::PATH,
            |f, _| Args::Json(json!({ "id": f.hidden_ticket, "fields": {} })),
            ADMIN_ONLY,
        ),
        r(
            tickets::CommentTicket::PATH,
            |f, _| Args::Json(json!({ "id": f.hidden_ticket, "body": "noted" })),
            ADMIN_ONLY,
        ),
        r(
            conversations::ConversationMessages::PATH,
            |f, _| form(&[("id", f.conversation.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            survey::InviteRating::PATH,
            |f, _| form(&[("id", f.conversation.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            transfer::TransferConversation::PATH,
            |f, _| {
                Args::Json(json!({
                    // To its own agent: past authorization, refused as `same_agent`.
                    "id": f.conversation, "target": { "kind": "agent", "id": f.admin_id }, "note": "",
                }))
            },
            ADMIN_ONLY,
        ),
        r(
            // Its own agent's: past authorization, refused as `same_agent`.
            // Others need both *View all transcripts* and *Take over chats*.
            monitor::TakeOverConversation::PATH,
            |f, _| form(&[("id", f.conversation.to_string())]),
            ADMIN_ONLY,
        ),
        // The console.
        r(monitor::GetMonitor::PATH, |_, _| form(&[]), ADMIN_ONLY),
        r(queue::WaitingQueue::PATH, |_, _| form(&[]), ADMIN_ONLY),
        r(widget::WidgetAdmin::PATH, |_, _| form(&[]), ADMIN_ONLY),
        r(
            widget::SaveWidgetSettings::PATH,
            |_, _| Args::Json(json!({ "input": default::<model::chat::WidgetSettings>() })),
            ADMIN_ONLY,
        ),
        r(
            links::SaveChatLink::PATH,
            |_, _| {
                Args::Json(json!({ "id": null, "input": default::<model::chat::ChatLinkInput>() }))
            },
            ADMIN_ONLY,
        ),
        r(
            audit::AuditLog::PATH,
            |_, _| Args::Json(json!({ "filter": default::<model::audit::AuditFilter>() })),
            ADMIN_ONLY,
        ),
        r(audit::AuditActors::PATH, |_, _| form(&[]), ADMIN_ONLY),
        // Every agent reads the definitions; changing them needs the permission.
        r(
            fields::ListFields::PATH,
            |_, _| Args::Json(json!({ "entity": "customer" })),
            STAFF,
        ),
        r(
            fields::SaveField::PATH,
            |f, _| {
                Args::Json(json!({ "id": f.spare_field, "input": {
                    "entity": "customer", "key": "spare", "label": "Spare field", "kind": "text"
                } }))
            },
            ADMIN_ONLY,
        ),
        // An incomplete order: past authorization, a field error.
        r(
            fields::ReorderFields::PATH,
            |_, _| Args::Json(json!({ "entity": "customer", "ids": [] })),
            ADMIN_ONLY,
        ),
        r(
            fields::SetFieldRetired::PATH,
            |f, _| {
                form(&[
                    ("id", f.spare_field.to_string()),
                    ("retired", "false".into()),
                ])
            },
            ADMIN_ONLY,
        ),
        // The customer of a conversation: its agent (the admin) or a reader
        // of every transcript.
        r(
            customers::ConversationCustomer::PATH,
            |f, _| form(&[("conversation_id", f.conversation.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            customers::SaveCustomer::PATH,
            |f, _| Args::Json(json!({ "id": f.customer, "input": { "name": "Matrix" } })),
            ADMIN_ONLY,
        ),
        r(
            customers::GetCustomer::PATH,
            |f, _| form(&[("id", f.customer.to_string())]),
            ADMIN_ONLY,
        ),
        // Every agent lists the customers they may read (none, for some).
        r(
            customers::ListCustomers::PATH,
            |_, _| Args::Json(json!({ "filter": {} })),
            STAFF,
        ),
        r(
            customers::CustomerHistory::PATH,
            |f, _| form(&[("id", f.customer.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            customers::CustomerTranscript::PATH,
            |f, _| {
                form(&[
                    ("id", f.customer.to_string()),
                    ("conversation_id", f.conversation.to_string()),
                ])
            },
            ADMIN_ONLY,
        ),
        // Into itself: past authorization, refused as `same_customer`.
        r(
            customers::MergeCustomers::PATH,
            |f, _| {
                form(&[
                    ("from", f.customer.to_string()),
                    ("into", f.customer.to_string()),
                ])
            },
            ADMIN_ONLY,
        ),
        r(
            customers::SetCustomerCompany::PATH,
            |f, _| Args::Json(json!({ "id": f.customer, "company_id": f.company })),
            ADMIN_ONLY,
        ),
        r(
            customers::SetCustomerTag::PATH,
            |f, _| {
                form(&[
                    ("id", f.customer.to_string()),
                    ("tag_id", f.tag.to_string()),
                    ("on", "true".into()),
                ])
            },
            ADMIN_ONLY,
        ),
        // Companies: any agent finds and adds them; editing one takes the
        // permission or having served one of its customers.
        r(
            companies::SearchCompanies::PATH,
            |_, _| form(&[("query", "Matrix".into())]),
            STAFF,
        ),
        r(
            companies::GetCompany::PATH,
            |f, _| form(&[("id", f.company.to_string())]),
            STAFF,
        ),
        r(
            companies::SaveCompany::PATH,
            |f, _| Args::Json(json!({ "id": f.company, "input": { "name": "Matrix Inc" } })),
            ADMIN_ONLY,
        ),
        r(tags::ListTags::PATH, |_, _| form(&[]), STAFF),
        r(
            tags::SaveTag::PATH,
            |f, _| {
                Args::Json(
                    json!({ "id": f.tag, "input": { "name": "Matrix", "color": "#123456" } }),
                )
            },
            ADMIN_ONLY,
        ),
        r(records::ListRecordTemplates::PATH, |_, _| form(&[]), STAFF),
        r(
            records::SaveRecordTemplate::PATH,
            |_, _| Args::Json(json!({ "id": null, "input": { "name": "", "fields": [] } })),
            ADMIN_ONLY,
        ),
        r(
            records::SetRecordTemplateRetired::PATH,
            |f, _| form(&[("id", f.template.to_string()), ("retired", "false".into())]),
            ADMIN_ONLY,
        ),
        r(
            records::ConversationRecords::PATH,
            |f, _| form(&[("conversation_id", f.conversation.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            records::CustomerRecords::PATH,
            |f, _| form(&[("customer_id", f.customer.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            records::SaveBusinessRecord::PATH,
            |f, _| {
                Args::Json(json!({
                    "conversation_id": f.conversation, "id": null,
                    "input": { "template_id": f.template, "values": {} },
                }))
            },
            ADMIN_ONLY,
        ),
        // Every agent keeps their own canned replies; an empty one is a
        // field error.
        r(canned::ListCannedReplies::PATH, |_, _| form(&[]), STAFF),
        r(
            canned::SaveCannedReply::PATH,
            |_, _| {
                Args::Json(
                    json!({ "id": null, "input": { "shared": false, "title": "", "body": "" } }),
                )
            },
            STAFF,
        ),
        r(
            links::RotateLinkSecret::PATH,
            |f, _| form(&[("id", f.spare_link.to_string())]),
            ADMIN_ONLY,
        ),
        r(rules::LoadAutomation::PATH, |_, _| form(&[]), ADMIN_ONLY),
        r(
            rules::SaveAutomation::PATH,
            |_, _| {
                Args::Json(json!({ "input": default::<model::automation::AutomationSettings>() }))
            },
            ADMIN_ONLY,
        ),
        r(survey::LoadSurvey::PATH, |_, _| form(&[]), ADMIN_ONLY),
        r(
            survey::SaveSurvey::PATH,
            |_, _| Args::Json(json!({ "input": default::<model::automation::SurveySettings>() })),
            ADMIN_ONLY,
        ),
        r(
            leave_message::LoadLeaveMessage::PATH,
            |_, _| form(&[]),
            ADMIN_ONLY,
        ),
        r(
            leave_message::SaveLeaveMessage::PATH,
            |_, _| {
                Args::Json(json!({ "input": default::<model::automation::LeaveMessageSettings>() }))
            },
            ADMIN_ONLY,
        ),
        // Each caller hears only of the settings they may manage.
        r(settings::UnreadableSettings::PATH, |_, _| form(&[]), STAFF),
        r(people::ListAgents::PATH, |_, _| form(&[]), ADMIN_ONLY),
        r(
            people::GetAgent::PATH,
            |f, _| form(&[("id", f.admin_id.to_string())]),
            ADMIN_ONLY,
        ),
        r(people::AgentForm::PATH, |_, _| form(&[]), ADMIN_ONLY),
        r(
            people::SaveAgent::PATH,
            |_, _| {
                Args::Json(json!({ "id": null, "input": default::<model::people::AgentInput>() }))
            },
            ADMIN_ONLY,
        ),
        // Every signed-in agent manages their own second factor; a wrong
        // code or password is a field error.
        r(two_factor::MyTwoFactor::PATH, |_, _| form(&[]), STAFF),
        r(two_factor::BeginTwoFactor::PATH, |_, _| form(&[]), STAFF),
        r(
            two_factor::ConfirmTwoFactor::PATH,
            |_, _| form(&[("code", "000000".into())]),
            STAFF,
        ),
        r(
            two_factor::DisableTwoFactor::PATH,
            |_, _| form(&[("password", "not-the-password".into())]),
            STAFF,
        ),
        r(
            two_factor::NewRecoveryCodes::PATH,
            |_, _| form(&[("password", "not-the-password".into())]),
            STAFF,
        ),
        r(
            two_factor::ResetTwoFactor::PATH,
            |f, _| form(&[("agent_id", f.agent_without_id.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            people::SetAgentEnabled::PATH,
            |f, _| {
                form(&[
                    ("id", f.agent_without_id.to_string()),
                    ("enabled", "true".into()),
                ])
            },
            ADMIN_ONLY,
        ),
        r(people::ListGroups::PATH, |_, _| form(&[]), ADMIN_ONLY),
        r(people::GroupForm::PATH, |_, _| form(&[]), ADMIN_ONLY),
        r(
            people::SaveGroup::PATH,
            |_, _| {
                Args::Json(json!({ "id": null, "input": default::<model::people::GroupInput>() }))
            },
            ADMIN_ONLY,
        ),
        r(people::ListRoles::PATH, |_, _| form(&[]), ADMIN_ONLY),
        r(
            people::SaveRole::PATH,
            |_, _| {
                Args::Json(json!({ "id": null, "input": default::<model::people::RoleInput>() }))
            },
            ADMIN_ONLY,
        ),
        r(
            routing::ListRoutingRules::PATH,
            |_, _| form(&[]),
            ADMIN_ONLY,
        ),
        r(routing::RoutingChoices::PATH, |_, _| form(&[]), ADMIN_ONLY),
        // Past authorization, refused as a field error (no name, no target).
        r(
            routing::SaveRoutingRule::PATH,
            |_, _| {
                Args::Json(
                    json!({ "id": null, "input": default::<model::routing::RoutingRuleInput>() }),
                )
            },
            ADMIN_ONLY,
        ),
        r(
            routing::ReorderRoutingRules::PATH,
            |_, _| Args::Json(json!({ "ids": [] })),
            ADMIN_ONLY,
        ),
        r(
            routing::ProbeRouting::PATH,
            |_, _| {
                Args::Json(
                    json!({ "probe": { "ip": "58.32.1.1", "landing_url": "https://x.test/" } }),
                )
            },
            ADMIN_ONLY,
        ),
        r(routing::ListRegionSets::PATH, |_, _| form(&[]), ADMIN_ONLY),
        r(
            routing::SaveRegionSet::PATH,
            |_, _| {
                Args::Json(
                    json!({ "id": null, "input": default::<model::routing::RegionSetInput>() }),
                )
            },
            ADMIN_ONLY,
        ),
        r(
            routing::LoadNavMenu::PATH,
            |f, _| form(&[("link_id", f.spare_link.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            routing::SaveNavMenu::PATH,
            |f, _| {
                Args::Json(
                    json!({ "link_id": f.spare_link, "input": default::<model::routing::NavMenuInput>() }),
                )
            },
            ADMIN_ONLY,
        ),
        r(
            routing::GetConversationRouting::PATH,
            |f, _| form(&[("id", f.conversation.to_string())]),
            ADMIN_ONLY,
        ),
        // Any agent sees who is on the site and may invite them.
        r(
            online::ListOnlineVisitors::PATH,
            |_, _| form(&[("q", String::new()), ("page", "0".into())]),
            STAFF,
        ),
        r(
            online::GetOnlineVisitor::PATH,
            |f, _| form(&[("id", f.site_visitor.clone())]),
            STAFF,
        ),
        r(
            online::InviteOnlineVisitor::PATH,
            |f, _| form(&[("id", f.site_visitor.clone()), ("text", "Hello".into())]),
            STAFF,
        ),
        r(
            online::LoadInvitationSettings::PATH,
            |_, _| form(&[]),
            ADMIN_ONLY,
        ),
        r(
            online::SaveInvitationSettings::PATH,
            |_, _| Args::Json(json!({ "input": default::<model::online::InvitationSettings>() })),
            ADMIN_ONLY,
        ),
        // The bot (P3): the visitor's own chat (with people already: handing
        // it off changes nothing; seq 1 is no bot answer: a field error).
        r(
            bot::VisitorHandOff::PATH,
            |f, t| {
                form(&[
                    ("token", t.into()),
                    ("conversation_id", f.conversation.to_string()),
                ])
            },
            OWNER,
        ),
        r(
            bot::VisitorRateAnswer::PATH,
            |f, t| {
                form(&[
                    ("token", t.into()),
                    ("conversation_id", f.conversation.to_string()),
                    ("seq", "1".into()),
                    ("helpful", "true".into()),
                ])
            },
            OWNER,
        ),
        r(
            bot::LoadKnowledgeBase::PATH,
            |_, _| Args::Json(json!({ "query": default::<model::bot::KbQuery>() })),
            ADMIN_ONLY,
        ),
        r(
            bot::SaveKbEntry::PATH,
            |_, _| {
                Args::Json(json!({ "id": null, "input": default::<model::bot::KbEntryInput>() }))
            },
            ADMIN_ONLY,
        ),
        r(
            bot::SetKbEnabled::PATH,
            |_, _| Args::Json(json!({ "ids": [], "enabled": true })),
            ADMIN_ONLY,
        ),
        r(
            bot::ImportKnowledgeBase::PATH,
            |_, _| Args::Json(json!({ "csv": "question,answer\n" })),
            ADMIN_ONLY,
        ),
        r(bot::ExportKnowledgeBase::PATH, |_, _| form(&[]), ADMIN_ONLY),
        r(bot::LoadBotSettings::PATH, |_, _| form(&[]), ADMIN_ONLY),
        r(
            bot::SaveBotSettings::PATH,
            |_, _| Args::Json(json!({ "input": default::<model::bot::BotSettings>() })),
            ADMIN_ONLY,
        ),
        r(
            bot::LoadBotFigures::PATH,
            |_, _| form(&[("days", "7".into())]),
            ADMIN_ONLY,
        ),
        // Platform channels (C4, C5): accounts, keyword replies, news.
        r(
            channels::ListChannelAccounts::PATH,
            |_, _| Args::Json(json!({ "kind": "wechat" })),
            ADMIN_ONLY,
        ),
        r(
            channels::SaveChannelAccount::PATH,
            |_, _| {
                Args::Json(
                    json!({ "id": null, "input": default::<model::channels::ChannelAccountInput>() }),
                )
            },
            ADMIN_ONLY,
        ),
        r(
            channels::LoadWechatContent::PATH,
            |f, _| form(&[("account_id", f.wechat_account.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            channels::SaveKeywordReply::PATH,
            |f, _| {
                Args::Json(json!({ "account_id": f.wechat_account, "id": null,
                    "input": default::<model::channels::KeywordReplyInput>() }))
            },
            ADMIN_ONLY,
        ),
        r(
            channels::SaveNewsMessage::PATH,
            |f, _| {
                Args::Json(json!({ "account_id": f.wechat_account, "id": null,
                    "input": default::<model::channels::NewsMessageInput>() }))
            },
            ADMIN_ONLY,
        ),
        // An empty menu is refused (422) before WeChat is called; reading
        // back reaches no WeChat here (422 `platform_unreachable`).
        r(
            channels::LoadWechatMenu::PATH,
            |f, _| form(&[("account_id", f.wechat_account.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            channels::PublishWechatMenu::PATH,
            |f, _| {
                Args::Json(json!({ "account_id": f.wechat_account,
                    "menu": default::<model::wechat_menu::WechatMenu>() }))
            },
            ADMIN_ONLY,
        ),
        r(
            channels::ReadBackWechatMenu::PATH,
            |f, _| form(&[("account_id", f.wechat_account.to_string())]),
            ADMIN_ONLY,
        ),
        // Sensitive-data replacement (R8).
        r(masking::ListMaskRules::PATH, |_, _| form(&[]), ADMIN_ONLY),
        r(
            masking::SaveMaskRule::PATH,
            |_, _| {
                Args::Json(json!({ "id": null, "input": {
                    "name": "Cards", "pattern": "bank_card", "regex": "",
                    "mode": "keep_last4", "enabled": true } }))
            },
            ADMIN_ONLY,
        ),
        r(
            masking::DeleteMaskRule::PATH,
            |f, _| form(&[("id", f.spare_mask_rule.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            masking::PreviewMasking::PATH,
            |_, _| Args::Json(json!({ "sample": "6222021234567894", "rule": null })),
            ADMIN_ONLY,
        ),
        r(masking::GetMaskSchedule::PATH, |_, _| form(&[]), ADMIN_ONLY),
        r(
            masking::SaveMaskSchedule::PATH,
            |_, _| Args::Json(json!({ "input": default::<model::masking::MaskSchedule>() })),
            ADMIN_ONLY,
        ),
        r(masking::RunMaskingNow::PATH, |_, _| form(&[]), ADMIN_ONLY),
        r(masking::ListMaskRuns::PATH, |_, _| form(&[]), ADMIN_ONLY),
        r(
            channels::GetFollowerProfile::PATH,
            |f, _| form(&[("conversation_id", f.conversation.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            channels::DeleteKeywordReply::PATH,
            |f, _| {
                form(&[
                    ("account_id", f.wechat_account.to_string()),
                    ("id", f.spare_reply.to_string()),
                ])
            },
            ADMIN_ONLY,
        ),
        r(
            channels::DeleteNewsMessage::PATH,
            |f, _| {
                form(&[
                    ("account_id", f.wechat_account.to_string()),
                    ("id", f.spare_news.to_string()),
                ])
            },
            ADMIN_ONLY,
        ),
        r(
            channels::DeleteChannelAccount::PATH,
            |f, _| form(&[("id", f.spare_account.to_string())]),
            ADMIN_ONLY,
        ),
        // The visitor's open chat; another visitor's first (the key is unknown:
        // the link's own target applies).
        r(
            routing::VisitorChooseMenu::PATH,
            |_, t| {
                form(&[
                    ("token", t.into()),
                    ("link", "default".into()),
                    ("item", "matrix".into()),
                ])
            },
            VISITORS,
        ),
        // Deleting and ending come last: they remove what rows above use.
        r(
            routing::DeleteRoutingRule::PATH,
            |f, _| form(&[("id", f.spare_rule.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            routing::DeleteRegionSet::PATH,
            |f, _| form(&[("id", f.spare_region_set.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            links::DeleteChatLink::PATH,
            |f, _| form(&[("id", f.spare_link.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            tags::DeleteTag::PATH,
            |f, _| form(&[("id", f.spare_tag.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            bot::DeleteKbEntry::PATH,
            |f, _| form(&[("id", f.spare_kb_entry.to_string())]),
            ADMIN_ONLY,
        ),
        // The admin's own reply: anyone else's look missing.
        r(
            canned::DeleteCannedReply::PATH,
            |f, _| form(&[("id", f.spare_canned.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            people::DeleteGroup::PATH,
            |f, _| form(&[("id", f.spare_group.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            people::DeleteRole::PATH,
            |f, _| form(&[("id", f.spare_role.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            conversations::EndConversation::PATH,
            |f, _| form(&[("id", f.conversation.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            conversations::VisitorEnd::PATH,
            |f, t| {
                form(&[
                    ("token", t.into()),
                    ("conversation_id", f.conversation.to_string()),
                ])
            },
            OWNER,
        ),
        // Signing in and out are open to all; they are covered by the
        // sign-in tests, and here only counted as rows.
        r(
            auth::Login::PATH,
            |_, _| {
                form(&[
                    ("email", "nobody@matrix.test".into()),
                    ("password", "wrong-password".into()),
                ])
            },
            &[],
        ),
        r(auth::Logout::PATH, |_, _| form(&[]), &[]),
    ]
    .into_iter()
    .chain(super::functions_qa::rows(r))
    .collect()
}

/// Rows that every caller may call but that a matrix cannot judge by
/// status (a wrong password is a field error for everyone; signing out
/// ends the session the later rows use).
fn unjudged(path: &str) -> bool {
    path == app::api::auth::Login::PATH || path == app::api::auth::Logout::PATH
}

async fn call(s: &TestServer, clients: &Clients, f: &Fixture, row: &Row, who: Who) -> StatusCode {
    let token = match who {
        Visitor => f.visitor.as_str(),
        OtherVisitor => f.other_visitor.as_str(),
        _ => "not-a-visitor-token",
    };
    let client = match who {
        AgentWithout => &clients.without,
        Admin => &clients.admin,
        With(p) => {
            &clients
                .single
                .iter()
                .find(|c| c.0 == p)
                .expect("a client")
                .1
        }
        _ => &clients.nobody,
    };
    let req = client
        .post(format!("{}{}", s.base, row.path))
        .header("origin", &s.base);
    let req = match (row.args)(f, token) {
        Args::Form(pairs) => req.form(&pairs),
        Args::Json(body) => req.json(&body),
    };
    req.send().await.unwrap().status()
}

struct Clients {
    nobody: reqwest::Client,
    without: reqwest::Client,
    admin: reqwest::Client,
    single: Vec<(Permission, reqwest::Client)>,
}

#[tokio::test]
async fn every_server_function_admits_exactly_its_callers() {
    // WeChat's API at a closed local port: calls fail at once, offline.
    let s = start_with(|c| c.wechat_api_base = "http://127.0.0.1:9".into()).await;
    let f = fixture(&s).await;
    let mut single = vec![];
    for (p, _, email) in &f.single {
        let c = common::client();
        login(&c, &s.base, email, WITHOUT_LOGIN.1).await;
        single.push((*p, c));
    }
    let clients = Clients {
        nobody: common::client(),
        without: common::client(),
        admin: common::client(),
        single,
    };
    login(&clients.without, &s.base, WITHOUT_LOGIN.0, WITHOUT_LOGIN.1).await;
    login(&clients.admin, &s.base, ADMIN.0, ADMIN.1).await;

    let registered: BTreeSet<String> = server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    let table: BTreeSet<String> = rows().iter().map(|r| r.path.to_owned()).collect();
    assert_eq!(registered, table, "every server function has a row");

    let mut wrong = vec![];
    for row in rows().iter().filter(|r| !unjudged(r.path)) {
        let (allowed, others): (Vec<Who>, Vec<Who>) = callers()
            .into_iter()
            .partition(|w| may(*w, row.allowed, row.grants));
        for who in others {
            let before = snapshot(&s).await;
            let status = call(&s, &clients, &f, row, who).await;
            if !matches!(status.as_u16(), 401 | 403 | 404) {
                wrong.push(format!(
                    "{} as {who:?}: {status}, expected a refusal",
                    row.path
                ));
            } else if snapshot(&s).await != before {
                wrong.push(format!("{} as {who:?}: refused but changed data", row.path));
            }
        }
        let mut gone = false;
        for who in allowed {
            let status = call(&s, &clients, &f, row, who).await;
            if gone && status == StatusCode::NOT_FOUND {
                continue;
            }
            gone |= consumes(row.path) && status.is_success();
            if !(status.is_success() || status == StatusCode::UNPROCESSABLE_ENTITY) {
                wrong.push(format!(
                    "{} as {who:?}: {status}, expected to be let in",
                    row.path
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "authorization matrix (server functions):\n{}",
        wrong.join("\n")
    );
}
