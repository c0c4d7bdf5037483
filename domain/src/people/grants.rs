//! Who may hand out which power. "Manage people" must not be a path to more
//! than its holder has:
//! - a role gains only permissions its editor holds;
//! - only an Admin assigns the Admin role or touches an Admin's account;
//! - nobody edits their own role or changes which role they have;
//! - nobody edits or disables an account that holds permissions they lack
//!   (its password would be theirs to set).

use model::access::BuiltinRole;
use model::Permission;
use sea_orm::{ConnectionTrait, EntityTrait};

use crate::actor::Actor;
use crate::entities::{agent, role};
use crate::error::{Error, Result};

use super::roles::permissions_of;

/// A role as far as granting it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Grant {
    pub builtin: Option<BuiltinRole>,
    pub permissions: Vec<Permission>,
}

impl Grant {
    pub(crate) fn of(role: &role::Model) -> Self {
        Grant {
            builtin: role.builtin,
            permissions: permissions_of(role),
        }
    }
}

/// Who is acting: their permissions, whether they are an Admin, their role.
#[derive(Debug, Clone)]
pub(crate) struct Granter {
    pub permissions: Vec<Permission>,
    pub admin: bool,
    pub role_id: i32,
}

impl Granter {
    pub(crate) async fn of<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<Self> {
        let me = agent::Entity::find_by_id(actor.agent_id)
            .one(db)
            .await?
            .ok_or(Error::Unauthenticated)?;
        let role = role::Entity::find_by_id(me.role_id)
            .one(db)
            .await?
            .ok_or(Error::Unauthenticated)?;
        Ok(Granter {
            permissions: actor.permissions.iter().copied().collect(),
            admin: role.builtin == Some(BuiltinRole::Admin),
            role_id: role.id,
        })
    }
}

/// May `who` give someone the role `grant`? The error is the field error code.
pub(crate) fn may_assign(who: &Granter, grant: &Grant) -> std::result::Result<(), &'static str> {
    if who.admin {
        return Ok(());
    }
    if grant.builtin == Some(BuiltinRole::Admin) {
        return Err("admin_only");
    }
    if grant
        .permissions
        .iter()
        .all(|p| who.permissions.contains(p))
    {
        Ok(())
    } else {
        Err("beyond_yours")
    }
}

/// May `who` change the account of someone holding `theirs`? Holding
/// permissions `who` lacks (or the Admin role) puts it out of reach.
pub(crate) fn may_manage(who: &Granter, theirs: &Grant) -> bool {
    may_assign(who, theirs).is_ok()
}

/// May `who` change role `role_id` from `before` to grant `after`? Both must
/// lie within what `who` holds.
pub(crate) fn may_edit_role(
    who: &Granter,
    role_id: i32,
    before: &[Permission],
    after: &[Permission],
) -> std::result::Result<(), &'static str> {
    if role_id == who.role_id {
        return Err("own_role");
    }
    if who.admin {
        return Ok(());
    }
    // Neither may it gain one they lack, nor lose one: stripping a stronger
    // role would bring its holders' accounts within their reach.
    let touched = after.iter().chain(before.iter());
    if touched.into_iter().all(|p| who.permissions.contains(p)) {
        Ok(())
    } else {
        Err("beyond_yours")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    fn manager() -> Granter {
        Granter {
            permissions: vec![ManagePeople, ManageTickets],
            admin: false,
            role_id: 5,
        }
    }

    fn custom(permissions: Vec<Permission>) -> Grant {
        Grant {
            builtin: None,
            permissions,
        }
    }

    #[test]
    fn a_manager_assigns_only_what_they_hold() {
        let admin_role = Grant {
            builtin: Some(BuiltinRole::Admin),
            permissions: Permission::ALL.to_vec(),
        };
        assert_eq!(may_assign(&manager(), &admin_role), Err("admin_only"));
        assert_eq!(may_assign(&manager(), &custom(vec![ManageTickets])), Ok(()));
        assert_eq!(
            may_assign(&manager(), &custom(vec![ManageTickets, ManageChannels])),
            Err("beyond_yours")
        );
        let admin = Granter {
            admin: true,
            ..manager()
        };
        assert_eq!(may_assign(&admin, &admin_role), Ok(()));
        assert!(!may_manage(&manager(), &admin_role));
    }

    #[test]
    fn a_role_gains_only_what_its_editor_holds_and_never_their_own() {
        let who = manager();
        assert_eq!(may_edit_role(&who, 5, &[], &[]), Err("own_role"));
        assert_eq!(may_edit_role(&who, 7, &[], &[ManageTickets]), Ok(()));
        assert_eq!(
            may_edit_role(&who, 7, &[], &[ManageRouting]),
            Err("beyond_yours")
        );
        // Nor may a stronger role be stripped (its holders would come
        // within reach).
        assert_eq!(
            may_edit_role(&who, 7, &[ManageRouting, Qa], &[]),
            Err("beyond_yours")
        );
        let admin = Granter {
            admin: true,
            ..manager()
        };
        assert_eq!(may_edit_role(&admin, 7, &[], &[ManageRouting]), Ok(()));
        assert_eq!(may_edit_role(&admin, 5, &[], &[]), Err("own_role"));
    }
}
