//! The gardens' next due times in time order, so that a transport serving thousands of
//! gardens ticks only those whose time has come and waits until the earliest, instead of
//! asking every garden at every pass.
//!
//! A garden's due time ([`super::Engine::next_due`]) is a function of its state alone
//! (every weekly job counts from its last mark), so it changes only when the garden
//! does: the owner rebuilds the index at start and sets the gardens each batch touched
//! (events, ticks).

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};

use crate::model::GardenId;

/// The next due time of each garden.
#[derive(Debug, Default)]
pub struct DueIndex {
    by_time: BTreeSet<(DateTime<Utc>, GardenId)>,
    by_garden: HashMap<GardenId, DateTime<Utc>>,
}

impl DueIndex {
    /// Sets when `garden` is next due (None: never, or a garden the bot left).
    pub fn set(&mut self, garden: &GardenId, due: Option<DateTime<Utc>>) {
        if let Some(old) = self.by_garden.remove(garden) {
            self.by_time.remove(&(old, garden.clone()));
        }
        if let Some(at) = due {
            self.by_time.insert((at, garden.clone()));
            self.by_garden.insert(garden.clone(), at);
        }
    }

    /// The gardens due at `now`, earliest first.
    pub fn due(&self, now: DateTime<Utc>) -> Vec<GardenId> {
        self.by_time
            .iter()
            .take_while(|(at, _)| *at <= now)
            .map(|(_, g)| g.clone())
            .collect()
    }

    /// The earliest due time, if any garden has one.
    pub fn first(&self) -> Option<DateTime<Utc>> {
        self.by_time.first().map(|(at, _)| *at)
    }

    /// How many gardens have a due time.
    pub fn len(&self) -> usize {
        self.by_garden.len()
    }

    /// True when no garden has a due time.
    pub fn is_empty(&self) -> bool {
        self.by_garden.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, 0, 0).unwrap()
    }

    #[test]
    fn gardens_come_due_in_time_order_and_a_new_time_replaces_the_old() {
        let (a, b, c) = (GardenId::new("a"), GardenId::new("b"), GardenId::new("c"));
        let mut index = DueIndex::default();
        index.set(&a, Some(at(9)));
        index.set(&b, Some(at(7)));
        index.set(&c, Some(at(12)));
        assert_eq!(index.first(), Some(at(7)));
        assert_eq!(index.due(at(9)), vec![b.clone(), a.clone()]);
        index.set(&b, Some(at(10)));
        assert_eq!(index.due(at(9)), vec![a.clone()]);
        index.set(&a, None);
        assert_eq!(index.due(at(11)), vec![b]);
        assert_eq!((index.len(), index.first()), (2, Some(at(10))));
    }
}
