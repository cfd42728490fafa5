//! The garden's registers: what rituals leave behind once a run ends. Each record is one
//! value in the `registers` tree, keyed by garden, register and number, so that listing a
//! register is one prefix scan and records can gain fields without a migration (serde
//! defaults).

pub mod defis;
mod records;
pub mod retours;

pub use defis::{Checkin, DefiRecord, DefiStatus};
pub use records::*;
pub use retours::{HarvestAsk, LICENCE_NAME, LICENCE_URL, RetourRecord};

use crate::model::{GardenId, RunId};
use crate::store::{StoreError, Tree, Tx, key};

/// The registers a garden keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Register {
    /// Consent decisions (adopted, withdrawn, cancelled).
    Decisions,
    /// Elected roles.
    Roles,
    /// Météo rounds held.
    Meteo,
    /// Runs of custom rituals, and cancelled runs of any other kind.
    History,
    /// Défis with their check-ins.
    Defis,
    /// Harvested retours d'expérience (indexed by day in `retours`).
    Retours,
}

impl Register {
    fn tag(self) -> &'static [u8] {
        match self {
            Register::Decisions => b"decisions",
            Register::Roles => b"roles",
            Register::Meteo => b"meteo",
            Register::History => b"history",
            Register::Defis => b"defis",
            Register::Retours => b"retours",
        }
    }
}

fn record_key(garden: &GardenId, register: Register, id: RunId) -> Vec<u8> {
    let mut tail = vec![id.kind.letter() as u8];
    tail.extend_from_slice(&id.n.to_be_bytes());
    key(&[garden.as_str().as_bytes(), register.tag(), &tail])
}

fn prefix(garden: &GardenId, register: Register) -> Vec<u8> {
    let mut k = key(&[garden.as_str().as_bytes(), register.tag()]);
    k.push(0);
    k
}

/// Writes the record of run `id` (keyed by its id, so records list in run order).
pub fn put<T: serde::Serialize>(
    tx: &mut Tx<'_>,
    garden: &GardenId,
    register: Register,
    id: RunId,
    record: &T,
) -> Result<(), StoreError> {
    tx.put(Tree::Registers, record_key(garden, register, id), record)
}

/// The record of `id`, if any.
pub fn get<T: serde::de::DeserializeOwned>(
    tx: &Tx<'_>,
    garden: &GardenId,
    register: Register,
    id: RunId,
) -> Result<Option<T>, StoreError> {
    tx.get(Tree::Registers, &record_key(garden, register, id))
}

/// Deletes the record of `id` (a no-op when absent).
pub fn delete(tx: &mut Tx<'_>, garden: &GardenId, register: Register, id: RunId) {
    tx.delete(Tree::Registers, record_key(garden, register, id));
}

/// Every record of a register, in number order.
pub fn list<T: serde::de::DeserializeOwned>(
    tx: &Tx<'_>,
    garden: &GardenId,
    register: Register,
) -> Result<Vec<T>, StoreError> {
    Ok(tx
        .scan(Tree::Registers, &prefix(garden, register))?
        .into_iter()
        .map(|(_, v)| v)
        .collect())
}
