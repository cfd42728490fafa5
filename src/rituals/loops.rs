//! Loops a run could go round without waiting for anyone: `announce` and `reveal` steps
//! move on at once, so steps of those kinds chained back onto themselves by `next` would
//! post their messages over and over. `tuteur rituals check` (and loading) refuses them;
//! the interpreter's transition guard (`interrupt.rs`) stops whatever slips through.
//!
//! Steps that do wait can still be chained into a loop the run never leaves: `a` sends to
//! `b`, `b` back to `a`, and no step of the loop leads to the `record`. A run would go round
//! until a facilitator cancels it and would never be recorded: [`no_way_out`] finds those.

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

/// The steps a run may go to when step `i` closes: the `next` one (or the following one)
/// and, for a consent step, the one after an objection. A `record` ends the run.
fn exits(def: &RitualDef, i: usize) -> Vec<usize> {
    let Some(step) = def.steps.get(i) else {
        return Vec::new();
    };
    if step.kind() == StepKind::Record {
        return Vec::new();
    }
    let mut out = Vec::new();
    let following = match &step.next {
        Some(target) => def.step_index(target.get_ref()),
        None => Some(i + 1),
    };
    out.extend(following.filter(|&j| j < def.steps.len()));
    if let Some(target) = &step.on_objection
        && let Some(j) = def.step_index(target.get_ref())
    {
        out.push(j);
    }
    out
}

/// Every loop a run can enter from its first step and never leave towards the `record`,
/// each as step indices in the order a run would take them (the last one leads back to
/// the first). Loops of steps that never wait are left to [`find`], which says it better;
/// a ritual without a record, or whose last step runs off the end, is told elsewhere.
pub fn no_way_out(def: &RitualDef) -> Vec<Vec<usize>> {
    let n = def.steps.len();
    let has_record = def.steps.iter().any(|s| s.kind() == StepKind::Record);
    if n == 0 || !has_record {
        return Vec::new();
    }
    // Steps from which the record (or the end of the list) can be reached.
    let mut out_ok: Vec<bool> = (0..n)
        .map(|i| def.steps[i].kind() == StepKind::Record)
        .collect();
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..n {
            if out_ok[i] {
                continue;
            }
            let exits = exits(def, i);
            // Running off the end of the list is reported as such (`rituals-last-step`).
            let off_end = def.steps[i].next.is_none() && i + 1 == n;
            if off_end || exits.iter().any(|&j| out_ok[j]) {
                out_ok[i] = true;
                changed = true;
            }
        }
    }
    // Steps a run reaches from the first one.
    let mut reached = vec![false; n];
    let mut todo = vec![0];
    while let Some(i) = todo.pop() {
        if std::mem::replace(&mut reached[i], true) {
            continue;
        }
        todo.extend(exits(def, i));
    }
    let mut loops: Vec<Vec<usize>> = Vec::new();
    let mut told = vec![false; n];
    for start in (0..n).filter(|&i| reached[i] && !out_ok[i]) {
        if told[start] {
            continue;
        }
        // Every step here has an exit, and all of them lead back into steps without a way
        // out: following the first one comes back to a step already on the path.
        let mut path = vec![start];
        let cycle = loop {
            let at = *path.last().unwrap_or(&start);
            let Some(&j) = exits(def, at).first() else {
                break None;
            };
            if let Some(pos) = path.iter().position(|&p| p == j) {
                break Some(path[pos..].to_vec());
            }
            path.push(j);
        };
        for &i in &path {
            told[i] = true;
        }
        if let Some(cycle) = cycle
            && cycle.iter().any(|&i| waits(def.steps[i].kind()))
            && !loops.iter().any(|l| l.contains(&cycle[0]))
        {
            loops.push(cycle);
        }
    }
    loops
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(steps: &str) -> RitualDef {
        let src = format!(
            "name = \"x\"\nfamily = \"custom\"\ntitle = {{ fr = \"X\", en = \"X\" }}\n{steps}"
        );
        toml::from_str(&src).expect("a ritual")
    }

    fn step(id: &str, kind: &str, extra: &str) -> String {
        format!("[[steps]]\nid = \"{id}\"\nkind = \"{kind}\"\nmessage = \"m\"\n{extra}\n")
    }

    #[test]
    fn a_loop_with_a_way_out_is_fine_and_one_without_is_found() {
        // The decision's shape: objections ⇄ levée, and out to the record.
        let decision = def(&[
            step(
                "objections",
                "consent",
                "on_objection = \"levee\"\nnext = \"fin\"",
            ),
            step(
                "levee",
                "answer",
                "who = \"proposer\"\nnext = \"objections\"",
            ),
            step("fin", "record", ""),
        ]
        .concat());
        assert!(no_way_out(&decision).is_empty());

        let stuck = def(&[
            step("a", "announce", ""),
            step("b", "round", ""),
            step("c", "open", "next = \"b\""),
            step("fin", "record", ""),
        ]
        .concat());
        assert_eq!(no_way_out(&stuck), vec![vec![1, 2]]);

        // A loop of steps that never wait is `find`'s to say, not said twice.
        let spin = def(&[
            step("a", "announce", ""),
            step("b", "announce", "next = \"a\""),
            step("fin", "record", ""),
        ]
        .concat());
        assert_eq!(find(&spin), vec![vec![0, 1]]);
        assert!(no_way_out(&spin).is_empty());

        // Unreachable steps are not a run's business.
        let unreachable = def(&[
            step("a", "round", "next = \"fin\""),
            step("b", "round", ""),
            step("c", "open", "next = \"b\""),
            step("fin", "record", ""),
        ]
        .concat());
        assert!(no_way_out(&unreachable).is_empty());
    }
}
