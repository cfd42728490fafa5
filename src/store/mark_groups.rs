//! Handled marks as the sled store lays them out: one sled value per commit.
//!
//! Every event writes one handled mark, a key sled has never seen. sled 0.34 splits a leaf
//! every 16 entries and copies the page on each insert, so a new key cost it about 15 000
//! instructions: a quarter of an event's whole cost in the engine bench. The marks of one
//! commit are therefore written as ONE sled value, a *group* (key [`GROUP_BYTE`] and the
//! group's number), and [`MarkIndex`] remembers in memory which group holds each mark.
//!
//! Nothing changes above the store: a mark is still read, written and deleted by its own
//! key (garden and event id) through [`super::Store`], and its group is written in the same
//! atomic sled batch as the event's other writes. Each mark lives in exactly one place: a
//! mark written again or deleted is taken out of its old group in that same batch. Marks
//! written one sled key each (by earlier versions) are still read, and moved into a group
//! when written again.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::{StoreError, Tree};

/// The first byte of a group's sled key. Written on disk: never change it, and never give
/// it to a logical tree (`tree_bytes_are_distinct` checks).
pub(super) const GROUP_BYTE: u8 = b'H';

/// A mark as a group holds it: its key and its value.
pub(super) type Mark<'a> = (&'a [u8], &'a [u8]);

/// The first byte of a group's value: its layout, so that a later one can be told apart.
const LAYOUT: u8 = 1;

/// The sled key of group `n`: big-endian, so that groups sort in the order written.
pub(super) fn group_key(n: u64) -> [u8; 9] {
    let mut k = [0; 9];
    k[0] = GROUP_BYTE;
    k[1..].copy_from_slice(&n.to_be_bytes());
    k
}

/// The number of a group from its sled key.
pub(super) fn group_number(key: &[u8]) -> Result<u64, StoreError> {
    match key {
        [GROUP_BYTE, n @ ..] => n
            .try_into()
            .map(u64::from_be_bytes)
            .map_err(|_| corrupt("a group key is not 8 bytes long")),
        _ => Err(corrupt("not a group key")),
    }
}

/// A group's value: [`LAYOUT`], then each mark as its key length (u32, little-endian),
/// key, value length, value.
pub(super) fn encode<'a>(marks: impl IntoIterator<Item = Mark<'a>>) -> Vec<u8> {
    let mut out = vec![LAYOUT];
    for (key, value) in marks {
        for part in [key, value] {
            // Marks are event ids and timestamps: far below 4 GiB.
            let len = u32::try_from(part.len()).expect("a mark part fits in 4 GiB");
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(part);
        }
    }
    out
}

/// The marks of a group, in the order written.
pub(super) fn decode(raw: &[u8]) -> Result<Vec<Mark<'_>>, StoreError> {
    let Some((&LAYOUT, mut rest)) = raw.split_first() else {
        return Err(corrupt("unknown group layout"));
    };
    let mut marks = Vec::new();
    // Each mark takes at least 8 bytes, which bounds the loop.
    for _ in 0..=rest.len() / 8 {
        if rest.is_empty() {
            return Ok(marks);
        }
        let (key, tail) = part(rest)?;
        let (value, tail) = part(tail)?;
        marks.push((key, value));
        rest = tail;
    }
    Err(corrupt("a group holds more marks than its length allows"))
}

/// One length-prefixed part and what follows it.
fn part(raw: &[u8]) -> Result<(&[u8], &[u8]), StoreError> {
    let (len, tail) = raw
        .split_first_chunk::<4>()
        .ok_or_else(|| corrupt("a group ends inside a length"))?;
    let len = u32::from_le_bytes(*len) as usize;
    if tail.len() < len {
        return Err(corrupt("a group ends inside a mark"));
    }
    Ok(tail.split_at(len))
}

/// The value of `key` in a group's value, if the group holds it.
pub(super) fn find(raw: &[u8], key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(decode(raw)?
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.to_vec()))
}

fn corrupt(what: &'static str) -> StoreError {
    StoreError::Codec {
        tree: Tree::Handled.name(),
        source: Box::new(std::io::Error::new(std::io::ErrorKind::InvalidData, what)),
    }
}

/// Where a mark may be in sled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// In this group.
    Group(u64),
    /// Under its own sled key, as earlier versions wrote it.
    Single,
    /// Two marks share this hash: look under its own key and in every group.
    Anywhere,
}

/// Which place each handled mark in sled is at, by a hash of its key (8 bytes of hash and
/// 16 of place per mark), filled by one scan at open. Saying "no mark" needs no sled read;
/// any other answer is checked against sled, so a stale place (a mark since deleted) or a
/// shared hash can only cost a read, never give a wrong answer.
#[derive(Default)]
pub(super) struct MarkIndex {
    places: HashMap<u64, Place>,
    /// The number the next group gets.
    next_group: u64,
}

