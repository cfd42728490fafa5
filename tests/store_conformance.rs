//! One suite, run against every `Store`: the engine tests run on `MemoryStore` and the bot
//! on `SledStore`, so both must answer alike (as matrix-sdk's
//! `statestore_integration_tests!`). Sled-only behaviour (reopening, schema version on
//! disk) is tested at the end.

use serde::{Deserialize, Serialize};
use tempfile::TempDir;
use tuteur::store::{
    Batch, MemoryStore, SCHEMA_VERSION, SCHEMA_VERSION_KEY, SledStore, Store, StoreError, Tree, Tx,
    Write, decode, dump, encode, key,
};

/// What a suite needs from a store under test: the store, kept alive with whatever it
/// lives in (a temporary folder for sled).
trait Fixture: Send + Sync {
    fn store(&self) -> &dyn Store;
}

impl Fixture for MemoryStore {
    fn store(&self) -> &dyn Store {
        self
    }
}

/// A sled store in a temporary folder; the store is declared first so it is dropped
/// (and flushed) before the folder is removed.
struct SledFixture {
    store: SledStore,
    _dir: TempDir,
}

impl SledFixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let store = SledStore::open(dir.path()).expect("open sled store");
        SledFixture { store, _dir: dir }
    }
}

impl Fixture for SledFixture {
    fn store(&self) -> &dyn Store {
        &self.store
    }
}

fn put(tree: Tree, key: &[u8], value: &[u8]) -> Write {
    Write {
        tree,
        key: key.to_vec(),
        value: Some(value.to_vec()),
    }
}

fn del(tree: Tree, key: &[u8]) -> Write {
    Write {
        tree,
        key: key.to_vec(),
        value: None,
    }
}

fn apply(store: &dyn Store, writes: Vec<Write>) {
    store.apply(&Batch { writes }).expect("apply");
}

fn keys(entries: &[(Vec<u8>, Vec<u8>)]) -> Vec<Vec<u8>> {
    entries.iter().map(|(k, _)| k.clone()).collect()
}

/// A value shaped like the engine's: nested, optional, an enum with data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Sample {
    name: String,
    count: u64,
    tags: Vec<String>,
    step: Step,
    note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Step {
    Open { votes: Vec<(String, bool)> },
    Closed,
}

fn sample() -> Sample {
    Sample {
        name: "décision « jardin »".to_owned(),
        count: u64::MAX,
        tags: vec!["a".to_owned(), String::new()],
        step: Step::Open {
            votes: vec![("@alice:x".to_owned(), true)],
        },
        note: None,
    }
}

