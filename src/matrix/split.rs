//! Messages too large for one Matrix event, cut into several that fit.
//!
//! Synapse refuses an event over 65,536 bytes (`413 M_TOO_LARGE`), HTML included. A bot
//! answer is a list of lines (one [`Msg`] each), so a long one is sent as several messages,
//! cut between lines, each after the first opening with "(continued, 2 of 3)". A single
//! line too long for any message (a member's very long text repeated back) is shortened,
//! with a note saying so and where the whole text still is.
//!
//! Pure: the caller says how large the event content of a candidate would be (it knows the
//! relation, mentions and outbox mark that go with it), so the same code is tested here
//! against the real content builder without a homeserver.

use chrono_tz::Tz;

use crate::i18n::{Rendered, escape_html, render};
use crate::model::{Lang, Msg, Text};

/// Bytes of event content (JSON) one message may use: Synapse's 65,536 per event leave
/// room for the event's own fields (ids, hashes, signatures).
pub const CONTENT_BUDGET: usize = 56 * 1024;

/// Below this the budget is not halved again after a refusal as too large.
pub const MIN_BUDGET: usize = 4 * 1024;

/// The part number shown while measuring, as wide as any real one.
const WIDEST_PART: i64 = 999;

/// One message of a split answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// What it says.
    pub rendered: Rendered,
    /// How many lines of the answer it carries (a shortened line counts as carried).
    pub lines: usize,
}

/// The pieces that carry `lines`, each measuring at most `budget` by `size`. Parts are
/// numbered from `first_part` (1 for a whole answer; more when its first parts are sent
/// already); every part but the first of the answer opens with its number.
pub fn pieces(
    lang: Lang,
    tz: Tz,
    lines: &[Msg],
    first_part: usize,
    budget: usize,
    size: &dyn Fn(&Rendered) -> usize,
) -> Vec<Piece> {
    let whole = render(
        lang,
        tz,
        &Text {
            lines: lines.to_vec(),
        },
    );
    if first_part == 1 && size(&whole) <= budget {
        return vec![Piece {
            rendered: whole,
            lines: lines.len(),
        }];
    }
    let rendered: Vec<Rendered> = lines
        .iter()
        .map(|m| render(lang, tz, &Text::one(m.clone())))
        .collect();
    // Group lines greedily, measuring with the widest part label.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    while start < rendered.len() {
        let part = first_part + groups.len();
        let label = label(lang, tz, part, WIDEST_PART);
        let mut end = start + 1;
        while end < rendered.len() && size(&join(label.as_ref(), &rendered[start..=end])) <= budget
        {
            end += 1;
        }
        groups.push((start, end));
        start = end;
    }
    let parts = (first_part - 1 + groups.len()) as i64;
    groups
        .iter()
        .enumerate()
        .map(|(i, &(start, end))| {
            let label = label(lang, tz, first_part + i, parts);
            let mut joined = join(label.as_ref(), &rendered[start..end]);
            if size(&joined) > budget {
                // Only a single line can be over: shorten it.
                joined = shortened(lang, tz, label.as_ref(), &rendered[start], budget, size);
            }
            Piece {
                rendered: joined,
                lines: end - start,
            }
        })
        .collect()
}

/// A rendered text that must go as one message (an edit): as it is when it fits, else
/// shortened with the note.
pub fn fit_one(
    lang: Lang,
    tz: Tz,
    text: Rendered,
    budget: usize,
    size: &dyn Fn(&Rendered) -> usize,
) -> Rendered {
    if size(&text) <= budget {
        return text;
    }
    shortened(lang, tz, None, &text, budget, size)
}

/// "(continued, n of m)" for every part but the first.
fn label(lang: Lang, tz: Tz, part: usize, parts: i64) -> Option<Rendered> {
    (part > 1).then(|| {
        render(
            lang,
            tz,
            &Text::one(
                Msg::new("message-continued")
                    .num("part", part as i64)
                    .num("parts", parts),
            ),
        )
    })
}

