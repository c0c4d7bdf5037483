//! The reviewers' random sample (M4): up to N conversations of each agent,
//! picked uniformly among those not reviewed yet. Pure over the candidates
//! and a random source, so the test fixes the seed.

use std::collections::BTreeMap;

use rand::seq::SliceRandom;
use rand::Rng;

/// `candidates` are `(agent, item)`; the answer keeps, per agent, `n` items
/// chosen at random (all of them when an agent has fewer), agents in id
/// order and each agent's items in their original order.
pub fn per_agent<T: Clone, R: Rng>(candidates: &[(i32, T)], n: usize, rng: &mut R) -> Vec<T> {
    let mut by: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (i, (agent, _)) in candidates.iter().enumerate() {
        by.entry(*agent).or_default().push(i);
    }
    let mut out = vec![];
    for (_, places) in by {
        let mut picked: Vec<usize> = places.choose_multiple(rng, n).copied().collect();
        picked.sort_unstable();
        out.extend(picked.into_iter().map(|i| candidates[i].1.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    #[test]
    fn each_agent_gets_at_most_n_of_their_own() {
        let candidates: Vec<(i32, i64)> = (0..30).map(|i| ((i % 3) as i32, i)).collect();
        let mut rng = StdRng::seed_from_u64(7);
        let picked = per_agent(&candidates, 4, &mut rng);
        assert_eq!(picked.len(), 12);
        for agent in 0..3 {
            let mine: Vec<_> = picked.iter().filter(|c| *c % 3 == agent).collect();
            assert_eq!(mine.len(), 4);
            assert!(mine.windows(2).all(|w| w[0] < w[1]));
        }
        // Fewer than n: all of them.
        let few = [(9, 1i64), (9, 2)];
        assert_eq!(per_agent(&few, 5, &mut rng), vec![1, 2]);
    }

    #[test]
    fn the_sample_is_spread_over_all_candidates() {
        // Over many draws, every one of an agent's 10 is picked sometimes.
        let candidates: Vec<(i32, i64)> = (0..10).map(|i| (1, i)).collect();
        let mut rng = StdRng::seed_from_u64(1);
        let mut seen = [0u32; 10];
        for _ in 0..200 {
            for c in per_agent(&candidates, 2, &mut rng) {
                seen[c as usize] += 1;
            }
        }
        assert!(seen.iter().all(|&n| n > 10), "{seen:?}");
    }
}