macro_rules! store_conformance {
    ($name:ident, $make:expr) => {
        mod $name {
            use super::*;

            fn fixture() -> impl Fixture {
                $make
            }

            #[test]
            fn get_put_overwrite_delete() {
                let f = fixture();
                let s = f.store();
                assert_eq!(s.get(Tree::Runs, b"k").expect("get"), None);
                apply(s, vec![put(Tree::Runs, b"k", b"one")]);
                assert_eq!(s.get(Tree::Runs, b"k").expect("get"), Some(b"one".to_vec()));
                apply(s, vec![put(Tree::Runs, b"k", b"two")]);
                assert_eq!(s.get(Tree::Runs, b"k").expect("get"), Some(b"two".to_vec()));
                apply(s, vec![del(Tree::Runs, b"k")]);
                assert_eq!(s.get(Tree::Runs, b"k").expect("get"), None);
                // Deleting what is absent is not an error.
                apply(s, vec![del(Tree::Runs, b"k")]);
                assert_eq!(s.get(Tree::Runs, b"k").expect("get"), None);
            }

            #[test]
            fn empty_keys_and_values_are_kept() {
                let f = fixture();
                let s = f.store();
                apply(s, vec![put(Tree::Schedule, b"", b""), put(Tree::Schedule, b"e", b"")]);
                assert_eq!(s.get(Tree::Schedule, b"").expect("get"), Some(Vec::new()));
                assert_eq!(s.get(Tree::Schedule, b"e").expect("get"), Some(Vec::new()));
            }

            #[test]
            fn trees_are_separate_key_spaces() {
                let f = fixture();
                let s = f.store();
                apply(s, vec![put(Tree::Gardens, b"k", b"g"), put(Tree::Runs, b"k", b"r")]);
                assert_eq!(s.get(Tree::Gardens, b"k").expect("get"), Some(b"g".to_vec()));
                assert_eq!(s.get(Tree::Runs, b"k").expect("get"), Some(b"r".to_vec()));
                assert_eq!(s.get(Tree::Registers, b"k").expect("get"), None);
                apply(s, vec![del(Tree::Gardens, b"k")]);
                assert_eq!(s.get(Tree::Runs, b"k").expect("get"), Some(b"r".to_vec()));
            }

            #[test]
            fn a_fresh_store_holds_only_its_schema_version() {
                let f = fixture();
                let s = f.store();
                assert_eq!(
                    s.get(Tree::Meta, SCHEMA_VERSION_KEY).expect("get"),
                    Some(vec![SCHEMA_VERSION])
                );
                assert_eq!(dump(s, &[Tree::Meta]).expect("dump"), Vec::new());
                assert_eq!(
                    dump(s, &[]).expect("dump"),
                    vec![(Tree::Meta, SCHEMA_VERSION_KEY.to_vec(), vec![SCHEMA_VERSION])]
                );
            }

            #[test]
            fn scan_prefix_is_in_key_order_and_stops_at_the_prefix() {
                let f = fixture();
                let s = f.store();
                let ks: [&[u8]; 8] = [b"b", b"ac", b"ab\0x", b"a", b"ab", b"aa\xff", b"abc", b""];
                apply(s, ks.iter().map(|k| put(Tree::Registers, k, k)).collect());
                let got = s.scan_prefix(Tree::Registers, b"ab").expect("scan");
                assert_eq!(keys(&got), vec![b"ab".to_vec(), b"ab\0x".to_vec(), b"abc".to_vec()]);
                assert!(got.iter().all(|(k, v)| k == v), "values follow their keys");
                let all = s.scan_prefix(Tree::Registers, b"").expect("scan");
                let mut sorted: Vec<Vec<u8>> = ks.iter().map(|k| k.to_vec()).collect();
                sorted.sort();
                assert_eq!(keys(&all), sorted);
                assert!(s.scan_prefix(Tree::Registers, b"z").expect("scan").is_empty());
                assert!(s.scan_prefix(Tree::Runs, b"").expect("scan").is_empty());
            }

            #[test]
            fn scan_prefix_handles_0xff_boundaries() {
                let f = fixture();
                let s = f.store();
                let ks: [&[u8]; 5] = [b"\xfe\xff", b"\xff", b"\xff\xff", b"\xff\xff\x00", b"\x00"];
                apply(s, ks.iter().map(|k| put(Tree::Outbox, k, b"v")).collect());
                let got = s.scan_prefix(Tree::Outbox, b"\xff").expect("scan");
                assert_eq!(
                    keys(&got),
                    vec![b"\xff".to_vec(), b"\xff\xff".to_vec(), b"\xff\xff\x00".to_vec()]
                );
                let got = s.scan_prefix(Tree::Outbox, b"\xff\xff").expect("scan");
                assert_eq!(keys(&got).len(), 2);
            }

            #[test]
            fn big_endian_numbers_sort_numerically_within_a_garden() {
                let f = fixture();
                let s = f.store();
                let numbers = [256u64, 1, 65_536, 255, 0, u64::MAX, 1 << 32];
                let mut writes = Vec::new();
                for garden in [&b"!g1:x"[..], b"!g10:x", b"!g1"] {
                    for n in numbers {
                        writes.push(put(Tree::Runs, &key(&[garden, &n.to_be_bytes()]), garden));
                    }
                }
                apply(s, writes);
                // The NUL separator keeps "!g1:x" apart from "!g10:x" and from "!g1".
                let got = s.scan_prefix(Tree::Runs, &key(&[b"!g1:x", b""])).expect("scan");
                let found: Vec<u64> = got
                    .iter()
                    .map(|(k, v)| {
                        assert_eq!(v, b"!g1:x");
                        let tail: [u8; 8] = k[k.len() - 8..].try_into().expect("8 bytes");
                        u64::from_be_bytes(tail)
                    })
                    .collect();
                let mut sorted = numbers.to_vec();
                sorted.sort_unstable();
                assert_eq!(found, sorted);
            }

            #[test]
            fn reads_agree_before_and_after_a_flush() {
                // sled keeps applied writes in an overlay until the flush: reads must merge
                // flushed and unflushed writes exactly as if all were in one place.
                let f = fixture();
                let s = f.store();
                apply(
                    s,
                    vec![
                        put(Tree::Runs, b"p\x001", b"old1"),
                        put(Tree::Runs, b"p\x003", b"old3"),
                        put(Tree::Runs, b"p\x005", b"old5"),
                        put(Tree::Runs, b"q", b"q"),
                    ],
                );
                s.flush().expect("flush");
                apply(
                    s,
                    vec![
                        put(Tree::Runs, b"p\x000", b"new0"),
                        put(Tree::Runs, b"p\x003", b"new3"),
                        del(Tree::Runs, b"p\x005"),
                        put(Tree::Runs, b"p\x006", b"new6"),
                        del(Tree::Runs, b"q"),
                    ],
                );
                let expected: Vec<(Vec<u8>, Vec<u8>)> = vec![
                    (b"p\x000".to_vec(), b"new0".to_vec()),
                    (b"p\x001".to_vec(), b"old1".to_vec()),
                    (b"p\x003".to_vec(), b"new3".to_vec()),
                    (b"p\x006".to_vec(), b"new6".to_vec()),
                ];
                let before = dump(s, &[]).expect("dump");
                assert_eq!(s.scan_prefix(Tree::Runs, b"p").expect("scan"), expected);
                assert_eq!(s.scan_prefix(Tree::Runs, b"").expect("scan"), expected);
                assert_eq!(s.get(Tree::Runs, b"p\x005").expect("get"), None);
                assert_eq!(s.get(Tree::Runs, b"q").expect("get"), None);
                s.flush().expect("flush");
                assert_eq!(s.scan_prefix(Tree::Runs, b"p").expect("scan"), expected);
                assert_eq!(dump(s, &[]).expect("dump"), before);
            }

            #[test]
            fn a_batch_across_trees_is_applied_whole() {
                let f = fixture();
                let s = f.store();
                apply(
                    s,
                    vec![
                        put(Tree::Gardens, b"!g", b"garden"),
                        put(Tree::Runs, b"!g\0r1", b"run"),
                        put(Tree::Registers, b"!g\0d\x001", b"decision"),
                        put(Tree::Handled, b"!g\0$ev", b""),
                        put(Tree::Outbox, b"!g\0t1", b"msg"),
                        put(Tree::Schedule, b"!g\0meteo", b"t"),
                    ],
                );
                let after = dump(s, &[Tree::Meta]).expect("dump");
                let trees: Vec<Tree> = after.iter().map(|(t, _, _)| *t).collect();
                assert_eq!(
                    trees,
                    vec![
                        Tree::Gardens,
                        Tree::Runs,
                        Tree::Registers,
                        Tree::Handled,
                        Tree::Schedule,
                        Tree::Outbox
                    ]
                );
            }

            #[test]
            fn within_a_batch_the_later_write_of_a_key_wins() {
                let f = fixture();
                let s = f.store();
                apply(s, vec![put(Tree::Runs, b"a", b"1"), put(Tree::Runs, b"a", b"2")]);
                assert_eq!(s.get(Tree::Runs, b"a").expect("get"), Some(b"2".to_vec()));
                apply(s, vec![put(Tree::Runs, b"b", b"1"), del(Tree::Runs, b"b")]);
                assert_eq!(s.get(Tree::Runs, b"b").expect("get"), None);
                apply(s, vec![del(Tree::Runs, b"a"), put(Tree::Runs, b"a", b"3")]);
                assert_eq!(s.get(Tree::Runs, b"a").expect("get"), Some(b"3".to_vec()));
                apply(
                    s,
                    vec![
                        put(Tree::Runs, b"c", b"1"),
                        put(Tree::Gardens, b"c", b"g"),
                        del(Tree::Runs, b"a"),
                        put(Tree::Runs, b"c", b"2"),
                    ],
                );
                assert_eq!(s.get(Tree::Runs, b"a").expect("get"), None);
                assert_eq!(s.get(Tree::Runs, b"c").expect("get"), Some(b"2".to_vec()));
                assert_eq!(s.get(Tree::Gardens, b"c").expect("get"), Some(b"g".to_vec()));
            }

            #[test]
            fn an_empty_batch_changes_nothing() {
                let f = fixture();
                let s = f.store();
                apply(s, vec![put(Tree::Runs, b"a", b"1")]);
                let before = dump(s, &[]).expect("dump");
                s.apply(&Batch::default()).expect("apply");
                s.flush().expect("flush");
                assert_eq!(dump(s, &[]).expect("dump"), before);
            }

            #[test]
            fn readers_never_see_half_a_batch() {
                let f = fixture();
                let s = f.store();
                const ROUNDS: u32 = 300;
                std::thread::scope(|scope| {
                    for _ in 0..3 {
                        scope.spawn(|| {
                            for _ in 0..ROUNDS {
                                // Batches carry increasing numbers and are read in
                                // the order they write: a key read earlier can never
                                // be newer than one read later unless a batch was seen
                                // half applied.
                                let r = s.get(Tree::Runs, b"r").expect("get");
                                let h = s.get(Tree::Handled, b"h").expect("get");
                                let o = s.get(Tree::Outbox, b"o").expect("get");
                                assert!(r <= h && h <= o, "torn batch: {r:?} {h:?} {o:?}");
                                let _ = s.scan_prefix(Tree::Runs, b"").expect("scan");
                            }
                        });
                    }
                    scope.spawn(|| {
                        for i in 0..ROUNDS {
                            let v = i.to_be_bytes();
                            apply(
                                s,
                                vec![
                                    put(Tree::Runs, b"r", &v),
                                    put(Tree::Handled, b"h", &v),
                                    put(Tree::Outbox, b"o", &v),
                                ],
                            );
                            // Commits (sled moves its overlay to disk) race the readers.
                            if i % 10 == 9 {
                                s.flush().expect("flush");
                            }
                        }
                    });
                });
                assert_eq!(
                    s.get(Tree::Outbox, b"o").expect("get"),
                    Some((ROUNDS - 1).to_be_bytes().to_vec())
                );
            }

            #[test]
            fn tx_reads_its_own_writes_and_deletes_before_the_store() {
                let f = fixture();
                let s = f.store();
                apply(s, vec![put(Tree::Runs, b"a", &encode(Tree::Runs, &1u32).expect("enc"))]);
                let mut tx = Tx::new(s);
                assert!(!tx.is_dirty());
                assert_eq!(tx.get::<u32>(Tree::Runs, b"a").expect("get"), Some(1));
                tx.put(Tree::Runs, b"a".to_vec(), &2u32).expect("put");
                assert!(tx.is_dirty());
                assert_eq!(tx.get::<u32>(Tree::Runs, b"a").expect("get"), Some(2));
                assert_eq!(decode::<u32>(Tree::Runs, &s.get(Tree::Runs, b"a").expect("get").expect("kept")).expect("dec"), 1);
                tx.delete(Tree::Runs, b"a".to_vec());
                assert_eq!(tx.get::<u32>(Tree::Runs, b"a").expect("get"), None);
                assert_eq!(tx.get_raw(Tree::Runs, b"a").expect("get"), None);
                assert!(tx.store().get(Tree::Runs, b"a").expect("get").is_some());
                tx.put_raw(Tree::Handled, b"h".to_vec(), b"raw".to_vec());
                assert_eq!(tx.get_raw(Tree::Handled, b"h").expect("get"), Some(b"raw".to_vec()));
                // The same key in another tree is not affected by the overlay.
                assert_eq!(tx.get_raw(Tree::Gardens, b"a").expect("get"), None);
                s.apply(&tx.into_batch()).expect("apply");
                assert_eq!(s.get(Tree::Runs, b"a").expect("get"), None);
                assert_eq!(s.get(Tree::Handled, b"h").expect("get"), Some(b"raw".to_vec()));
            }

            #[test]
            fn tx_scan_merges_its_writes_into_the_store_in_key_order() {
                let f = fixture();
                let s = f.store();
                let enc = |n: u32| encode(Tree::Runs, &n).expect("encode");
                apply(
                    s,
                    vec![
                        put(Tree::Runs, b"p\x001", &enc(1)),
                        put(Tree::Runs, b"p\x002", &enc(2)),
                        put(Tree::Runs, b"p\x003", &enc(3)),
                        put(Tree::Runs, b"q\x001", &enc(9)),
                        put(Tree::Runs, b"p", &enc(8)),
                    ],
                );
                let mut tx = Tx::new(s);
                tx.put(Tree::Runs, b"p\x002".to_vec(), &20u32).expect("put");
                tx.delete(Tree::Runs, b"p\x003".to_vec());
                tx.put(Tree::Runs, b"p\x000".to_vec(), &0u32).expect("put");
                tx.put(Tree::Runs, b"p\x004".to_vec(), &4u32).expect("put");
                tx.put(Tree::Runs, b"q\x000".to_vec(), &7u32).expect("put");
                tx.put(Tree::Runs, b"pz".to_vec(), &7u32).expect("put");
                tx.put(Tree::Gardens, b"p\x005".to_vec(), &7u32).expect("put");
                tx.delete(Tree::Runs, b"p\x009".to_vec());
                let got: Vec<(Vec<u8>, u32)> = tx.scan(Tree::Runs, b"p\0").expect("scan");
                assert_eq!(
                    got,
                    vec![
                        (b"p\x000".to_vec(), 0),
                        (b"p\x001".to_vec(), 1),
                        (b"p\x002".to_vec(), 20),
                        (b"p\x004".to_vec(), 4),
                    ]
                );
                let all: Vec<(Vec<u8>, u32)> = tx.scan(Tree::Runs, b"").expect("scan");
                assert_eq!(all.len(), 8, "{all:?}");
                let gardens: Vec<(Vec<u8>, u32)> = tx.scan(Tree::Gardens, b"").expect("scan");
                assert_eq!(gardens, vec![(b"p\x005".to_vec(), 7)]);
                // Applying the overlay makes the store agree with what the scan showed.
                s.apply(&tx.into_batch()).expect("apply");
                let stored: Vec<(Vec<u8>, u32)> = Tx::new(s).scan(Tree::Runs, b"p\0").expect("scan");
                assert_eq!(stored, got);
            }

            #[test]
            fn a_discarded_tx_leaves_the_store_unchanged() {
                let f = fixture();
                let s = f.store();
                apply(s, vec![put(Tree::Gardens, b"g", &encode(Tree::Gardens, &sample()).expect("enc"))]);
                let before = dump(s, &[]).expect("dump");
                let mut tx = Tx::new(s);
                tx.put(Tree::Gardens, b"g".to_vec(), &1u8).expect("put");
                tx.delete(Tree::Gardens, b"g".to_vec());
                tx.put(Tree::Runs, b"r".to_vec(), &1u8).expect("put");
                tx.discard();
                assert!(!tx.is_dirty());
                assert_eq!(tx.get::<Sample>(Tree::Gardens, b"g").expect("get"), Some(sample()));
                let batch = tx.into_batch();
                assert!(batch.is_empty());
                s.apply(&batch).expect("apply");
                assert_eq!(dump(s, &[]).expect("dump"), before);
            }

            #[test]
            fn values_round_trip_through_tx_and_store() {
                let f = fixture();
                let s = f.store();
                let mut tx = Tx::new(s);
                tx.put(Tree::Registers, b"s".to_vec(), &sample()).expect("put");
                let closed = Sample { step: Step::Closed, note: Some("fin".to_owned()), ..sample() };
                tx.put(Tree::Registers, b"t".to_vec(), &closed).expect("put");
                s.apply(&tx.into_batch()).expect("apply");
                let raw = s.get(Tree::Registers, b"s").expect("get").expect("stored");
                assert_eq!(raw[0], SCHEMA_VERSION, "first byte is the schema version");
                assert_eq!(decode::<Sample>(Tree::Registers, &raw).expect("decode"), sample());
                let tx = Tx::new(s);
                assert_eq!(tx.get::<Sample>(Tree::Registers, b"t").expect("get"), Some(closed));
                assert_eq!(tx.scan::<Sample>(Tree::Registers, b"").expect("scan").len(), 2);
            }

            #[test]
            fn values_of_another_schema_version_are_refused_not_misread() {
                let f = fixture();
                let s = f.store();
                let mut raw = encode(Tree::Runs, &sample()).expect("encode");
                raw[0] = SCHEMA_VERSION + 1;
                apply(s, vec![put(Tree::Runs, b"new", &raw)]);
                let tx = Tx::new(s);
                let err = tx.get::<Sample>(Tree::Runs, b"new").expect_err("refused");
                assert!(
                    matches!(err, StoreError::Version { tree: "runs", found, known }
                        if found == SCHEMA_VERSION + 1 && known == SCHEMA_VERSION),
                    "{err:?}"
                );
                assert!(err.to_string().contains("schema version"), "{err}");
                let err = tx.scan::<Sample>(Tree::Runs, b"").expect_err("scan refused too");
                assert!(matches!(err, StoreError::Version { .. }), "{err:?}");
                // A value of the right version but the wrong shape is a codec error.
                apply(s, vec![put(Tree::Runs, b"bad", &encode(Tree::Runs, &"text").expect("enc"))]);
                let err = Tx::new(s).get::<Sample>(Tree::Runs, b"bad").expect_err("wrong shape");
                assert!(matches!(err, StoreError::Codec { tree: "runs", .. }), "{err:?}");
            }

            #[test]
            fn dump_lists_every_tree_but_the_excepted_ones() {
                let f = fixture();
                let s = f.store();
                apply(
                    s,
                    vec![
                        put(Tree::Outbox, b"o", b"1"),
                        put(Tree::Gardens, b"g2", b"2"),
                        put(Tree::Gardens, b"g1", b"1"),
                        put(Tree::Handled, b"h", b"1"),
                    ],
                );
                let got = dump(s, &[Tree::Handled, Tree::Meta]).expect("dump");
                assert_eq!(
                    got,
                    vec![
                        (Tree::Gardens, b"g1".to_vec(), b"1".to_vec()),
                        (Tree::Gardens, b"g2".to_vec(), b"2".to_vec()),
                        (Tree::Outbox, b"o".to_vec(), b"1".to_vec()),
                    ]
                );
                assert_eq!(dump(s, &Tree::ALL).expect("dump"), Vec::new());
                assert_eq!(dump(s, &[]).expect("dump").len(), 5);
            }
        }
    };
}

