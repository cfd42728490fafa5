//! Listings in pages, and members' texts cut short in them, so that no answer grows with a
//! garden's history past what one Matrix event can hold (65,536 bytes, HTML included).
//!
//! A page holds [`PER_PAGE`] entries and each member's text in an entry at most [`EXCERPT`]
//! characters: a page of any listing stays a few kilobytes. (The Matrix transport splits
//! any message still too large; this keeps listings readable long before that.)

use std::ops::Range;

use crate::command::CommandName;
use crate::model::{Lang, Msg, UserId};

/// Entries per page of a listing.
pub const PER_PAGE: usize = 10;

/// Characters of a member's text shown in one listing line.
pub const EXCERPT: usize = 200;

/// People named in one line (who a step waits for); the others are counted.
pub const NAMED: usize = 10;

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Its number, from 1.
    pub number: usize,
    /// How many pages the listing has (at least 1).
    pub pages: usize,
    /// The entries it shows, as positions in the whole listing.
    pub range: Range<usize>,
}

/// Page `asked` (from 1; 0 counts as 1) of a listing of `total` entries, or the refusal
/// naming the last page when there is no such page.
pub fn page(total: usize, asked: u32, command: CommandName, lang: Lang) -> Result<Page, Msg> {
    let pages = total.div_ceil(PER_PAGE).max(1);
    let number = (asked as usize).max(1);
    if number > pages {
        return Err(Msg::new("page-empty")
            .num("pages", pages as i64)
            .text("command", command.local(lang)));
    }
    let start = (number - 1) * PER_PAGE;
    Ok(Page {
        number,
        pages,
        range: start..(start + PER_PAGE).min(total),
    })
}

impl Page {
    /// The last line of a page: where the next page is, or that this is the last one.
    /// None for a listing that fits on one page.
    pub fn footer(&self, command: CommandName, lang: Lang) -> Option<Msg> {
        if self.pages <= 1 {
            return None;
        }
        let m = if self.number < self.pages {
            Msg::new("page-footer")
                .num("next", self.number as i64 + 1)
                .text("command", command.local(lang))
        } else {
            Msg::new("page-last")
        };
        Some(
            m.num("page", self.number as i64)
                .num("pages", self.pages as i64),
        )
    }
}

/// A member's text as a listing shows it: at most [`EXCERPT`] characters, then `…`.
pub fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT) {
        Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
        None => text.to_owned(),
    }
}

/// The first [`NAMED`] people of a list, and how many more there are.
pub fn named_first(people: Vec<(UserId, String)>) -> (Vec<(UserId, String)>, usize) {
    let more = people.len().saturating_sub(NAMED);
    let mut people = people;
    people.truncate(NAMED);
    (people, more)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_the_listing_and_refuse_past_the_end() {
        let p = page(25, 1, CommandName::Status, Lang::Fr).expect("page 1");
        assert_eq!((p.number, p.pages, p.range.clone()), (1, 3, 0..10));
        assert_eq!(
            page(25, 3, CommandName::Status, Lang::Fr)
                .expect("page 3")
                .range,
            20..25
        );
        assert_eq!(
            page(0, 0, CommandName::Status, Lang::Fr)
                .expect("empty")
                .range,
            0..0
        );
        let refused = page(25, 4, CommandName::Status, Lang::Fr).expect_err("no page 4");
        assert_eq!(refused.id, "page-empty");
        assert_eq!(
            p.footer(CommandName::Status, Lang::Fr).map(|m| m.id),
            Some("page-footer".to_owned())
        );
        let one = page(3, 1, CommandName::Status, Lang::Fr).expect("one page");
        assert_eq!(one.footer(CommandName::Status, Lang::Fr), None);
    }

    #[test]
    fn excerpts_cut_long_texts_on_a_character_boundary() {
        assert_eq!(excerpt("court"), "court");
        let long = "é".repeat(EXCERPT + 5);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), EXCERPT + 1);
        assert!(cut.ends_with('…'));
    }
}
