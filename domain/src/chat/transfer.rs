//! Transfer (W4): hand a conversation to another agent or group, with a note
//! only agents see; the visitor sees a system line.

use model::chat::{Conversation, ConversationStatus, SystemLine, TransferTarget, TransferTargets};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use model::Permission;

use super::core::ChatCore;
use super::Party;
use crate::actor::Actor;
use crate::entities::{agent, agent_group, conversation};
use crate::error::{Error, Result};
use crate::people::{agent_name, agents_and_groups};
use crate::routing::queue::QueueService;
use crate::validate::Check;

pub const NOTE_MAX: usize = 500;

#[derive(Clone)]
pub struct TransferService {
    core: ChatCore,
    queue: QueueService,
}

/// Where a transfer sends the conversation, once checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Destination {
    /// Straight to this agent, or `None`: into the group's queue.
    pub agent_id: Option<i32>,
    pub group_id: Option<i32>,
}

/// What the database says about the target, for `destination`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Found {
    Agent { id: i32, enabled: bool },
    Group,
    Missing,
}

/// Check a transfer target: an enabled agent other than the `current` one
/// (the conversation keeps its group), or an existing group. Pure, so every case is unit-tested.
pub(crate) fn destination(
    current: Option<i32>,
    current_group: Option<i32>,
    target: TransferTarget,
    found: Found,
    check: &mut Check,
) -> Option<Destination> {
    match (target, found) {
        (TransferTarget::Agent(_), Found::Agent { id, .. }) if Some(id) == current => {
            check.fail("target", "same_agent");
            None
        }
        (TransferTarget::Agent(_), Found::Agent { id, enabled: true }) => Some(Destination {
            agent_id: Some(id),
            group_id: current_group,
        }),
        (TransferTarget::Group(g), Found::Group) => Some(Destination {
            agent_id: None,
            group_id: Some(g),
        }),
        _ => {
            check.fail("target", "not_found");
            None
        }
    }
}

/// The note agents see: "From → To: note".
pub(crate) fn note_line(from: &str, to: &str, note: &str) -> String {
    if note.is_empty() {
        format!("{from} → {to}")
    } else {
        format!("{from} → {to}: {note}")
    }
}

impl TransferService {
    pub(crate) fn new(core: ChatCore, queue: QueueService) -> Self {
        Self { core, queue }
    }

    /// Who an agent may transfer to: other enabled agents and all groups.
    pub async fn transfer_targets(&self, actor: &Actor) -> Result<TransferTargets> {
        agents_and_groups(&self.core.db, Some(actor.agent_id)).await
    }

    async fn found(&self, target: TransferTarget) -> Result<Found> {
        Ok(match target {
            TransferTarget::Agent(a) => {
                match agent::Entity::find_by_id(a).one(&self.core.db).await? {
                    Some(ag) => Found::Agent {
                        id: ag.id,
                        enabled: ag.enabled,
                    },
                    None => Found::Missing,
                }
            }
            TransferTarget::Group(g) => {
                match agent_group::Entity::find_by_id(g)
                    .one(&self.core.db)
                    .await?
                {
                    Some(_) => Found::Group,
                    None => Found::Missing,
                }
            }
        })
    }

    /// Hand a conversation to another agent or group with a note for the
    /// receiver (W4). The visitor sees a system line. Its agent may, and so
    /// may a supervisor with `TakeOverChats` who can see it (M1).
    pub async fn transfer(
        &self,
        actor: &Actor,
        id: i64,
        target: TransferTarget,
        note: &str,
    ) -> Result<Conversation> {
        let conv = self.movable(actor, id).await?;
        let mut check = Check::new();
        let note = check
            .optional_text("note", Some(note), NOTE_MAX)
            .unwrap_or_default();
        let found = self.found(target).await?;
        let dest = destination(conv.agent_id, conv.group_id, target, found, &mut check);
        check.finish()?;
        let Some(dest) = dest else {
            return Err(Error::field("target", "not_found"));
        };
        self.move_to(actor, conv, dest, &note).await
    }

    /// A supervisor takes a live conversation themselves (M1): it becomes
    /// theirs, whoever had it, and the visitor sees the transfer line.
    pub async fn take_over(&self, actor: &Actor, id: i64) -> Result<Conversation> {
        let conv = self.movable(actor, id).await?;
        if conv.agent_id == Some(actor.agent_id) {
            return Err(Error::field("target", "same_agent"));
        }
        let dest = Destination {
            agent_id: Some(actor.agent_id),
            group_id: conv.group_id,
        };
        self.move_to(actor, conv, dest, "").await
    }

    /// A live conversation this actor may move: their own, or any they can
    /// see with `TakeOverChats`.
    async fn movable(&self, actor: &Actor, id: i64) -> Result<conversation::Model> {
        let conv = self.core.visible(&Party::Agent(actor.clone()), id).await?;
        if conv.agent_id != Some(actor.agent_id) && !actor.can(Permission::TakeOverChats) {
            return Err(Error::Forbidden);
        }
        if conv.status == ConversationStatus::Ended {
            return Err(Error::field("conversation_id", "conversation_ended"));
        }
        Ok(conv)
    }

    async fn name(&self, agent: Option<i32>) -> Result<String> {
        match agent {
            Some(a) => agent_name(&self.core.db, a).await,
            None => Ok("queue".to_owned()),
        }
    }

