//! Command parsing: text in, [`Parsed`] out. Pure; dispatch lives in the engine.

mod parse;
mod types;

pub use parse::{parse, parse_span};
pub use types::*;
