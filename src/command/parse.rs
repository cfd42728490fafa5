//! Stub: replaced by the real parser.
use super::{Parsed, Span};

/// Reads one message.
pub fn parse(_body: &str, _html: Option<&str>, _prefix: &str) -> Parsed {
    Parsed::Text
}

/// Reads a span such as `48h`.
pub fn parse_span(_s: &str) -> Option<Span> {
    None
}
