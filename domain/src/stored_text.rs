//! One cap for every stored string (hardening defect 9).
//!
//! Services check their inputs field by field (`validate::Check`) so the UI
//! can show a message next to the right field; this is the net under all of
//! them. Every entity's `before_save` runs [`check`], which refuses a string
//! longer than its column's cap with a `too_long` field error (422), before
//! the database can answer with a 500 (PostgreSQL's `varchar(n)`) or store it
//! unbounded (SQLite, `TEXT`). [`CAPS`] lists every string column; the
//! `every_string_column_has_a_cap` test reads the live schema (SQLite and
//! PostgreSQL) and fails when a column is missing here or its cap exceeds
//! the column, so a new column cannot forget it.
//!
//! `Entity::insert` and `insert_many` (upserts, bulk writes) skip
//! `before_save`; their callers run [`check`] on each row themselves
//! (sessions, settings, the message writer; group memberships store no
//! text).

use model::FieldError;
use sea_orm::{ActiveModelTrait, ActiveValue, DbErr, EntityName, EntityTrait, Iterable, Value};

/// `(table, column, most characters)`.
pub const CAPS: &[(&str, &str, usize)] = &[
    ("agent_groups", "assignment", 16),
    ("agent_groups", "bot_mode", 16),
    (
        "agent_groups",
        "description",
        model::people::DESCRIPTION_MAX,
    ),
    ("agent_groups", "name", model::people::NAME_MAX),
    ("agent_status_log", "status", 16),
    ("agents", "avatar_key", 32),
    ("agents", "avatar_type", 32),
    ("agents", "avatar_url", 512),
    ("agents", "display_name", model::people::NAME_MAX),
    ("agents", "email", model::people::EMAIL_MAX),
    ("agents", "name", model::people::NAME_MAX),
    ("agents", "password_hash", 255),
    ("agents", "recovery_codes", 2048),
    ("agents", "status", 16),
    ("agents", "totp_secret", 64),
    ("audit_events", "action", 16),
    ("audit_events", "actor_name", model::people::NAME_MAX),
    ("audit_events", "changes", 256 * 1024),
    ("audit_events", "kind", 16),
    ("audit_events", "target_id", 64),
    ("audit_events", "target_name", 200),
    ("api_tokens", "name", model::people::NAME_MAX),
    ("api_tokens", "token_hash", 64),
    ("companies", "name", model::customers::COMPANY_NAME_MAX),
    ("customers", "claimed_id", model::customers::EXTERNAL_ID_MAX),
    ("customers", "email", model::people::EMAIL_MAX),
    (
        "customers",
        "external_id",
        model::customers::EXTERNAL_ID_MAX,
    ),
    ("customers", "identity", 16),
    ("customers", "name", model::people::NAME_MAX),
    ("customers", "phone", model::fields::PHONE_MAX),
    ("field_defs", "entity", 16),
    ("field_defs", "key", model::fields::FIELD_KEY_MAX),
    ("field_defs", "kind", 16),
    ("field_defs", "label", model::fields::FIELD_LABEL_MAX),
    ("field_defs", "options", 64 * 1024),
    ("field_values", "value_long", model::fields::LONG_TEXT_MAX),
    ("field_values", "value_text", model::fields::LINK_MAX),
    ("bot_answers", "outcome", 16),
    ("bot_answers", "question", model::bot::ASKED_MAX),
    ("canned_replies", "body", model::canned::BODY_MAX),
    ("canned_replies", "category", model::canned::CATEGORY_MAX),
    ("canned_replies", "title", model::canned::TITLE_MAX),
    ("channel_accounts", "access_token", 1024),
    ("channel_accounts", "aes_key", 64),
    ("channel_accounts", "app_id", model::channels::APP_ID_MAX),
    (
        "channel_accounts",
        "app_secret",
        model::channels::SECRET_MAX,
    ),
    ("channel_accounts", "bot_mode", 16),
    ("channel_accounts", "callback_key", 32),
    ("channel_accounts", "kind", 16),
    ("channel_accounts", "menu", 16 * 1024),
    ("channel_accounts", "mode", 16),
    (
        "channel_accounts",
        "name",
        model::channels::ACCOUNT_NAME_MAX,
    ),
    ("channel_accounts", "token", model::channels::TOKEN_MAX),
    (
        "channel_accounts",
        "welcome_text",
        model::channels::REPLY_TEXT_MAX,
    ),
    ("channel_events_seen", "event_key", 200),
    ("channel_followers", "external_id", 128),
    ("channel_followers", "location", 255),
    ("channel_followers", "menu_level", 64),
    (
        "channel_followers",
        "menu_pending",
        model::chat::MESSAGE_MAX,
    ),
    ("channel_followers", "scene", 128),
    ("channel_followers", "union_id", 128),
    ("chat_links", "bot_mode", 16),
    ("chat_links", "identity_mode", 16),
    ("chat_links", "identity_secret", 64),
    ("chat_links", "name", model::people::NAME_MAX),
    ("chat_links", "slug", 64),
    ("conversation_facts", "channel", 16),
    ("conversations", "channel", 16),
    ("conversations", "channel_name", 64),
    ("conversations", "handoff", 16),
    ("conversations", "last_line", 32),
    ("conversations", "last_message", 200),
    ("conversations", "menu_item", model::routing::MENU_KEY_MAX),
    ("conversations", "referrer_url", 2048),
    ("conversations", "routing", 64 * 1024),
    ("conversations", "search_engine", 16),
    ("conversations", "search_keyword", 200),
    ("conversations", "source_url", 2048),
    ("conversations", "status", 16),
    ("conversations", "visitor_region", 128),
    ("keyword_replies", "keyword", model::channels::KEYWORD_MAX),
    ("keyword_replies", "matching", 16),
    (
        "keyword_replies",
        "reply_text",
        model::channels::REPLY_TEXT_MAX,
    ),
    ("kb_entries", "answer", model::bot::ANSWER_MAX),
    ("kb_entries", "category", model::bot::CATEGORY_MAX),
    ("kb_entries", "lang", 8),
    ("kb_entries", "question", model::bot::QUESTION_MAX),
    ("kb_entries", "question_key", model::bot::QUESTION_MAX),
    ("kb_entries", "search_text", 24 * 1024),
    ("kb_entries", "similar", 16 * 1024),
    ("mask_rules", "mode", 16),
    ("mask_rules", "name", model::masking::NAME_MAX),
    ("mask_rules", "pattern", 16),
    ("mask_rules", "regex", model::masking::REGEX_MAX),
    ("mask_runs", "error", 500),
    ("mask_runs", "lease_owner", 64),
    ("mask_runs", "rules", 64 * 1024),
    ("mask_runs", "state", 16),
    ("messages", "attachment_key", 64),
    ("messages", "attachment_name", 255),
    ("messages", "attachment_type", 100),
    ("messages", "body", model::chat::MESSAGE_MAX),
    ("messages", "bot", 16 * 1024),
    ("messages", "delivery", 16),
    ("messages", "delivery_error", 255),
    ("messages", "client_id", model::chat::CLIENT_ID_MAX),
    ("messages", "sender", 16),
    ("messages", "system_line", 32),
    ("nav_menus", "items", 64 * 1024),
    ("nav_menus", "prompt_en", model::routing::MENU_PROMPT_MAX),
    ("nav_menus", "prompt_zh", model::routing::MENU_PROMPT_MAX),
    ("ratings", "comment", model::automation::COMMENT_MAX),
    ("ratings", "label", model::automation::SURVEY_LABEL_MAX),
    ("qa_reviews", "categories", 64 * 1024),
    ("qa_reviews", "comment", model::qa::COMMENT_MAX),
    ("qa_reviews", "dispute", model::qa::COMMENT_MAX),
    ("qa_reviews", "resolution", model::qa::COMMENT_MAX),
    ("qa_reviews", "scores", 256 * 1024),
    ("qa_reviews", "state", 16),
    ("qa_scorecards", "categories", 64 * 1024),
    ("qa_scorecards", "name", model::qa::NAME_MAX),
    ("report_exports", "error", 2000),
    ("report_exports", "from_day", 10),
    ("report_exports", "state", 16),
    ("report_exports", "to_day", 10),
    ("record_templates", "fields", 64 * 1024),
    (
        "record_templates",
        "name",
        model::records::TEMPLATE_NAME_MAX,
    ),
    ("news_messages", "cover_url", model::channels::NEWS_URL_MAX),
    (
        "news_messages",
        "description",
        model::channels::NEWS_DESCRIPTION_MAX,
    ),
    ("news_messages", "title", model::channels::NEWS_TITLE_MAX),
    ("news_messages", "url", model::channels::NEWS_URL_MAX),
    ("page_views", "referrer", model::online::PAGE_URL_MAX),
    ("page_views", "site_visitor_id", 64),
    ("page_views", "title", model::online::TITLE_MAX),
    ("page_views", "url", model::online::PAGE_URL_MAX),
    ("region_sets", "name", model::routing::REGION_SET_NAME_MAX),
    ("region_sets", "places", 64 * 1024),
    ("roles", "builtin", 16),
    ("roles", "name", model::people::NAME_MAX),
    ("roles", "permissions", 4096),
    ("routing_rules", "conditions", 64 * 1024),
    ("routing_rules", "name", model::routing::RULE_NAME_MAX),
    ("routing_rules", "targets", 4096),
    ("sessions", "data", 64 * 1024),
    ("sessions", "id", 64),
    ("settings", "key", 64),
    ("settings", "value", 256 * 1024),
    ("site_visitors", "id", 64),
    ("site_visitors", "link", 64),
    ("tags", "color", 16),
    ("tags", "name", model::customers::TAG_NAME_MAX),
    (
        "ticket_activities",
        "body",
        model::tickets::TICKET_COMMENT_MAX,
    ),
    ("ticket_activities", "from_value", 64),
    ("ticket_activities", "kind", 16),
    ("ticket_activities", "to_value", 64),
    ("tickets", "contact_email", model::people::EMAIL_MAX),
    ("tickets", "contact_name", model::people::NAME_MAX),
    ("tickets", "contact_phone", 32),
    ("tickets", "description", model::tickets::DESCRIPTION_MAX),
    ("tickets", "priority", 16),
    ("tickets", "source", 16),
    ("tickets", "status", 16),
    ("tickets", "subject", model::tickets::SUBJECT_MAX),
    ("visitors", "email", model::people::EMAIL_MAX),
    ("visitors", "name", model::people::NAME_MAX),
    ("visitors", "token_hash", 64),
];

