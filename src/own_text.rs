//! A ritual's own texts as Fluent: a text written in a ritual file (`message.fr = "…"`) is
//! the value of one Fluent message, so it has the built-in messages' placeholders
//! (`{ $id }`), selectors and plurals (`{ $count -> [one] … *[other] … }`). This module
//! turns such a text into Fluent source, and reads what it uses (placeholders, references)
//! and what is wrong with it, for `rituals check` and for the renderer.

use std::collections::BTreeSet;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

/// The id a ritual's own text gets in its one-message Fluent resource.
pub const OWN_ID: &str = "own";

/// Longest own text, in bytes: a message in a room, not a document.
pub const MAX_TEXT_BYTES: usize = 4000;

/// Fluent source defining the message [`OWN_ID`] with `text` as its value.
///
/// Every line becomes an indented continuation line. A line that starts with `[`, `*` or
/// `.` outside any `{ … }` would end a Fluent message (those start variants and
/// attributes), so its first character is written as a literal (`{"*"}`): a facilitator
/// may start a line with `* ` for a list.
pub fn to_ftl(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(OWN_ID);
    out.push_str(" =\n");
    let mut depth = 0usize;
    let mut in_string = false;
    for line in text.lines() {
        if line.trim().is_empty() {
            out.push('\n');
            continue;
        }
        out.push_str("    ");
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        match trimmed.chars().next() {
            Some(c @ ('[' | '*' | '.')) if depth == 0 && !in_string => {
                out.push_str(indent);
                out.push_str(&format!("{{\"{c}\"}}"));
                out.push_str(&trimmed[c.len_utf8()..]);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
        let mut escaped = false;
        for c in line.chars() {
            if in_string {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                '"' if depth > 0 => in_string = true,
                _ => {}
            }
        }
        // A string literal never spans lines in Fluent.
        in_string = false;
    }
    out
}

/// What a text uses, and what is wrong with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// The `$placeholders` it uses, selectors included.
    pub variables: BTreeSet<String>,
    /// Other messages or terms it refers to (`{ other-id }`, `{ -term }`): a ritual's text
    /// stands alone.
    pub references: Vec<String>,
    /// Syntax errors: the line of the text (1-based) and what the parser expected.
    pub errors: Vec<(usize, String)>,
}

/// Reads a text written in a ritual file.
pub fn read(text: &str) -> Reading {
    let source = to_ftl(text);
    let mut reading = Reading::default();
    let resource = match fluent_syntax::parser::parse(source.as_str()) {
        Ok(r) => r,
        Err((r, errors)) => {
            for e in errors {
                let upto = e.pos.start.min(source.len());
                let line = source[..upto].matches('\n').count();
                reading.errors.push((line.max(1), e.kind.to_string()));
            }
            r
        }
    };
    let mut found = false;
    for entry in &resource.body {
        match entry {
            Entry::Message(m) if m.id.name == OWN_ID => {
                found = true;
                if let Some(value) = &m.value {
                    collect(value, &mut reading.variables, &mut reading.references);
                }
            }
            Entry::Message(_) | Entry::Term(_) => {
                reading.errors.push((1, "unexpected message".to_owned()));
            }
            _ => {}
        }
    }
    if !found && reading.errors.is_empty() {
        reading.errors.push((1, "Expected a value".to_owned()));
    }
    reading
}

/// The placeholders and references of a Fluent pattern, variants and arguments included.
pub fn collect(
    pattern: &Pattern<&str>,
    variables: &mut BTreeSet<String>,
    references: &mut Vec<String>,
) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_uses(expression, variables, references);
        }
    }
}

fn expression_uses(
    expression: &Expression<&str>,
    variables: &mut BTreeSet<String>,
    references: &mut Vec<String>,
) {
    match expression {
        Expression::Inline(inline) => inline_uses(inline, variables, references),
        Expression::Select { selector, variants } => {
            inline_uses(selector, variables, references);
            for v in variants {
                collect(&v.value, variables, references);
            }
        }
    }
}

fn inline_uses(
    inline: &InlineExpression<&str>,
    variables: &mut BTreeSet<String>,
    references: &mut Vec<String>,
) {
    match inline {
        InlineExpression::VariableReference { id } => {
            variables.insert(id.name.to_owned());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_uses(a, variables, references);
            }
            for a in &arguments.named {
                inline_uses(&a.value, variables, references);
            }
        }
        InlineExpression::MessageReference { id, .. } => references.push(id.name.to_owned()),
        InlineExpression::TermReference { id, .. } => references.push(format!("-{}", id.name)),
        InlineExpression::Placeable { expression } => {
            expression_uses(expression, variables, references);
        }
        InlineExpression::StringLiteral { .. } | InlineExpression::NumberLiteral { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_reads_as_one_message() {
        let r = read(
            "Bienvenue { $who } !\n\n{ $count ->\n  [one] une voix\n *[other] { $count } voix\n}",
        );
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let vars: Vec<&str> = r.variables.iter().map(String::as_str).collect();
        assert_eq!(vars, ["count", "who"]);
        assert!(r.references.is_empty());
    }

    #[test]
    fn list_lines_stay_text() {
        let r = read("Trois questions :\n* ce qui a marché\n[entre crochets]\n. point");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert!(to_ftl("* a").contains("{\"*\"} a"));
        // Inside a selector, `*[other]` keeps its meaning.
        let r = read("{ $n ->\n   [one] un\n  *[other] plusieurs\n}");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
    }

    #[test]
    fn mistakes_are_found_with_their_line() {
        // The parser notices the missing brace where the placeable should have closed.
        let r = read("ligne une\nligne { $deux\ntrois");
        assert_eq!(r.errors.first().map(|e| e.0), Some(3), "{:?}", r.errors);
        let r = read("voir { autre-message } et { -terme }");
        assert_eq!(r.references, ["autre-message", "-terme"]);
        assert!(!read("").errors.is_empty());
    }
}
