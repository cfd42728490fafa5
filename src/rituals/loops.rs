//! Loops a run could go round without waiting for anyone: `announce` and `reveal` steps
//! move on at once, so steps of those kinds chained back onto themselves by `next` would
//! post their messages over and over. `tuteur rituals check` (and loading) refuses them;
//! the interpreter's transition guard (`interrupt.rs`) stops whatever slips through.

use super::definition::{RitualDef, StepKind};

/// True for the step kinds that wait for people (a turn, an answer, a ballot, a
/// facilitator's word) before the run moves on.
pub fn waits(kind: StepKind) -> bool {
    match kind {
        StepKind::Round
        | StepKind::Open
        | StepKind::Answer
        | StepKind::Consent
        | StepKind::Nominate
        | StepKind::Propose => true,
        StepKind::Announce | StepKind::Reveal | StepKind::Record => false,
    }
}

/// The step a run moves to from step `i` without anyone's input, or None where the run
/// waits or ends (a `record`, or past the last step).
fn moves_to(def: &RitualDef, i: usize) -> Option<usize> {
    let step = def.steps.get(i)?;
    if waits(step.kind()) || step.kind() == StepKind::Record {
        return None;
    }
    let j = match &step.next {
        Some(target) => def.step_index(target.get_ref()).unwrap_or(i + 1),
        None => i + 1,
    };
    (j < def.steps.len()).then_some(j)
}

/// Every loop of steps that never wait, each as step indices in the order a run would
/// take them (the last one leads back to the first). Each step is walked once.
pub fn find(def: &RitualDef) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        No,
        OnPath,
        Done,
    }
    let mut seen = vec![Seen::No; def.steps.len()];
    let mut loops = Vec::new();
    for start in 0..def.steps.len() {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match seen[i] {
                Seen::Done => break,
                Seen::OnPath => {
                    if let Some(pos) = path.iter().position(|&p| p == i) {
                        loops.push(path[pos..].to_vec());
                    }
                    break;
                }
                Seen::No => {
                    seen[i] = Seen::OnPath;
                    path.push(i);
                    at = moves_to(def, i);
                }
            }
        }
        for i in path {
            seen[i] = Seen::Done;
        }
    }
    loops
}
