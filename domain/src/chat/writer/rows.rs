//! The rows a batch reads and writes: the guard on each conversation, its
//! seq and timestamps, the locked read and the one UPDATE for them all, the
//! stored client ids of retries, and each new message's row.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use model::chat::{ConversationStatus, Sender};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::{Append, Guard};
use crate::channels::delivery::{self, goes_out};
use crate::entities::{conversation, message};

pub(super) fn allowed(guard: Guard, conv: &conversation::Model) -> bool {
    let open = conv.status != ConversationStatus::Ended;
    match guard {
        Guard::Any => true,
        Guard::Visitor(v) => open && conv.visitor_id == v,
        Guard::Agent(a) => open && conv.agent_id == Some(a),
    }
}

/// The message's seq, and what it changes in its conversation: its last
/// message, and who spoke when (the idle (R2) and unanswered (R10) timers).
pub(super) fn advance(conv: &mut conversation::Model, append: &Append, now: DateTime<Utc>) -> i64 {
    conv.last_seq += 1;
    if !append.internal {
        conv.last_message = Some(append.body.chars().take(200).collect());
        conv.last_line = append.system;
    }
    match append.sender {
        Sender::Visitor => {
            conv.last_visitor_at = Some(now);
            conv.idle_reminded_at = None;
        }
        Sender::Agent => {
            conv.last_agent_at = Some(now);
            conv.idle_reminded_at = None;
            conv.agent_replied_at = conv.agent_replied_at.or(Some(now));
        }
        Sender::System | Sender::Bot => {}
    }
    conv.last_seq
}

/// Lock the batch's conversations for the rest of the transaction and read
/// them. PostgreSQL locks rows in id order, the same in every process, so
/// two batches cannot deadlock; SQLite's only lock is taken by writing, so a
/// no-op UPDATE takes it before anything is read.
pub(super) async fn lock_conversations<C: ConnectionTrait>(
    txn: &C,
    ids: &[i64],
) -> Result<HashMap<i64, conversation::Model>, sea_orm::DbErr> {
    use conversation::Column as C;
    let rows = match txn.get_database_backend() {
        DbBackend::Postgres => {
            conversation::Entity::find()
                .filter(C::Id.is_in(ids.iter().copied()))
                .order_by_asc(C::Id)
                .lock_exclusive()
                .all(txn)
                .await?
        }
        _ => {
            conversation::Entity::update_many()
                .col_expr(C::LastSeq, Expr::col(C::LastSeq))
                .filter(C::Id.is_in(ids.iter().copied()))
                .exec_with_returning(txn)
                .await?
        }
    };
    Ok(rows.into_iter().map(|c| (c.id, c)).collect())
}

/// Write the changed columns of these conversations in one statement: each
/// column is a `CASE` over the conversation ids.
pub(super) async fn save_conversations<C: ConnectionTrait>(
    txn: &C,
    ids: &[i64],
    convs: &HashMap<i64, conversation::Model>,
) -> Result<(), sea_orm::DbErr> {
    use conversation::Column as C;
    /// One column's new value, read off the conversation.
    type Value = fn(&conversation::Model) -> sea_orm::Value;
    fn column(
        col: C,
        ids: &[i64],
        convs: &HashMap<i64, conversation::Model>,
        value: Value,
    ) -> Expr {
        let mut case = sea_orm::sea_query::CaseStatement::new();
        for id in ids {
            if let Some(conv) = convs.get(id) {
                case = case.case(C::Id.eq(*id), Expr::value(value(conv)));
            }
        }
        case.finally(Expr::col(col)).into()
    }
    let columns: [(C, Value); 7] = [
        (C::LastSeq, |c| c.last_seq.into()),
        (C::LastMessage, |c| c.last_message.clone().into()),
        (C::LastLine, |c| c.last_line.into()),
        (C::LastVisitorAt, |c| c.last_visitor_at.into()),
        (C::LastAgentAt, |c| c.last_agent_at.into()),
        (C::IdleRemindedAt, |c| c.idle_reminded_at.into()),
        (C::AgentRepliedAt, |c| c.agent_replied_at.into()),
    ];
    let mut update = conversation::Entity::update_many();
    for (col, value) in columns {
        update = update.col_expr(col, column(col, ids, convs, value));
    }
    update
        .filter(C::Id.is_in(ids.iter().copied()))
        .exec(txn)
        .await?;
    Ok(())
}

/// Messages already stored under the batch's client ids, in the same
/// conversations. One query for the batch.
pub(super) async fn stored_messages<C: ConnectionTrait>(
    db: &C,
    appends: &[&Append],
) -> Result<HashMap<(i64, String), message::Model>, sea_orm::DbErr> {
    let rows = message::Entity::find()
        .filter(message::Column::ConversationId.is_in(appends.iter().map(|a| a.conversation_id)))
        .filter(message::Column::ClientId.is_in(appends.iter().map(|a| a.client_id.as_str())))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|m| ((m.conversation_id, m.client_id.clone()), m))
        .collect())
}

/// The row for a message; one for a platform's follower (C4, C5) starts
/// its delivery as pending, in the same transaction.
pub(super) fn new_row(
    append: &Append,
    seq: i64,
    now: DateTime<Utc>,
    conv: &conversation::Model,
) -> message::ActiveModel {
    let attachment = append.attachment.as_ref();
    let outbound = goes_out(
        &conv.channel,
        append.sender,
        append.internal,
        append.system,
        &append.body,
    );
    message::ActiveModel {
        conversation_id: Set(append.conversation_id),
        seq: Set(seq),
        client_id: Set(append.client_id.clone()),
        sender: Set(append.sender),
        agent_id: Set(append.agent_id),
        body: Set(append.body.clone()),
        system_line: Set(append.system),
        internal: Set(append.internal),
        attachment_key: Set(attachment.map(|a| a.key.clone())),
        attachment_name: Set(attachment.map(|a| a.name.clone())),
        attachment_type: Set(attachment.map(|a| a.content_type.clone())),
        attachment_size: Set(attachment.map(|a| a.size)),
        bot: Set(append
            .bot
            .as_ref()
            .and_then(|b| serde_json::to_string(b).ok())),
        created_at: Set(now),
        delivery: Set(outbound.then(|| delivery::NEW.to_owned())),
        delivery_tries: Set(0),
        ..Default::default()
    }
}
