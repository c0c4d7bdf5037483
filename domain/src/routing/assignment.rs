//! Who gets a new conversation (R3, R4). A pure function over plain data, so
//! every rule is unit-tested without a database; `ChatService` gathers the
//! data and applies the choice under its assignment lock.

use model::automation::AssignmentMode;
use model::people::AgentStatus;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub agent_id: i32,
    pub status: AgentStatus,
    pub active_chats: i64,
    pub max_chats: i64,
    /// When the agent last got a chat (epoch millis); `None` = never.
    pub last_assigned: Option<i64>,
}

impl Candidate {
    /// Only online agents below their limit take chats; busy, away and
    /// offline agents keep what they have but get nothing new.
    pub fn has_room(&self) -> bool {
        self.status == AgentStatus::Online && self.active_chats < self.max_chats
    }
}

/// The rules of the group (or the global rules) a conversation goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rules {
    pub mode: AssignmentMode,
    pub returning_first: bool,
}

/// The agent to assign, or `None` when nobody can take the chat (queue it).
///
/// - Returning first: the visitor's previous agent wins when they have room.
/// - Load: lowest active/max ratio; ties go to fewer active chats, then to
///   the one who waited longest since their last chat, then the lower id.
/// - Round robin: the one who waited longest since their last chat (never
///   assigned counts as longest), then the lower id.
pub fn pick_agent(candidates: &[Candidate], rules: Rules, previous: Option<i32>) -> Option<i32> {
    let free = || candidates.iter().filter(|c| c.has_room());
    if rules.returning_first {
        if let Some(prev) = previous.and_then(|p| free().find(|c| c.agent_id == p)) {
            return Some(prev.agent_id);
        }
    }
    // `None` sorts before `Some`, so a never-assigned agent goes first.
    let turn = |a: &Candidate, b: &Candidate| {
        a.last_assigned
            .cmp(&b.last_assigned)
            .then(a.agent_id.cmp(&b.agent_id))
    };
    match rules.mode {
        AssignmentMode::Load => free().min_by(|a, b| {
            // a.active/a.max against b.active/b.max without floats.
            (a.active_chats * b.max_chats)
                .cmp(&(b.active_chats * a.max_chats))
                .then(a.active_chats.cmp(&b.active_chats))
                .then_with(|| turn(a, b))
        }),
        AssignmentMode::RoundRobin => free().min_by(|a, b| turn(a, b)),
    }
    .map(|c| c.agent_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use AgentStatus::*;

    fn c(agent_id: i32, status: AgentStatus, active: i64, max: i64) -> Candidate {
        Candidate {
            agent_id,
            status,
            active_chats: active,
            max_chats: max,
            last_assigned: None,
        }
    }

    fn at(mut cand: Candidate, millis: i64) -> Candidate {
        cand.last_assigned = Some(millis);
        cand
    }

    const LOAD: Rules = Rules {
        mode: AssignmentMode::Load,
        returning_first: false,
    };
    const RR: Rules = Rules {
        mode: AssignmentMode::RoundRobin,
        returning_first: false,
    };

    #[test]
    fn nobody_available_means_queue() {
        for rules in [LOAD, RR] {
            assert_eq!(pick_agent(&[], rules, None), None);
            assert_eq!(pick_agent(&[c(1, Offline, 0, 5)], rules, None), None);
            assert_eq!(
                pick_agent(&[c(1, Online, 5, 5), c(2, Online, 1, 1)], rules, None),
                None
            );
            // A limit of zero takes nothing.
            assert_eq!(pick_agent(&[c(1, Online, 0, 0)], rules, None), None);
        }
    }

    #[test]
    fn only_online_agents_take_chats() {
        for rules in [LOAD, RR] {
            for status in [Busy, Away, Offline] {
                let list = [c(1, status, 0, 5), c(2, Online, 4, 5)];
                assert_eq!(pick_agent(&list, rules, None), Some(2), "{status:?}");
            }
        }
    }

    #[test]
    fn load_picks_lowest_ratio() {
        assert_eq!(
            pick_agent(&[c(1, Online, 2, 4), c(2, Online, 1, 4)], LOAD, None),
            Some(2)
        );
        // 1/2 = 50% against 2/10 = 20%.
        assert_eq!(
            pick_agent(&[c(1, Online, 1, 2), c(2, Online, 2, 10)], LOAD, None),
            Some(2)
        );
    }

    #[test]
    fn load_ties_are_fair_and_deterministic() {
        // Same ratio: fewer active chats first.
        assert_eq!(
            pick_agent(&[c(3, Online, 1, 2), c(2, Online, 2, 4)], LOAD, None),
            Some(3)
        );
        // Same load: the one who waited longest.
        let list = [at(c(1, Online, 0, 3), 200), at(c(2, Online, 0, 3), 100)];
        assert_eq!(pick_agent(&list, LOAD, None), Some(2));
        // Nothing else differs: lower id.
        assert_eq!(
            pick_agent(&[c(3, Online, 0, 5), c(2, Online, 0, 3)], LOAD, None),
            Some(2)
        );
    }

    #[test]
    fn round_robin_takes_turns_regardless_of_load() {
        let list = [
            at(c(1, Online, 0, 5), 300),
            at(c(2, Online, 3, 5), 100),
            at(c(3, Online, 1, 5), 200),
        ];
        assert_eq!(pick_agent(&list, RR, None), Some(2));
        // Never assigned goes first.
        let list = [at(c(1, Online, 0, 5), 100), c(2, Online, 0, 5)];
        assert_eq!(pick_agent(&list, RR, None), Some(2));
        // The next in turn is full: skip to the one after.
        let list = [
            at(c(1, Online, 5, 5), 100),
            at(c(2, Online, 0, 5), 200),
            at(c(3, Online, 0, 5), 300),
        ];
        assert_eq!(pick_agent(&list, RR, None), Some(2));
    }

    #[test]
    fn round_robin_cycles_through_everyone() {
        let mut list = vec![c(1, Online, 0, 9), c(2, Online, 0, 9), c(3, Online, 0, 9)];
        let mut order = vec![];
        for t in 0..6 {
            let id = pick_agent(&list, RR, None).expect("someone free");
            order.push(id);
            let cand = list.iter_mut().find(|c| c.agent_id == id).expect("listed");
            cand.last_assigned = Some(t);
            cand.active_chats += 1;
        }
        assert_eq!(order, vec![1, 2, 3, 1, 2, 3]);
    }

    #[test]
    fn returning_visitor_goes_to_previous_agent_when_possible() {
        let rules = Rules {
            mode: AssignmentMode::Load,
            returning_first: true,
        };
        let list = [c(1, Online, 0, 5), c(2, Online, 4, 5)];
        assert_eq!(pick_agent(&list, rules, Some(2)), Some(2));
        // Rule off: load decides.
        assert_eq!(pick_agent(&list, LOAD, Some(2)), Some(1));
        // Previous agent full, away, or not a candidate: normal rules.
        let full = [c(1, Online, 0, 5), c(2, Online, 5, 5)];
        assert_eq!(pick_agent(&full, rules, Some(2)), Some(1));
        let away = [c(1, Online, 0, 5), c(2, Away, 0, 5)];
        assert_eq!(pick_agent(&away, rules, Some(2)), Some(1));
        assert_eq!(pick_agent(&list, rules, Some(9)), Some(1));
        // Also with round robin.
        let rr = Rules {
            mode: AssignmentMode::RoundRobin,
            returning_first: true,
        };
        let list = [c(1, Online, 0, 5), at(c(2, Online, 0, 5), 10)];
        assert_eq!(pick_agent(&list, rr, Some(2)), Some(2));
    }

    /// Every combination of status, load and turn over three agents: the
    /// pick always has room, and nobody is picked while someone with room
    /// ranks better under the rules.
    #[test]
    fn exhaustive_small_cases_respect_capacity_and_status() {
        let statuses = [Online, Busy, Away, Offline];
        let mut checked = 0;
        for s1 in statuses {
            for s2 in statuses {
                for a1 in 0..=2 {
                    for a2 in 0..=2 {
                        for prev in [None, Some(1), Some(2)] {
                            for rules in [LOAD, RR] {
                                for rf in [false, true] {
                                    let rules = Rules {
                                        returning_first: rf,
                                        ..rules
                                    };
                                    let list = [at(c(1, s1, a1, 2), 20), at(c(2, s2, a2, 2), 10)];
                                    let got = pick_agent(&list, rules, prev);
                                    let free: Vec<_> =
                                        list.iter().filter(|c| c.has_room()).collect();
                                    match got {
                                        None => assert!(free.is_empty()),
                                        Some(id) => {
                                            let pick =
                                                list.iter().find(|c| c.agent_id == id).unwrap();
                                            assert!(pick.has_room());
                                            if rf && free.iter().any(|c| Some(c.agent_id) == prev) {
                                                assert_eq!(Some(id), prev);
                                            }
                                        }
                                    }
                                    checked += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 4 * 4 * 3 * 3 * 3 * 2 * 2);
    }
}
