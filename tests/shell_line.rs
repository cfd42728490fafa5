//! The shell's input grammar under random input: it never panics, and every
//! well-formed line is read back as what it says (speaker, place, text or reaction).

use proptest::prelude::*;
use tuteur::model::{RunId, RunKind};
use tuteur::shell::{Line, Where, parse_line};

fn place() -> impl Strategy<Value = (String, Where)> {
    prop_oneof![
        Just((String::new(), Where::Main)),
        Just((" (dm)".to_owned(), Where::Direct)),
        (0usize..RunKind::ALL.len(), 1u32..10_000).prop_map(|(k, n)| {
            let id = RunId::new(RunKind::ALL[k], n);
            (format!(" [{id}]"), Where::Thread(id))
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn never_panics_on_any_line(raw in any::<String>()) {
        let _ = parse_line(&raw);
    }

    #[test]
    fn never_panics_on_lines_that_look_almost_right(
        who in "[a-z@]{0,6}",
        tag in "( \\[[A-Za-z0-9#]{0,4}\\]| \\(d?m?\\))?",
        text in "[+#/ a-z0-9🌱✅]{0,12}",
    ) {
        let _ = parse_line(&format!("{who}{tag}> {text}"));
        let _ = parse_line(&format!("/{text}"));
    }

    #[test]
    fn a_member_line_is_read_back(
        who in "[a-z][a-z0-9_.-]{0,11}",
        (tag, place) in place(),
        text in "[^>+#\\s][^\\r\\n]{0,60}",
    ) {
        let line = parse_line(&format!("{who}{tag}> {text}"));
        prop_assert_eq!(line, Line::Say { who, place, text: text.trim().to_owned() });
    }

    #[test]
    fn a_reaction_line_is_read_back(
        who in "[a-z][a-z0-9]{0,8}",
        (tag, place) in place(),
        key in prop_oneof![Just("✅"), Just("✋"), Just("🌱"), Just("👍")],
        target in proptest::option::of(1u64..1_000_000),
    ) {
        let shown = target.map_or(String::new(), |n| format!(" #{n}"));
        let line = parse_line(&format!("{who}{tag}> +{key}{shown}"));
        prop_assert_eq!(line, Line::React { who, place, key: key.to_owned(), target });
    }

    #[test]
    fn an_advance_line_moves_the_clock_by_what_it_says(n in 1i64..300, unit in 0usize..3) {
        let (word, minutes) = [("m", 1), ("h", 60), ("j", 24 * 60)][unit];
        let line = format!("/avance {n}{word}");
        let moved = matches!(parse_line(&line), Line::Advance(span) if span.minutes == n * minutes);
        prop_assert!(moved, "{} did not advance by {} minutes", line, n * minutes);
    }
}
