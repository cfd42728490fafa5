//! Runs as the first shape of the engine stored them (one flat value with every family's
//! fields), read so that a ritual in progress when the bot is upgraded goes on where it was.
//! Only read, never written: a run saved again is saved in today's shape.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::run::{self, ConsentLog, Pace, Proposal, Role, Run, RunStatus, Subject};
use super::state::{self, AnswerPhase, AnswerState, ConsentState, OpenState, RoundState};
use crate::model::{RunId, RunKind, UserId};
use crate::registers::{Lift, ObjectionRecord, Version};
use crate::store::{StoreError, Tree, decode};

/// A stored run, in today's shape or in the first one.
pub fn decode_run(raw: &[u8]) -> Result<Run, StoreError> {
    match decode::<Run>(Tree::Runs, raw) {
        Ok(run) => Ok(run),
        Err(now) => match decode::<OldRun>(Tree::Runs, raw) {
            Ok(old) => Ok(old.into()),
            Err(_) => Err(now),
        },
    }
}

#[derive(Deserialize)]
struct OldTurn {
    who: UserId,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    passed: bool,
    #[serde(default)]
    silent: bool,
    #[serde(default)]
    event_id: Option<String>,
}

impl From<OldTurn> for state::Turn {
    fn from(t: OldTurn) -> Self {
        let how = match (t.passed, t.silent) {
            (true, _) => state::TurnKind::Passed,
            (_, true) => state::TurnKind::Silent,
            _ => state::TurnKind::Spoke,
        };
        state::Turn {
            who: t.who,
            text: t.text,
            how,
            event_id: t.event_id,
        }
    }
}

#[derive(Deserialize)]
enum OldAnswer {
    Consent,
    Objection {
        reason: String,
        event_id: Option<String>,
    },
    Silent,
}

#[derive(Deserialize)]
enum OldState {
    Idle,
    Round {
        order: Vec<UserId>,
        turns: Vec<OldTurn>,
        announced: Option<UserId>,
    },
    Open {
        #[allow(dead_code)]
        reminded: Vec<UserId>,
        count: u32,
    },
    Answer,
    Consent {
        order: Vec<UserId>,
        answers: BTreeMap<UserId, OldAnswer>,
        prompt_ref: Option<String>,
        last_asked: bool,
    },
    Nominate,
    Propose,
}

#[derive(Deserialize)]
struct OldObjection {
    by: UserId,
    reason: String,
    round: u32,
    #[serde(default)]
    lift_proposals: Vec<String>,
    answered_by_version: Option<usize>,
}

#[derive(Deserialize)]
enum OldStatus {
    Active,
    Done,
    Cancelled,
    Withdrawn,
}

#[derive(Deserialize)]
struct OldRun {
    id: RunId,
    ritual: String,
    title: String,
    started_by: UserId,
    started_at: DateTime<Utc>,
    participants: Vec<UserId>,
    names: BTreeMap<UserId, String>,
    status: OldStatus,
    step: usize,
    step_opened: DateTime<Utc>,
    #[serde(default)]
    deadline: Option<DateTime<Utc>>,
    #[serde(default)]
    reminded: bool,
    #[serde(default)]
    close_at: Option<DateTime<Utc>>,
    state: OldState,
    rooted: bool,
    seed: u64,
    #[serde(default)]
    proposer: Option<UserId>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    versions: Vec<Version>,
    #[serde(default)]
    objections: Vec<OldObjection>,
    #[serde(default)]
    consent_rounds: u32,
    #[serde(default)]
    delay_minutes: Option<i64>,
    #[serde(default)]
    silence_consent: bool,
    #[serde(default)]
    silent: Vec<UserId>,
    #[serde(default)]
    term_minutes: Option<i64>,
    #[serde(default)]
    ballots: BTreeMap<UserId, run::Ballot>,
    #[serde(default)]
    nominee: Option<UserId>,
    #[serde(default)]
    suggestion: Option<(UserId, String)>,
    #[serde(default)]
    last_round: Vec<OldTurn>,
}

