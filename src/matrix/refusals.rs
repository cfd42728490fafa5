//! Answers the homeserver refuses for good (not allowed to post, a bad request): never
//! dropped. The outbox entry stays, with the reason beside it; the refusal is logged at
//! `error` and counted; the garden's room is told once that an answer could not be
//! delivered (again only after something got through there since). Kept entries are tried
//! again at the next start, when the operator may have fixed the cause (the bot's power
//! level, say); periodic sweeps leave them alone.

use chrono_tz::Tz;

use super::meta::{self, Refused};
use crate::engine::{Action, Dest, Outgoing};
use crate::model::{GardenId, Lang, Msg, Text};
use crate::store::{Store, StoreError, Tree, Tx};

/// Characters of the homeserver's reason shown in the room.
const REASON_SHOWN: usize = 200;

/// The `out_ref` prefix of the "could not be delivered" notices: a refused notice never
/// calls for another one.
const NOTICE_PREFIX: &str = "refused~";

/// What keeping a refused entry decided.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    /// Refusals met so far, this one included.
    pub total: u64,
    /// The notice to post in the garden's room, when it was not told yet.
    pub notice: Option<Outgoing>,
}

/// Records that the entry `out_ref` of `o.garden` was refused for `reason`: kept (nothing is
/// deleted), counted, and the room's notice returned when it is due. The caller stages the
/// notice like any outgoing message.
pub fn keep(
    store: &dyn Store,
    o: &Outgoing,
    reason: &str,
    now_ms: i64,
) -> Result<Kept, StoreError> {
    let garden = &o.garden;
    let told_key = meta::refusal_told(garden);
    let total = meta::get::<u64>(store, &meta::refusal_count())?.unwrap_or(0) + 1;
    let tell = !o.out_ref.starts_with(NOTICE_PREFIX) && store.get(Tree::Meta, &told_key)?.is_none();
    let mut tx = Tx::new(store);
    tx.put(
        Tree::Meta,
        meta::refused(garden, &o.out_ref),
        &Refused {
            reason: reason.to_owned(),
            at_ms: now_ms,
        },
    )?;
    tx.put(Tree::Meta, meta::refusal_count(), &total)?;
    if tell {
        tx.put(Tree::Meta, told_key, &now_ms)?;
    }
    store.apply(&tx.into_batch())?;
    let notice = tell.then(|| notice(garden, &o.out_ref, o.lang, o.tz, reason));
    Ok(Kept { total, notice })
}

/// The writes of a delivery: the entry is no longer refused, and the room may be told
/// again about a later refusal.
pub fn delivered(tx: &mut Tx<'_>, garden: &GardenId, out_ref: &str) -> Result<(), StoreError> {
    let told = meta::refusal_told(garden);
    if tx.get::<i64>(Tree::Meta, &told)?.is_some() {
        tx.delete(Tree::Meta, told);
    }
    let refused = meta::refused(garden, out_ref);
    if tx.get::<Refused>(Tree::Meta, &refused)?.is_some() {
        tx.delete(Tree::Meta, refused);
    }
    Ok(())
}

/// True when the entry was refused for good (a periodic sweep skips it).
pub fn is_refused(store: &dyn Store, garden: &GardenId, out_ref: &str) -> Result<bool, StoreError> {
    Ok(store
        .get(Tree::Meta, &meta::refused(garden, out_ref))?
        .is_some())
}

/// The room's notice: an answer could not be delivered, and why.
fn notice(garden: &GardenId, out_ref: &str, lang: Lang, tz: Tz, reason: &str) -> Outgoing {
    let reason: String = reason.chars().take(REASON_SHOWN).collect();
    Outgoing {
        garden: garden.clone(),
        out_ref: format!("{NOTICE_PREFIX}{out_ref}"),
        lang,
        tz,
        dest: Dest::Room,
        action: Action::Post {
            text: Text::one(Msg::new("message-refused").text("reason", reason)),
            mentions: Vec::new(),
            root_of: None,
            reply_to: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{MemoryStore, key};

    fn answer(garden: &GardenId, out_ref: &str) -> Outgoing {
        Outgoing {
            garden: garden.clone(),
            out_ref: out_ref.to_owned(),
            lang: Lang::Fr,
            tz: chrono_tz::Europe::Paris,
            dest: Dest::Room,
            action: Action::Post {
                text: Text::one(Msg::new("status-none")),
                mentions: Vec::new(),
                root_of: None,
                reply_to: None,
            },
        }
    }

    /// As the engine writes it: the outbox entry the sender works from.
    fn queue(store: &MemoryStore, o: &Outgoing) {
        let mut tx = Tx::new(store);
        let k = key(&[o.garden.as_str().as_bytes(), o.out_ref.as_bytes()]);
        tx.put(Tree::Outbox, k, o).expect("outbox");
        store.apply(&tx.into_batch()).expect("apply");
    }

    fn outbox_len(store: &MemoryStore) -> usize {
        store.scan_prefix(Tree::Outbox, &[]).expect("scan").len()
    }

    #[test]
    fn a_refused_answer_stays_in_the_outbox_and_the_room_is_told_once() {
        let store = MemoryStore::new();
        let g = GardenId::new("!g:localhost");
        let (a, b) = (answer(&g, "$e1.0"), answer(&g, "$e2.0"));
        queue(&store, &a);
        queue(&store, &b);

        let first = keep(&store, &a, "M_FORBIDDEN: You don't have permission", 1).expect("keep");
        assert_eq!(first.total, 1);
        let notice = first.notice.expect("the room is told");
        assert_eq!(notice.dest, Dest::Room);
        for (lang, words) in [
            (Lang::Fr, "Une réponse du bot n'a pas pu être publiée"),
            (Lang::En, "One of the bot's answers could not be posted"),
        ] {
            let text =
                crate::i18n::render(lang, chrono_tz::Europe::Paris, notice.text().expect("text"));
            assert!(text.body.contains(words), "{}", text.body);
            assert!(text.body.contains("M_FORBIDDEN"), "{}", text.body);
            assert!(!text.body.contains("{$") && !text.html.contains("{$"));
        }

        // A second refusal, and the notice's own: counted, kept, told no more.
        let second = keep(&store, &b, "M_FORBIDDEN", 2).expect("keep");
        assert_eq!((second.total, second.notice), (2, None));
        let third = keep(&store, &notice, "M_FORBIDDEN", 3).expect("keep");
        assert_eq!((third.total, third.notice), (3, None));
        assert_eq!(outbox_len(&store), 2, "nothing left the outbox");
        assert!(is_refused(&store, &g, "$e1.0").expect("read"));
        let why: Option<Refused> = meta::get(&store, &meta::refused(&g, "$e1.0")).expect("read");
        assert_eq!(
            why.map(|r| r.reason).as_deref(),
            Some("M_FORBIDDEN: You don't have permission")
        );

        // Once something got through, a later refusal is told again.
        let mut tx = Tx::new(&store);
        delivered(&mut tx, &g, "$e1.0").expect("delivered");
        store.apply(&tx.into_batch()).expect("apply");
        assert!(!is_refused(&store, &g, "$e1.0").expect("read"));
        let later = keep(&store, &answer(&g, "$e3.0"), "M_FORBIDDEN", 4).expect("keep");
        assert!(later.notice.is_some());
        // Another garden is told on its own.
        let other = keep(
            &store,
            &answer(&GardenId::new("!h:localhost"), "$e4.0"),
            "x",
            5,
        )
        .expect("keep");
        assert!(other.notice.is_some());
        assert_eq!(other.total, 5);
    }
}
