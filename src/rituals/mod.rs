//! Rituals as data: definitions loaded from TOML, and the interpreter that walks runs.

pub mod definition;
pub mod load;
pub mod interpreter;
pub mod run;
pub mod steps;
