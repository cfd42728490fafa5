//! Rituals as data: definitions loaded from TOML, and the interpreter that walks runs.

pub mod definition;
pub mod interpreter;
pub mod load;
pub mod run;
pub mod steps;
