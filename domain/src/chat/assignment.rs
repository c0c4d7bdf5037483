//! Who gets a new conversation (R3, first part): the online agent with the
//! lowest load among those with free capacity. A pure function over plain
//! data, so every rule is unit-tested without a database.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub agent_id: i32,
    pub online: bool,
    pub active_chats: i64,
    pub max_chats: i64,
}

impl Candidate {
    fn has_room(&self) -> bool {
        self.online && self.active_chats < self.max_chats
    }
}

/// The agent to assign, or `None` when nobody can take the chat (queue it).
/// Lowest active/max ratio wins; ties go to fewer active chats, then the
/// lower id, so the choice is deterministic.
pub fn pick_agent(candidates: &[Candidate]) -> Option<i32> {
    candidates
        .iter()
        .filter(|c| c.has_room())
        .min_by(|a, b| {
            // Compare a.active/a.max with b.active/b.max without floats.
            (a.active_chats * b.max_chats)
                .cmp(&(b.active_chats * a.max_chats))
                .then(a.active_chats.cmp(&b.active_chats))
                .then(a.agent_id.cmp(&b.agent_id))
        })
        .map(|c| c.agent_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(agent_id: i32, online: bool, active: i64, max: i64) -> Candidate {
        Candidate {
            agent_id,
            online,
            active_chats: active,
            max_chats: max,
        }
    }

    #[test]
    fn nobody_online_or_everyone_full_means_queue() {
        assert_eq!(pick_agent(&[]), None);
        assert_eq!(pick_agent(&[c(1, false, 0, 5)]), None);
        assert_eq!(pick_agent(&[c(1, true, 5, 5), c(2, true, 1, 1)]), None);
    }

    #[test]
    fn lowest_load_ratio_wins() {
        assert_eq!(pick_agent(&[c(1, true, 2, 4), c(2, true, 1, 4)]), Some(2));
        // 1/2 = 50% vs 2/10 = 20%
        assert_eq!(pick_agent(&[c(1, true, 1, 2), c(2, true, 2, 10)]), Some(2));
    }

    #[test]
    fn ties_are_deterministic() {
        assert_eq!(pick_agent(&[c(3, true, 0, 5), c(2, true, 0, 3)]), Some(2));
        assert_eq!(pick_agent(&[c(3, true, 1, 2), c(2, true, 2, 4)]), Some(3));
    }
}
