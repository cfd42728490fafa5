//! One module per step kind: what entering, an input and closing do for that kind.

pub mod answer;
pub mod consent;
pub mod nominate;
pub mod record;
pub mod round;