impl From<OldRun> for Run {
    fn from(o: OldRun) -> Run {
        let subject = match o.id.kind {
            RunKind::Meteo => Subject::Meteo,
            RunKind::Decision => Subject::Proposal(Proposal {
                proposer: o.proposer.clone().unwrap_or_else(|| o.started_by.clone()),
                versions: if o.versions.is_empty() {
                    vec![Version {
                        text: o.text.clone().unwrap_or_default(),
                        at: o.started_at,
                        after_round: 0,
                    }]
                } else {
                    o.versions
                },
            }),
            RunKind::Election => Subject::Role(Role {
                name: o.text.clone().unwrap_or_default(),
                mission: None,
                term_minutes: o.term_minutes,
                ballots: o.ballots,
                nominee: o.nominee,
                suggestion: o.suggestion,
            }),
            _ => Subject::Free(o.text),
        };
        let state = match o.state {
            OldState::Idle => state::StepState::Idle,
            OldState::Round {
                order,
                turns,
                announced,
            } => state::StepState::Round(RoundState {
                order,
                turns: turns.into_iter().map(Into::into).collect(),
                announced,
                prompt_ref: None,
            }),
            OldState::Open { count, .. } => state::StepState::Open(OpenState { count }),
            OldState::Answer => state::StepState::Answer(AnswerState {
                phase: AnswerPhase::Author,
            }),
            OldState::Consent {
                order,
                answers,
                prompt_ref,
                last_asked,
            } => state::StepState::Consent(ConsentState {
                order,
                answers: answers
                    .into_iter()
                    .filter_map(|(who, a)| {
                        let a = match a {
                            OldAnswer::Consent => state::ConsentAnswer::Consent { event_id: None },
                            OldAnswer::Objection { reason, event_id } => {
                                state::ConsentAnswer::Objection { reason, event_id }
                            }
                            OldAnswer::Silent => return None,
                        };
                        Some((who, a))
                    })
                    .collect(),
                prompt_ref,
                last_asked,
                ..ConsentState::default()
            }),
            OldState::Nominate => state::StepState::Nominate,
            OldState::Propose => state::StepState::Propose,
        };
        Run {
            id: o.id,
            ritual: o.ritual,
            title: o.title,
            own_title: None,
            started_by: o.started_by,
            started_at: o.started_at,
            participants: o.participants,
            names: o.names,
            absent: Vec::new(),
            gone: Vec::new(),
            status: match o.status {
                OldStatus::Active => RunStatus::Active,
                OldStatus::Done => RunStatus::Done,
                OldStatus::Cancelled => RunStatus::Cancelled,
                OldStatus::Withdrawn => RunStatus::Withdrawn,
            },
            step: o.step,
            step_opened: o.step_opened,
            deadline: o.deadline,
            reminded: o.reminded,
            close_at: o.close_at,
            state,
            rooted: o.rooted,
            seed: o.seed,
            pace: Pace {
                delay_minutes: o.delay_minutes,
                silence_consent: o.silence_consent,
            },
            subject,
            consent: ConsentLog {
                rounds: o.consent_rounds,
                objections: o
                    .objections
                    .into_iter()
                    .map(|x| ObjectionRecord {
                        lifts: x
                            .lift_proposals
                            .into_iter()
                            .map(|text| Lift {
                                by: x.by.clone(),
                                text,
                            })
                            .collect(),
                        by: x.by,
                        reason: x.reason,
                        round: x.round,
                        answered_by_version: x.answered_by_version,
                    })
                    .collect(),
                consents: Vec::new(),
                silent: o.silent,
            },
            last_round: o.last_round.into_iter().map(Into::into).collect(),
            told: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A decision at its objection round, as the first shape stored it (JSON, which that
    /// shape also wrote before MessagePack).
    const OLD: &str = r#"{"id":{"kind":"Decision","n":1},"ritual":"decision","title":"ritual-decision-title","started_by":"alice","started_at":"2026-11-23T09:00:00Z","participants":["alice","bob","carol"],"names":{"alice":"alice","bob":"bob","carol":"carol"},"status":"Active","step":4,"step_opened":"2026-11-23T09:00:00Z","state":{"Consent":{"order":["alice","bob","carol"],"answers":{"alice":"Consent","carol":{"Objection":{"reason":"trop tôt","event_id":"$e9"}}},"prompt_ref":"$e8.1","last_asked":false}},"rooted":true,"seed":7,"proposer":"bob","text":"On se réunit le mardi","versions":[{"text":"On se réunit le mardi","at":"2026-11-23T09:00:00Z","after_round":0}],"objections":[{"by":"carol","reason":"trop tôt","round":1,"lift_proposals":[],"answered_by_version":null}],"consent_rounds":1,"last_round":[{"who":"alice","text":"ok"},{"who":"bob","passed":true}]}"#;

    #[test]
    fn a_run_of_the_first_shape_is_read_where_it_was() {
        let mut raw = vec![crate::store::SCHEMA_VERSION];
        raw.extend_from_slice(OLD.as_bytes());
        let run = decode_run(&raw).expect("an old run decodes");
        assert_eq!(run.proposer().map(UserId::as_str), Some("bob"));
        assert_eq!(run.subject_text(), "On se réunit le mardi");
        assert_eq!(run.consent.rounds, 1);
        assert_eq!(run.step, 4);
        let state::StepState::Consent(s) = &run.state else {
            panic!("still at the objection round: {:?}", run.state);
        };
        assert_eq!(s.answers.len(), 2);
        assert_eq!(s.prompt_ref.as_deref(), Some("$e8.1"));
        assert_eq!(run.last_round[1].how, state::TurnKind::Passed);
    }
}
