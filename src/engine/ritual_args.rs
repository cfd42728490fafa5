//! `!rituel <nom> …` for a ritual whose family needs arguments: a decision needs its
//! proposal, an election its role. The text after the name is read exactly as the family's
//! own command reads it (`!rituel décision pour @x : …` ≡ `!décision pour @x : …`), and a
//! missing argument gets the same usage answer, instead of a run with an empty proposal.

use super::ctx::{Ctx, Flow};
use super::{dispatch, people};
use crate::command::{Command, CommandName, arguments_of};
use crate::model::UserId;
use crate::rituals::definition::{Family, RitualDef};
use crate::rituals::interpreter::StartParams;

/// The start parameters of `def` from the text typed after its name.
pub fn params(
    ctx: &Ctx<'_>,
    def: &RitualDef,
    text: Option<String>,
    sender: &UserId,
) -> Flow<StartParams> {
    let name = match def.family() {
        Family::Decision => CommandName::Decision,
        Family::Election => CommandName::Election,
        Family::Meteo | Family::Custom => {
            return Ok(StartParams {
                text,
                ..StartParams::default()
            });
        }
    };
    let cmd = arguments_of(name, text.as_deref().unwrap_or_default())
        .map_err(|e| dispatch::usage_error(name, &e))?;
    Ok(match cmd {
        Command::Decision {
            proposer,
            text,
            delay,
            silence_consent,
        } => StartParams {
            proposer: Some(match proposer {
                Some(r) => people::resolve(ctx, &r)?,
                None => sender.clone(),
            }),
            text: Some(text),
            delay: delay.map(|d| d.duration()),
            silence_consent,
            term: None,
        },
        Command::Election { role, term } => StartParams {
            text: Some(role),
            term: term.map(|t| t.duration()),
            ..StartParams::default()
        },
        // `arguments_of` answers with the command it was asked for.
        _ => StartParams {
            text,
            ..StartParams::default()
        },
    })
}
