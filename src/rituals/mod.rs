//! Rituals as data: definitions loaded from TOML, the runs' state, and the interpreter that
//! walks runs through their steps, each step kind answering its own inputs.

pub mod definition;
pub mod diagnostic;
pub mod input;
pub mod interpreter;
pub mod interrupt;
pub mod legacy;
pub mod load;
pub mod loops;
pub mod run;
pub mod shape;
pub mod state;
pub mod steps;
pub mod texts;
pub mod voice;
pub mod weather;