impl MarkIndex {
    fn hash(key: &[u8]) -> u64 {
        // Fixed keys: the same hash in every process (nothing is written with it).
        let mut h = DefaultHasher::new();
        key.hash(&mut h);
        h.finish()
    }

    /// Where the mark `key` may be; None when sled surely does not hold it.
    pub(super) fn place(&self, key: &[u8]) -> Option<Place> {
        self.places.get(&Self::hash(key)).copied()
    }

    /// Records that sled now holds `key` at `place`. `moved` says the key itself was where
    /// the index pointed (and was taken out from there), so that the old place was its own
    /// and not another mark's with the same hash.
    pub(super) fn note(&mut self, key: &[u8], place: Place, moved: bool) {
        match self.places.entry(Self::hash(key)) {
            Entry::Vacant(e) => {
                e.insert(place);
            }
            Entry::Occupied(mut e) => {
                let now = *e.get();
                if now != Place::Anywhere && (moved || now == place) {
                    e.insert(place);
                } else {
                    e.insert(Place::Anywhere);
                }
            }
        }
        if let Place::Group(n) = place {
            self.next_group = self.next_group.max(n + 1);
        }
    }

    /// The number for a new group (taken only once the group is in sled).
    pub(super) fn next_group(&self) -> u64 {
        self.next_group
    }

    /// How many hashes the index holds.
    pub(super) fn len(&self) -> usize {
        self.places.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_group_reads_back_what_was_written() {
        let marks: Vec<(&[u8], &[u8])> =
            vec![(b"!g\0$a", b"12345678"), (b"!g\0$b", b""), (b"", b"v")];
        let raw = encode(marks.iter().copied());
        assert_eq!(decode(&raw).expect("decode"), marks);
        assert_eq!(find(&raw, b"!g\0$b").expect("find"), Some(Vec::new()));
        assert_eq!(find(&raw, b"!g\0$c").expect("find"), None);
        assert_eq!(decode(&encode([])).expect("empty"), Vec::<Mark<'_>>::new());
    }

    #[test]
    fn a_damaged_group_is_an_error_not_a_panic() {
        let raw = encode([(b"key".as_slice(), b"value".as_slice())]);
        assert!(decode(&[]).is_err(), "no layout byte");
        // Cut after the layout byte, it is an empty group; anywhere later, damaged.
        for cut in 2..raw.len() {
            assert!(decode(&raw[..cut]).is_err(), "cut at {cut}");
        }
        let mut other_layout = raw.clone();
        other_layout[0] = 2;
        assert!(decode(&other_layout).is_err());
    }

    #[test]
    fn group_keys_sort_in_number_order() {
        assert!(group_key(255) < group_key(256));
        assert_eq!(group_number(&group_key(77)).expect("number"), 77);
        assert!(group_number(b"Hshort").is_err());
    }

    #[test]
    fn a_shared_hash_sends_lookups_everywhere() {
        let mut index = MarkIndex::default();
        index.note(b"a", Place::Group(3), false);
        assert_eq!(index.place(b"a"), Some(Place::Group(3)));
        assert_eq!(index.next_group(), 4);
        index.note(b"a", Place::Group(5), true);
        assert_eq!(index.place(b"a"), Some(Place::Group(5)), "moved");
        // The same hash for another key cannot be produced on purpose: `note` is told the
        // old place was not this key's, which is what a collision looks like to it.
        index.note(b"a", Place::Group(6), false);
        assert_eq!(index.place(b"a"), Some(Place::Anywhere));
        index.note(b"a", Place::Group(7), true);
        assert_eq!(index.place(b"a"), Some(Place::Anywhere), "stays everywhere");
        assert_eq!(index.place(b"b"), None);
    }

    proptest! {
        #[test]
        fn any_bytes_decode_without_panicking(raw in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = decode(&raw);
        }

        #[test]
        fn any_marks_round_trip(marks in proptest::collection::vec(
            (proptest::collection::vec(any::<u8>(), 0..40), proptest::collection::vec(any::<u8>(), 0..12)),
            0..20,
        )) {
            let raw = encode(marks.iter().map(|(k, v)| (k.as_slice(), v.as_slice())));
            let back: Vec<(Vec<u8>, Vec<u8>)> = decode(&raw)
                .expect("decode")
                .into_iter()
                .map(|(k, v)| (k.to_vec(), v.to_vec()))
                .collect();
            prop_assert_eq!(back, marks);
        }
    }
}
