//! tuteur: a Matrix bot that runs the rituals of peer-learning gardens.
//!
//! The engine (`engine`, `rituals`, `registers`, `command`) is synchronous and knows nothing
//! of Matrix or sled: transports (`shell`, `matrix`) turn events into
//! [`engine::Incoming`] values and send back the [`engine::Outgoing`] values it returns.

#![recursion_limit = "256"]

pub mod archive;
pub mod clock;
pub mod command;
pub mod commons;
pub mod config;
pub mod control;
pub mod duration;
pub mod engine;
pub mod garden;
pub mod harvest;
pub mod i18n;
pub mod matrix;
pub mod metrics;
pub mod model;
pub mod ops;
pub mod own_text;
pub mod registers;
pub mod rituals;
pub mod shell;
pub mod store;
pub mod store_dir;
pub mod text;
