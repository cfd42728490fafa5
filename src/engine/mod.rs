//! The sans-I/O engine: `Incoming` in, `Outgoing` out. No Matrix, sled, tokio or wall clock
//! in here: the store is reached through the `Store` trait and time through a `Clock`.

pub mod commons;
pub mod commons_index;
pub mod ctx;
pub mod due;

mod defis;
mod digests;
mod dispatch;

mod engine_config;
mod engine_core;
pub mod garden_rituals;
mod grand_jardin;
mod guided_retour;
pub mod handled;
pub mod io;

mod harvest;
pub mod limits;
pub mod paging;
mod people;
mod privacy;
pub mod schedule;

mod removal;

mod settings;
mod tick;

mod views;

pub use crate::garden::{Constitution, GardenState, GardenType, Settings};
pub use engine_core::{Engine, EngineConfig, EngineError, apology};
pub use handled::handled_key;
pub use io::*;

pub use settings::parse_slot;