    async fn move_to(
        &self,
        actor: &Actor,
        conv: conversation::Model,
        dest: Destination,
        note: &str,
    ) -> Result<Conversation> {
        let id = conv.id;
        let previous = conv.agent_id;
        let now = self.core.clock.now();
        // Move it: straight to the chosen agent, or into the group's queue,
        // from where the group's rules pick someone other than the agent it
        // came from (the same guarded assignment as for new visitors).
        // Guarded on what was read: a chat that ended or changed hands
        // meanwhile (the visitor left, the queue assigned it) is not moved
        // over that change.
        let status = if dest.agent_id.is_some() {
            ConversationStatus::Active
        } else {
            ConversationStatus::Queued
        };
        let owner = match previous {
            Some(a) => conversation::Column::AgentId.eq(a),
            None => conversation::Column::AgentId.is_null(),
        };
        let changed = conversation::Entity::update_many()
            .col_expr(conversation::Column::AgentId, Expr::value(dest.agent_id))
            .col_expr(conversation::Column::GroupId, Expr::value(dest.group_id))
            .col_expr(conversation::Column::AgentReadSeq, Expr::value(0i64))
            .col_expr(
                conversation::Column::AssignedAt,
                Expr::value(dest.agent_id.map(|_| now)),
            )
            .col_expr(
                conversation::Column::FirstAssignedAt,
                match dest.agent_id {
                    Some(_) => crate::reports::facts::first_assigned(now),
                    None => Expr::col(conversation::Column::FirstAssignedAt),
                },
            )
            .col_expr(
                conversation::Column::AgentRepliedAt,
                Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
            )
            .col_expr(
                conversation::Column::AlertedAt,
                Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
            )
            .col_expr(conversation::Column::Status, Expr::value(status))
            .filter(conversation::Column::Id.eq(id))
            .filter(conversation::Column::Status.ne(ConversationStatus::Ended))
            .filter(owner)
            .exec(&self.core.db)
            .await?;
        if changed.rows_affected == 0 {
            return Err(Error::field("conversation_id", "conversation_changed"));
        }
        let mut moved = self.core.find(id).await?;
        if dest.agent_id.is_none() {
            moved = self.queue.assign_excluding(moved, previous).await?;
        }
        // The receiver learns of the conversation before its first new line.
        self.core.publish_conversation(&moved, previous).await?;
        let (from, to) = (self.name(previous).await?, self.name(moved.agent_id).await?);
        let mut internal = note_line(&from, &to, note);
        if previous != Some(actor.agent_id) {
            // A supervisor moved it: the note says who.
            internal = format!("{}: {internal}", self.name(Some(actor.agent_id)).await?);
        }
        let stamp = now.timestamp_millis();
        self.core
            .system_line(
                &moved,
                Some(actor.agent_id),
                &format!("sys:note-{stamp}"),
                SystemLine::TransferNote,
                &internal,
            )
            .await?;
        self.core
            .system_line(
                &moved,
                None,
                &format!("sys:transfer-{stamp}"),
                SystemLine::Transferred,
                "",
            )
            .await?;
        let moved = self.core.find(id).await?;
        if moved.agent_id.is_none() {
            self.queue.publish().await?;
        }
        self.core.conversation_dto(moved).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(target: TransferTarget, found: Found) -> (Option<Destination>, Vec<String>) {
        let mut check = Check::new();
        let dest = destination(Some(1), Some(5), target, found, &mut check);
        let codes = match check.finish() {
            Ok(()) => vec![],
            Err(Error::Invalid(f)) => f.into_iter().map(|f| f.code).collect(),
            Err(e) => panic!("{e}"),
        };
        (dest, codes)
    }

    #[test]
    fn to_another_enabled_agent_keeps_the_group() {
        let (dest, codes) = run(
            TransferTarget::Agent(2),
            Found::Agent {
                id: 2,
                enabled: true,
            },
        );
        assert!(codes.is_empty());
        assert_eq!(
            dest,
            Some(Destination {
                agent_id: Some(2),
                group_id: Some(5)
            })
        );
    }

    #[test]
    fn refuses_self_disabled_and_missing_targets() {
        let me = Found::Agent {
            id: 1,
            enabled: true,
        };
        assert_eq!(run(TransferTarget::Agent(1), me).1, ["same_agent"]);
        let off = Found::Agent {
            id: 2,
            enabled: false,
        };
        assert_eq!(run(TransferTarget::Agent(2), off).1, ["not_found"]);
        assert_eq!(
            run(TransferTarget::Agent(9), Found::Missing).1,
            ["not_found"]
        );
        assert_eq!(
            run(TransferTarget::Group(9), Found::Missing).1,
            ["not_found"]
        );
    }

    #[test]
    fn to_a_group_goes_to_its_queue() {
        let (dest, _) = run(TransferTarget::Group(7), Found::Group);
        assert_eq!(
            dest,
            Some(Destination {
                agent_id: None,
                group_id: Some(7)
            })
        );
    }

    #[test]
    fn note_line_reads_from_to_note() {
        assert_eq!(note_line("Ann", "Bo", ""), "Ann → Bo");
        assert_eq!(note_line("Ann", "Bo", "VIP"), "Ann → Bo: VIP");
    }
}
