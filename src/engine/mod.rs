//! The sans-I/O engine: `Incoming` in, `Outgoing` out. No Matrix, sled, tokio or wall clock
//! in here: the store is reached through the `Store` trait and time through a `Clock`.

#[cfg(any())]
pub mod ctx;
#[cfg(any())]
mod dispatch;
#[cfg(any())]
mod engine_core;
pub mod garden;
pub mod io;
#[cfg(any())]
mod people;
#[cfg(any())]
mod settings;
#[cfg(any())]
mod views;

#[cfg(any())]
pub use engine_core::{Engine, EngineConfig, EngineError, apology, handled_key};
pub use garden::{Constitution, GardenState, GardenType, Settings};
pub use io::*;
#[cfg(any())]
pub use settings::parse_slot;