/// Lines joined as one message, as [`render`] joins them.
fn join(label: Option<&Rendered>, lines: &[Rendered]) -> Rendered {
    let all = || label.into_iter().chain(lines);
    Rendered {
        body: all()
            .map(|r| r.body.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        html: all()
            .map(|r| r.html.as_str())
            .collect::<Vec<_>>()
            .join("<br/>"),
    }
}

/// The longest beginning of `line` that fits with the note; its HTML is the escaped plain
/// text (a pill cut in half would be broken markup).
fn shortened(
    lang: Lang,
    tz: Tz,
    label: Option<&Rendered>,
    line: &Rendered,
    budget: usize,
    size: &dyn Fn(&Rendered) -> usize,
) -> Rendered {
    let chars: Vec<(usize, char)> = line.body.char_indices().collect();
    let compose = |keep: usize| {
        let cut = chars.get(keep).map_or(line.body.len(), |(i, _)| *i);
        let head = &line.body[..cut];
        let note = render(
            lang,
            tz,
            &Text::one(Msg::new("message-shortened").num("dropped", (chars.len() - keep) as i64)),
        );
        let kept = Rendered {
            body: head.to_owned(),
            html: escape_html(head),
        };
        join(label, &[kept, note])
    };
    // Binary search on the characters kept: about twenty measures for any line.
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if size(&compose(mid)) <= budget {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    compose(lo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::meta::OutboxMark;
    use crate::matrix::send::{Relation, notice};
    use crate::model::{GardenId, UserId};
    use chrono_tz::Europe::Paris;

    /// The size of the real event content, as the outbox builds it.
    fn content_size(r: &Rendered) -> usize {
        let mark = OutboxMark {
            garden: GardenId::new("!jardin:localhost"),
            out_ref: "$event.0~12".into(),
            root_of: None,
            thread: None,
        };
        let rel = Relation::Thread {
            root: "$root:localhost".into(),
            latest: "$latest:localhost".into(),
            reply_to: None,
        };
        let people = [UserId::new("@alice:localhost")];
        serde_json::to_vec(&notice(r, &people, &rel, &mark)).map_or(usize::MAX, |v| v.len())
    }

    /// About 200 KiB of decision lines, each with a member's pill and HTML-heavy text.
    fn long_answer() -> Vec<Msg> {
        let alice = UserId::new("@alice:localhost");
        let text = "Composter <ensemble> & \"partager\" les outils ; ".repeat(4);
        (0..1000)
            .map(|i| {
                Msg::new("decisions-line")
                    .text("id", format!("D{i}"))
                    .text("outcome", "adopted")
                    .time(
                        "at",
                        chrono::DateTime::from_timestamp(1_800_000_000, 0).expect("a date"),
                    )
                    .text("text", text.clone())
                    .user("proposer", &alice, "Alice")
                    .num("rounds", 1)
                    .num("objections", 0)
                    .num("versions", 1)
            })
            .collect()
    }

    fn checked(lang: Lang, pieces: &[Piece]) {
        for p in pieces {
            assert!(!p.rendered.body.contains("{$"), "{}", p.rendered.body);
            assert!(!p.rendered.body.contains("message-"), "{lang:?}: raw id");
        }
    }

    #[test]
    fn a_200_kib_answer_is_split_between_lines_into_messages_under_the_limit() {
        for lang in [Lang::Fr, Lang::En] {
            let lines = long_answer();
            let whole = render(
                lang,
                Paris,
                &Text {
                    lines: lines.clone(),
                },
            );
            assert!(
                content_size(&whole) > 200 * 1024,
                "the answer is over 200 KiB: {}",
                content_size(&whole)
            );
            let pieces = pieces(lang, Paris, &lines, 1, CONTENT_BUDGET, &content_size);
            assert!(pieces.len() >= 4, "{} pieces", pieces.len());
            for p in &pieces {
                let size = content_size(&p.rendered);
                assert!(size <= CONTENT_BUDGET, "a piece of {size} bytes");
                assert!(size + 8 * 1024 < 65_536);
            }
            checked(lang, &pieces);
            // Every line once, in order; parts after the first say which they are.
            assert_eq!(pieces.iter().map(|p| p.lines).sum::<usize>(), lines.len());
            let mut bodies = Vec::new();
            for (i, p) in pieces.iter().enumerate() {
                let mut b: Vec<&str> = p.rendered.body.lines().collect();
                if i > 0 {
                    let want = match lang {
                        Lang::Fr => format!("(suite {} sur {})", i + 1, pieces.len()),
                        Lang::En => format!("(continued, {} of {})", i + 1, pieces.len()),
                    };
                    assert_eq!(b.remove(0), want);
                }
                bodies.extend(b);
            }
            assert_eq!(bodies.join("\n"), whole.body);
        }
    }

    #[test]
    fn a_short_answer_is_one_piece_as_rendered() {
        let lines = vec![Msg::new("status-none")];
        let pieces = pieces(Lang::Fr, Paris, &lines, 1, CONTENT_BUDGET, &content_size);
        assert_eq!(pieces.len(), 1);
        assert_eq!(pieces[0].rendered.body, "Aucun rituel en cours.");
    }

    #[test]
    fn a_single_line_too_long_for_any_message_is_shortened_with_a_note() {
        let huge = "é<b>".repeat(50_000);
        let lines = vec![
            Msg::new("status-none"),
            Msg::new("record-text").text("text", huge),
        ];
        for lang in [Lang::Fr, Lang::En] {
            let pieces = pieces(lang, Paris, &lines, 1, CONTENT_BUDGET, &content_size);
            assert_eq!(pieces.len(), 2);
            let last = &pieces[1].rendered;
            assert!(content_size(last) <= CONTENT_BUDGET);
            // Shortened close to the budget, not to a stub.
            assert!(content_size(last) > CONTENT_BUDGET - 1024);
            let note = match lang {
                Lang::Fr => "caractères ne tenaient pas dans un message",
                Lang::En => "characters did not fit in one message",
            };
            assert!(
                last.body.contains(note),
                "{}",
                &last.body[last.body.len() - 300..]
            );
            assert!(last.html.contains("&lt;b&gt;") && !last.html.contains("<b>"));
            checked(lang, &pieces);
        }
        // Parts numbered on from parts already sent.
        let rest = pieces(
            Lang::En,
            Paris,
            &lines[1..],
            3,
            CONTENT_BUDGET,
            &content_size,
        );
        assert!(rest[0].rendered.body.starts_with("(continued, 3 of 3)"));
    }

    #[test]
    fn an_edit_too_long_is_shortened_into_one_message() {
        let text = render(
            Lang::Fr,
            Paris,
            &Text::one(Msg::new("record-text").text("text", "x".repeat(100_000))),
        );
        let fitted = fit_one(Lang::Fr, Paris, text, CONTENT_BUDGET, &content_size);
        assert!(content_size(&fitted) <= CONTENT_BUDGET);
        assert!(fitted.body.contains("Raccourci"));
    }
}