/// The cap of `table.column`, if it stores text.
pub fn cap(table: &str, column: &str) -> Option<usize> {
    CAPS.iter()
        .find(|(t, c, _)| *t == table && *c == column)
        .map(|(_, _, max)| *max)
}

/// What `check` fails with; `crate::Error::from(DbErr)` turns it back into
/// a field error.
const TOO_LONG: &str = "stored_text:too_long:";

/// Refuse any string set on `row` that is longer than its column's cap.
pub fn check<A: ActiveModelTrait>(row: &A) -> Result<(), DbErr> {
    let table = <A::Entity as EntityName>::table_name(&A::Entity::default());
    for column in <A::Entity as EntityTrait>::Column::iter() {
        // Unchanged values are not written, so only `Set` ones are checked.
        let ActiveValue::Set(Value::String(Some(text))) = row.get(column) else {
            continue;
        };
        let name = sea_orm::IdenStatic::as_str(&column);
        if let Some(max) = cap(table, name) {
            if too_long(&text, max) {
                return Err(DbErr::Custom(format!("{TOO_LONG}{name}:{max}")));
            }
        }
    }
    Ok(())
}

/// Counted in characters, as the input checks and `varchar(n)` count.
fn too_long(text: &str, max: usize) -> bool {
    // Cheap exit: a string of at most `max` bytes has at most `max` chars.
    text.len() > max && text.chars().count() > max
}

