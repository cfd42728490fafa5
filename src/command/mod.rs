//! Command parsing: text in, [`Parsed`] out. Pure; dispatch lives in the engine.

mod deadline;
mod parse;
mod types;

pub use deadline::{DEADLINE_HOUR, DeadlineError, parse_deadline};
pub use parse::{command_by_name, parse, parse_span, suggest};
pub use types::*;
