//! The shell's memory of its own transcript, kept in the store's `meta` tree so that a later
//! `tuteur shell` on the same store continues the numbering, the clock and the references
//! (`+🌱 #12`) where the previous one stopped.

use serde::{Deserialize, Serialize};

use crate::model::{GardenId, UserId};
use crate::store::{Store, StoreError, Tree, Tx, key};

/// What the shell remembers of a numbered message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    /// The event id given to the engine (members) or made from the out_ref (bot).
    pub event_id: String,
    /// For the bot's messages: the engine's out_ref.
    pub bot_ref: Option<String>,
    /// For members' messages: who wrote it.
    pub author: Option<UserId>,
    /// For members' messages: the text.
    pub body: Option<String>,
    /// Where it was written (`main`, `thread-D1`, `dm-bob`).
    pub place: String,
}

/// Numbering and clock of the shell for one garden.
#[derive(Debug, Default)]
pub struct Transcript {
    /// Last number given.
    pub last: u64,
    /// Minutes `/avance` moved the clock, in total.
    pub offset_minutes: i64,
}

fn k(garden: &GardenId, what: &[u8]) -> Vec<u8> {
    key(&[b"shell", garden.as_str().as_bytes(), what])
}

fn msg_key(garden: &GardenId, n: u64) -> Vec<u8> {
    let mut what = b"msg:".to_vec();
    what.extend_from_slice(&n.to_be_bytes());
    k(garden, &what)
}

fn last_key(garden: &GardenId, place: &str) -> Vec<u8> {
    k(garden, format!("last:{place}").as_bytes())
}

impl Transcript {
    /// Loads the numbering and clock of a garden.
    pub fn load(store: &dyn Store, garden: &GardenId) -> Result<Self, StoreError> {
        let tx = Tx::new(store);
        Ok(Transcript {
            last: tx.get(Tree::Meta, &k(garden, b"last"))?.unwrap_or(0),
            offset_minutes: tx.get(Tree::Meta, &k(garden, b"clock"))?.unwrap_or(0),
        })
    }

    /// Gives the next transcript number (saved at once).
    pub fn next(&mut self, store: &dyn Store, garden: &GardenId) -> Result<u64, StoreError> {
        self.last += 1;
        let mut tx = Tx::new(store);
        tx.put(Tree::Meta, k(garden, b"last"), &self.last)?;
        store.apply(&tx.into_batch())?;
        Ok(self.last)
    }

    /// Saves the clock offset.
    pub fn save_clock(&self, store: &dyn Store, garden: &GardenId) -> Result<(), StoreError> {
        let mut tx = Tx::new(store);
        tx.put(Tree::Meta, k(garden, b"clock"), &self.offset_minutes)?;
        store.apply(&tx.into_batch())
    }

    /// Remembers message `n`; a bot message also becomes the latest of its place.
    pub fn keep(
        &self,
        store: &dyn Store,
        garden: &GardenId,
        n: u64,
        kept: &Kept,
    ) -> Result<(), StoreError> {
        let mut tx = Tx::new(store);
        tx.put(Tree::Meta, msg_key(garden, n), kept)?;
        if let Some(r) = &kept.bot_ref {
            tx.put(Tree::Meta, last_key(garden, &kept.place), &n)?;
            tx.put(Tree::Meta, k(garden, format!("ref/{r}").as_bytes()), &n)?;
        }
        store.apply(&tx.into_batch())
    }

    /// Message `n`, if the shell numbered it.
    pub fn get(
        &self,
        store: &dyn Store,
        garden: &GardenId,
        n: u64,
    ) -> Result<Option<Kept>, StoreError> {
        Tx::new(store).get(Tree::Meta, &msg_key(garden, n))
    }

    /// The number the shell gave the bot's message with this `out_ref`.
    pub fn number_of(
        &self,
        store: &dyn Store,
        garden: &GardenId,
        out_ref: &str,
    ) -> Result<Option<u64>, StoreError> {
        Tx::new(store).get(Tree::Meta, &k(garden, format!("ref/{out_ref}").as_bytes()))
    }

    /// The number of the bot's latest message in a place.
    pub fn last_bot(
        &self,
        store: &dyn Store,
        garden: &GardenId,
        place: &str,
    ) -> Result<Option<u64>, StoreError> {
        Tx::new(store).get(Tree::Meta, &last_key(garden, place))
    }
}
