//! Which tickets an agent may read. With "view all tickets" (or "manage
//! tickets", which changes any of them) every ticket; otherwise the tickets
//! assigned to them, those of their groups, and those nobody has (neither
//! an agent nor a group). A ticket out of sight looks the same as a missing
//! one, through every path: list, filters, detail, comment, change.

use model::Permission;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait};

use crate::actor::Actor;
use crate::entities::ticket;
use crate::error::Result;

/// The reader of tickets, with what decides what they see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reader {
    pub agent_id: i32,
    /// Sees every ticket.
    pub all: bool,
    pub groups: Vec<i32>,
}

impl Reader {
    pub(crate) async fn of<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<Self> {
        let all = actor.can(Permission::ViewAllTickets) || actor.can(Permission::ManageTickets);
        let groups = if all {
            vec![]
        } else {
            crate::people::group_ids_of(db, actor.agent_id).await?
        };
        Ok(Reader {
            agent_id: actor.agent_id,
            all,
            groups,
        })
    }

    /// Whether this ticket is in sight.
    pub(crate) fn sees(&self, assignee_id: Option<i32>, group_id: Option<i32>) -> bool {
        self.all
            || assignee_id == Some(self.agent_id)
            || group_id.is_some_and(|g| self.groups.contains(&g))
            || (assignee_id.is_none() && group_id.is_none())
    }

    /// The same rule as a query condition, for lists.
    pub(crate) fn condition(&self) -> Condition {
        if self.all {
            return Condition::all();
        }
        let mut any = Condition::any()
            .add(ticket::Column::AssigneeId.eq(self.agent_id))
            .add(
                Condition::all()
                    .add(ticket::Column::AssigneeId.is_null())
                    .add(ticket::Column::GroupId.is_null()),
            );
        if !self.groups.is_empty() {
            any = any.add(ticket::Column::GroupId.is_in(self.groups.clone()));
        }
        any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_agent_sees_their_own_their_groups_and_nobodys_tickets() {
        let me = Reader {
            agent_id: 1,
            all: false,
            groups: vec![10],
        };
        assert!(me.sees(Some(1), None), "assigned to me");
        assert!(
            me.sees(Some(1), Some(20)),
            "assigned to me in another group"
        );
        assert!(me.sees(Some(2), Some(10)), "a colleague's in my group");
        assert!(me.sees(None, Some(10)), "my group's, unassigned");
        assert!(me.sees(None, None), "nobody's");
        assert!(!me.sees(Some(2), None), "a colleague's");
        assert!(!me.sees(None, Some(20)), "another group's");
        assert!(!me.sees(Some(2), Some(20)));
        let boss = Reader { all: true, ..me };
        assert!(boss.sees(Some(2), Some(20)));
    }
}
