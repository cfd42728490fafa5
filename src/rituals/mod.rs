//! Rituals as data: definitions loaded from TOML, and the interpreter that walks runs.

pub mod definition;
pub mod interpreter;
pub mod interrupt;
pub mod load;
pub mod loops;
pub mod run;
pub mod steps;