store_conformance!(memory, MemoryStore::new());
store_conformance!(sled_store, SledFixture::new());

#[test]
fn memory_default_is_new() {
    assert_eq!(
        dump(&MemoryStore::default(), &[]).expect("dump"),
        dump(&MemoryStore::new(), &[]).expect("dump")
    );
}

mod sled_only {
    use super::*;

    /// The layout of `SledStore`, as written on disk: one sled tree, keys prefixed by a
    /// byte per logical tree (`m` for meta).
    fn raw_version(dir: &std::path::Path) -> Option<Vec<u8>> {
        let db = sled::open(dir).expect("raw sled");
        let data = db.open_tree("tuteur").expect("data tree");
        let mut k = vec![b'm'];
        k.extend_from_slice(SCHEMA_VERSION_KEY);
        data.get(k).expect("get").map(|v| v.to_vec())
    }

    #[test]
    fn a_store_with_one_sled_tree_per_logical_tree_is_moved_whole() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let value = tuteur::store::encode(Tree::Gardens, &sample()).expect("encode");
        {
            let db = sled::open(dir.path()).expect("raw sled");
            let meta = db.open_tree(Tree::Meta.name()).expect("tree");
            meta.insert(SCHEMA_VERSION_KEY, &[SCHEMA_VERSION])
                .expect("insert");
            let gardens = db.open_tree(Tree::Gardens.name()).expect("tree");
            gardens.insert(b"!g", value.clone()).expect("insert");
            let handled = db.open_tree(Tree::Handled.name()).expect("tree");
            handled.insert(b"!g\0$e", b"").expect("insert");
            db.flush().expect("flush");
        }
        {
            let store = SledStore::open(dir.path()).expect("open legacy store");
            assert_eq!(store.get(Tree::Gardens, b"!g").expect("get"), Some(value));
            assert_eq!(
                store.get(Tree::Handled, b"!g\0$e").expect("get"),
                Some(Vec::new())
            );
        }
        assert_eq!(raw_version(dir.path()), Some(vec![SCHEMA_VERSION]));
        let db = sled::open(dir.path()).expect("raw sled");
        assert!(
            !db.tree_names()
                .iter()
                .any(|n| n.as_ref() == Tree::Gardens.name().as_bytes()),
            "the old trees are gone"
        );
    }

    #[test]
    fn values_survive_close_and_reopen_after_flush() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let before = {
            let store = SledStore::open(dir.path()).expect("open");
            assert!(
                !store.was_recovered(),
                "a new folder holds nothing to recover"
            );
            let mut tx = Tx::new(&store);
            tx.put(Tree::Gardens, b"!g".to_vec(), &sample())
                .expect("put");
            tx.put_raw(Tree::Handled, b"!g\0$e".to_vec(), Vec::new());
            for n in 0u64..100 {
                tx.put(Tree::Runs, key(&[b"!g", &n.to_be_bytes()]), &n)
                    .expect("put");
            }
            store.apply(&tx.into_batch()).expect("apply");
            store.flush().expect("flush");
            assert!(store.size_on_disk().expect("size") > 0);
            dump(&store, &[]).expect("dump")
        };
        let store = SledStore::open(dir.path()).expect("reopen");
        assert!(store.was_recovered());
        assert_eq!(dump(&store, &[]).expect("dump"), before);
        let runs: Vec<(Vec<u8>, u64)> = Tx::new(&store).scan(Tree::Runs, b"!g\0").expect("scan");
        assert_eq!(
            runs.iter().map(|(_, n)| *n).collect::<Vec<_>>(),
            (0..100).collect::<Vec<_>>()
        );
    }

    #[test]
    fn dropping_the_store_flushes_it() {
        let dir = tempfile::tempdir().expect("temporary folder");
        {
            let store = SledStore::open(dir.path()).expect("open");
            apply(&store, vec![put(Tree::Outbox, b"t1", b"pending")]);
        }
        let store = SledStore::open(dir.path()).expect("reopen");
        assert_eq!(
            store.get(Tree::Outbox, b"t1").expect("get"),
            Some(b"pending".to_vec())
        );
    }

    #[test]
    fn the_schema_version_is_written_on_disk() {
        let dir = tempfile::tempdir().expect("temporary folder");
        drop(SledStore::open(dir.path()).expect("open"));
        assert_eq!(raw_version(dir.path()), Some(vec![SCHEMA_VERSION]));
        // Reopening a current store keeps it as is.
        drop(SledStore::open(dir.path()).expect("reopen"));
        assert_eq!(raw_version(dir.path()), Some(vec![SCHEMA_VERSION]));
    }

    #[test]
    fn a_store_from_a_newer_tuteur_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().expect("temporary folder");
        {
            let store = SledStore::open(dir.path()).expect("open");
            apply(
                &store,
                vec![
                    put(Tree::Meta, SCHEMA_VERSION_KEY, &[SCHEMA_VERSION + 1]),
                    put(Tree::Gardens, b"!g", b"future"),
                ],
            );
        }
        let err = SledStore::open(dir.path()).expect_err("newer store refused");
        assert!(
            matches!(err, StoreError::Version { tree: "meta", found, known }
                if found == SCHEMA_VERSION + 1 && known == SCHEMA_VERSION),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(
            message.contains(&format!("schema version {}", SCHEMA_VERSION + 1))
                && message.contains(&format!("knows {SCHEMA_VERSION}")),
            "{message}"
        );
        assert_eq!(raw_version(dir.path()), Some(vec![SCHEMA_VERSION + 1]));
    }

    #[test]
    fn data_without_a_schema_version_is_refused() {
        let dir = tempfile::tempdir().expect("temporary folder");
        {
            let db = sled::open(dir.path()).expect("raw sled");
            let runs = db.open_tree(Tree::Runs.name()).expect("tree");
            runs.insert(b"r", b"unversioned").expect("insert");
            db.flush().expect("flush");
        }
        let err = SledStore::open(dir.path()).expect_err("unversioned store refused");
        assert!(
            matches!(err, StoreError::Version { found: 0, .. }),
            "{err:?}"
        );
        assert_eq!(raw_version(dir.path()), None, "nothing was written");
    }

    #[test]
    fn a_second_open_of_the_same_folder_fails_cleanly_after_waiting_for_the_lock() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let _store = SledStore::open(dir.path()).expect("open");
        assert!(
            SledStore::open(dir.path()).is_err(),
            "sled locks its folder"
        );
    }

    #[test]
    fn the_store_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<SledStore>();
        assert_send_sync::<MemoryStore>();
        let f = SledFixture::new();
        let s = &f.store;
        std::thread::scope(|scope| {
            for t in 0u8..4 {
                scope.spawn(move || {
                    for i in 0u8..50 {
                        apply(
                            s,
                            vec![
                                put(Tree::Handled, &[t, i], &[i]),
                                put(Tree::Runs, &[t], &[i]),
                            ],
                        );
                        assert!(s.get(Tree::Handled, &[t, i]).expect("get").is_some());
                    }
                });
            }
        });
        assert_eq!(s.scan_prefix(Tree::Handled, b"").expect("scan").len(), 200);
        assert_eq!(s.scan_prefix(Tree::Runs, b"").expect("scan").len(), 4);
    }
}