/// The field error behind a `check` refusal, if `err` is one.
pub fn as_field_error(err: &DbErr) -> Option<FieldError> {
    let DbErr::Custom(text) = err else {
        return None;
    };
    let (column, max) = text.strip_prefix(TOO_LONG)?.rsplit_once(':')?;
    Some(FieldError::with_limit(
        column,
        "too_long",
        max.parse().ok()?,
    ))
}

/// `impl ActiveModelBehavior` for an entity module's `ActiveModel`, with
/// [`check`] before every save.
#[macro_export]
macro_rules! guard_stored_text {
    () => {
        #[async_trait::async_trait]
        impl sea_orm::ActiveModelBehavior for ActiveModel {
            async fn before_save<C>(self, _db: &C, _insert: bool) -> Result<Self, sea_orm::DbErr>
            where
                C: sea_orm::ConnectionTrait,
            {
                $crate::stored_text::check(&self)?;
                Ok(self)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::visitor;
    use sea_orm::Set;

    #[test]
    fn a_string_over_its_columns_cap_is_a_field_error() {
        let row = visitor::ActiveModel {
            name: Set("字".repeat(model::people::NAME_MAX + 1)),
            ..Default::default()
        };
        let err = check(&row).unwrap_err();
        let field = as_field_error(&err).unwrap();
        assert_eq!(
            (field.field.as_str(), field.code.as_str()),
            ("name", "too_long")
        );
        assert_eq!(field.limit, Some(model::people::NAME_MAX as i64));

        let fits = visitor::ActiveModel {
            name: Set("字".repeat(model::people::NAME_MAX)),
            ..Default::default()
        };
        assert!(check(&fits).is_ok());
    }

    #[test]
    fn other_database_errors_are_not_field_errors() {
        assert!(as_field_error(&DbErr::Custom("boom".into())).is_none());
        assert!(as_field_error(&DbErr::RecordNotFound("x".into())).is_none());
    }
}
